package org.tbptt4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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
}
