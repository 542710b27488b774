package org.tbptt4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code tbptt4j completion}: picocli's bash script, generated from the commands as they are. */
class CompletionCommandTest {

    @Test
    void theScriptCompletesEveryCommandAndTheOptionsEnginesAdd() {
        PlanCommandTest.Run r = PlanCommandTest.run("completion");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).contains("complete -F _complete_tbptt4j").contains("_picocli_tbptt4j_grid")
                .contains("_picocli_tbptt4j_train").contains("_picocli_tbptt4j_completion");
        // options from a mixin, from an annotation, and from an engine provider
        assertThat(r.out()).contains("--verbose").contains("--strategies").contains("--workers").contains("--slots");
    }
}
