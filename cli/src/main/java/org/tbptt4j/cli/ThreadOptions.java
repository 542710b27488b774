package org.tbptt4j.cli;

import picocli.CommandLine.Option;

/**
 * {@code --threads}, the kernel threads of every command that trains or predicts (one mixin, so each
 * spells and checks it alike). The kernels split a large product in two halves, so 1 or 2.
 */
final class ThreadOptions {

    /** What this machine can give: 2 where the JVM sees at least two processors, else 1. */
    static final int DEFAULT = Math.min(2, Runtime.getRuntime().availableProcessors());

    @Option(names = "--threads", paramLabel = "N", description = "Threads for the numeric work: 1 or 2 (training splits the "
            + "batch's rows between the two for whole blocks of steps, and a large product splits in two halves; results are "
            + "identical either way). Default: 2 where the machine has two cores, else 1 (here: ${DEFAULT-VALUE}). On a "
            + "machine shared with other jobs, 1 may be faster.")
    int threads = DEFAULT;

    /** Checks the value and sets it for both engines (float32 and float64). */
    int apply() {
        if (threads < 1 || threads > 2) {
            throw new UserErrors.UserError("--threads must be 1 or 2 (the kernels split a product in two halves), got " + threads);
        }
        org.tbptt4j.f32.Parallel.setThreads(threads);
        org.tbptt4j.f64.Parallel.setThreads(threads);
        return threads;
    }
}
