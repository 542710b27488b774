package org.tbptt4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Runs the examples briefly (from the project root, where their data paths point) and checks what they print. */
class ExamplesRunTest {

    private static String run(ThrowingMain main, String... args) throws Exception {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            main.run(args);
        } finally {
            System.setOut(old);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }

    interface ThrowingMain {
        void run(String[] args) throws Exception;
    }

    @Test
    void quickStartShowsTheLossFalling() throws Exception {
        List<String> lines = run(QuickStart::main, "4").lines().toList();
        assertThat(lines).hasSize(4);
        double first = Double.parseDouble(lines.get(0).split("\\s+")[3]);
        double last = Double.parseDouble(lines.get(3).split("\\s+")[3]);
        assertThat(last).isLessThan(first);
    }
}
