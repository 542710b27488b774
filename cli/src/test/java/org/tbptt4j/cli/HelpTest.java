package org.tbptt4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tbptt4j.experiment.RunConfig;

/** Every command's help renders cleanly (picocli reports bad format strings on System.err) and states defaults. */
class HelpTest {

    @ParameterizedTest
    @ValueSource(strings = {"analyze", "train", "evaluate", "predict", "plan", "grid", "report", "demo", "verify-fixtures",
        "bench", "bench-memory"})
    void helpRendersWithoutWarnings(String command) {
        PrintStream old = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        PlanCommandTest.Run r;
        try {
            r = PlanCommandTest.run(command, "--help");
        } finally {
            System.setErr(old);
        }
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("Usage: tbptt4j " + command);
        assertThat(captured.toString(StandardCharsets.UTF_8)).doesNotContain("WARN");
        if (!command.equals("report") && !command.equals("evaluate")) { // these two have no option with a default
            assertThat(r.out()).contains("Default:");
        }
    }

    @Test
    void trainAndGridShareTheModelOptionsEachWithItsOwnDefaults() {
        ModelOptions train = new picocli.CommandLine(new TrainCommand()).parseArgs("--data", "x.csv").asCommandLineList().get(0)
                .<TrainCommand>getCommand().model;
        RunConfig d = RunConfig.defaults();
        assertThat(List.of(train.hidden, train.epochs, train.patience, train.layers, train.seed))
                .containsExactly(List.of(d.hidden()), d.epochs(), d.patience(), d.layers(), d.seed());
        ModelOptions grid = new picocli.CommandLine(new GridCommand()).parseArgs("--data", "x.csv", "--out", "g")
                .asCommandLineList().get(0).<GridCommand>getCommand().model;
        assertThat(List.of(grid.epochs, grid.patience)).containsExactly(GridCommand.DEFAULT_EPOCHS, GridCommand.DEFAULT_PATIENCE);
        assertThat(grid.given("--epochs")).isFalse();
        assertThat(PlanCommandTest.run("grid", "--help").out()).contains("Default: " + GridCommand.DEFAULT_EPOCHS + ";");
        assertThat(PlanCommandTest.run("train", "--help").out()).contains("Default: " + d.epochs() + ";", "Default: 32.");
    }
}
