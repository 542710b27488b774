package org.tbptt4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every command that trains or predicts on its own thread takes --threads (grid and demo run single-threaded
 * trials, --workers of them), states its default, and refuses what the kernels cannot use.
 */
class ThreadOptionsTest {

    @ParameterizedTest
    @ValueSource(strings = {"train", "evaluate", "predict", "horizon", "bench"})
    void everyCommandThatTrainsOrPredictsOffersThreads(String command) {
        String help = PlanCommandTest.run(command, "--help").out().replaceAll("\\s+", " "); // as wrapped for the terminal
        assertThat(help).contains("--threads=N").contains("Default: 2 where the machine has two cores");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "3"})
    void threadsTheKernelsCannotUseAreRefused(String n) {
        PlanCommandTest.Run r = PlanCommandTest.run("bench", "--threads", n, "--steps", "100", "--k1", "10", "--warmup", "1");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).startsWith("tbptt4j: --threads must be 1 or 2").endsWith("got " + n).doesNotContain("\tat ");
    }
}
