package org.tbptt4j.examples;

import java.nio.file.Files;
import java.nio.file.Path;
import org.tbptt4j.data.Layout;
import org.tbptt4j.data.MemoryTasks;

/**
 * Writes Pitis' binary series ({@link MemoryTasks#pitis}: x_t a fair coin, y_t = 1 with probability
 * 0.5 + 0.5 x_{t-3} - 0.25 x_{t-8}) as a CSV {@code x,y}, one row per step, for {@code bench/lag8.sh}.
 * A model that uses both lags reaches 0.454 nats of binary cross-entropy (a Brier score of 0.156);
 * one that uses lag 3 alone 0.520 nats (0.172).
 *
 * <p>{@code java -cp cli/target/tbptt4j.jar examples/src/main/java/org/tbptt4j/examples/PitisSeries.java OUT.csv STEPS SEED}
 */
public final class PitisSeries {

    private PitisSeries() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "pitis.csv");
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 20000;
        long seed = args.length > 2 ? Long.parseLong(args[2]) : 11;
        Layout l = MemoryTasks.pitis(1, steps, seed);
        StringBuilder s = new StringBuilder("x,y\n");
        for (int t = 0; t < steps; t++) {
            s.append((int) l.x()[t]).append(',').append((int) l.y()[t]).append('\n');
        }
        Files.writeString(out, s.toString());
    }
}
