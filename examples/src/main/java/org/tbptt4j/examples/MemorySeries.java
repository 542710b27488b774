package org.tbptt4j.examples;

import java.nio.file.Files;
import java.nio.file.Path;
import org.tbptt4j.data.Layout;
import org.tbptt4j.data.MemoryTasks;

/**
 * Writes a binary series with a known memory as a CSV {@code x,y}, one row per step, for
 * {@code bench/lag8.sh}:
 * <ul>
 *   <li>{@code pitis}: Pitis' series ({@link MemoryTasks#pitis}: x_t a fair coin, y_t = 1 with
 *       probability 0.5 + 0.5 x_{t-3} - 0.25 x_{t-8}). A model that uses both lags reaches 0.454 nats
 *       of binary cross-entropy (a Brier score of 0.156); one that uses lag 3 alone 0.520 nats (0.172).</li>
 *   <li>{@code echo}: the lag-8 echo ({@link MemoryTasks#echo}: y_t = x_{t-8}), a Brier score of 0
 *       with lag 8, 0.25 without.</li>
 * </ul>
 *
 * <p>{@code java -cp cli/target/tbptt4j.jar examples/src/main/java/org/tbptt4j/examples/MemorySeries.java OUT.csv STEPS SEED [pitis|echo]}
 */
public final class MemorySeries {

    private MemorySeries() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "pitis.csv");
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 20000;
        long seed = args.length > 2 ? Long.parseLong(args[2]) : 11;
        String task = args.length > 3 ? args[3] : "pitis";
        Layout l = switch (task) {
            case "pitis" -> MemoryTasks.pitis(1, steps, seed);
            case "echo" -> MemoryTasks.echo(8, 1, steps, seed);
            default -> throw new IllegalArgumentException("task '" + task + "': use pitis or echo");
        };
        StringBuilder s = new StringBuilder("x,y\n");
        for (int t = 0; t < steps; t++) {
            s.append((int) l.x()[t]).append(',').append((int) l.y()[t]).append('\n');
        }
        Files.writeString(out, s.toString());
    }
}
