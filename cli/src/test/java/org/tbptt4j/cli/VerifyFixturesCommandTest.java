package org.tbptt4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tbptt4j verify-fixtures DIR}, driven through {@link Main#execute} with captured output. */
class VerifyFixturesCommandTest {

    private static final List<String> CELLS = List.of("cell_gru_0", "cell_gru_1", "cell_lstm_0", "cell_lstm_1",
            "cell_rnn_0", "cell_rnn_1");

    @TempDir
    Path dir;

    /** The outcome of one command line. */
    private record Run(int exit, String out, String err) {
        List<String> lines() {
            return out.isEmpty() ? List.of() : Arrays.asList(out.split("\\R"));
        }
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit;
        try (PrintWriter o = new PrintWriter(out); PrintWriter e = new PrintWriter(err)) {
            exit = Main.execute(o, e, args);
        }
        return new Run(exit, out.toString(), err.toString());
    }

    private static Path fixtures() {
        Path src = Path.of(System.getProperty("tbptt4j.fixtures", "../../shared/fixtures"));
        assertThat(Files.isDirectory(src)).as("fixture folder " + src.toAbsolutePath()).isTrue();
        return src;
    }

    @BeforeEach
    void copyCellFixtures() throws IOException {
        for (String n : CELLS) {
            Files.copy(fixtures().resolve(n + ".json"), dir.resolve(n + ".json"));
        }
    }

    @Test
    void sixCellFixturesPass() {
        Run r = run("verify-fixtures", dir.toString());
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        List<String> lines = r.lines();
        assertThat(lines).hasSize(7);
        for (int i = 0; i < CELLS.size(); i++) {
            assertThat(lines.get(i)).startsWith("PASS " + CELLS.get(i) + " ");
        }
        assertThat(lines.get(6)).isEqualTo("6 passed, 0 failed");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void jsonGivesEveryFixtureAndTheCountsInOneObject() throws Exception {
        Path broken = dir.resolve("cell_lstm_1.json");
        Files.writeString(broken, Files.readString(broken).replaceFirst("\\d\\.\\d", "9.9"));   // a weight changed: the reference no longer matches
        Run r = run("verify-fixtures", "--json", dir.toString());
        assertThat(r.exit()).isEqualTo(1);
        com.fasterxml.jackson.databind.JsonNode o = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.out());
        assertThat(r.out().strip().lines()).hasSize(1);
        assertThat(o.get("passed").asInt()).isEqualTo(5);
        assertThat(o.get("failed").asInt()).isEqualTo(1);
        assertThat(o.get("fixtures").findValuesAsText("name")).containsExactlyElementsOf(CELLS);
        com.fasterxml.jackson.databind.JsonNode bad = o.get("fixtures").get(CELLS.indexOf("cell_lstm_1"));
        assertThat(bad.get("passed").asBoolean()).isFalse();
        assertThat(bad.get("failure").asText()).isNotBlank();
        assertThat(o.get("fixtures").get(0).get("max_rel_error").asDouble()).isLessThan(1e-5);
    }

    @Test
    void precisionF64Works() {
        Run r = run("verify-fixtures", "--precision", "f64", dir.toString());
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.lines()).filteredOn(l -> l.startsWith("PASS ")).hasSize(6);
        assertThat(r.lines()).last().isEqualTo("6 passed, 0 failed");
        // the float64 errors are far below float32's: every reported error is under 1e-9
        for (String l : r.lines().subList(0, 6)) {
            double err = Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1));
            assertThat(err).as(l).isLessThanOrEqualTo(1e-9);
        }
    }

    @Test
    void malformedFileFailsWithExitOne() throws IOException {
        String text = Files.readString(dir.resolve("cell_rnn_0.json")).replace("\"h0\"", "\"h0_renamed\"");
        Files.writeString(dir.resolve("broken_rnn.json"), text);
        Run r = run("verify-fixtures", dir.toString());
        assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(1);
        assertThat(r.lines()).hasSize(8);
        assertThat(r.lines()).filteredOn(l -> l.startsWith("PASS ")).hasSize(6);
        assertThat(r.lines()).filteredOn(l -> l.startsWith("FAIL "))
                .singleElement()
                .satisfies(l -> assertThat(l).startsWith("FAIL broken_rnn: ").contains("broken_rnn.json").contains("h0"));
        assertThat(r.lines()).last().isEqualTo("6 passed, 1 failed");
        assertThat(r.out() + r.err()).doesNotContain("at org.");
    }

    @Test
    void invalidJsonIsAFailNotACrash() throws IOException {
        Files.writeString(dir.resolve("a_garbage.json"), "{ not json");
        Run r = run("verify-fixtures", dir.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.lines().get(0)).startsWith("FAIL a_garbage: ").contains("a_garbage.json");
        assertThat(r.lines()).last().isEqualTo("6 passed, 1 failed");
        assertThat(r.out() + r.err()).doesNotContain("at org.").doesNotContain("Exception");
    }

    @Test
    void missingDirectoryIsAUsageError() {
        Path missing = dir.resolve("no-such-dir");
        Run r = run("verify-fixtures", missing.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("no-such-dir");
        assertThat(r.err()).doesNotContain("at org.").doesNotContain("\tat ");
        assertThat(r.out()).doesNotContain("passed");
    }

    @Test
    void verboseShowsTheStackTrace() {
        Run r = run("verify-fixtures", "--verbose", dir.resolve("no-such-dir").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("no-such-dir").contains("\tat ");
    }

    @Test
    void folderWithoutFixturesIsAUsageError() throws IOException {
        Path empty = Files.createDirectory(dir.resolve("empty"));
        Run r = run("verify-fixtures", empty.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("no *.json");
        assertThat(r.err()).doesNotContain("at org.");
    }

    @Test
    void noArgumentsIsAUsageError() {
        Run r = run();
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).isNotEmpty().doesNotContain("at org.");
        assertThat(r.out()).doesNotContain("passed");
    }

    @Test
    void verifyFixturesWithoutDirIsAUsageError() {
        Run r = run("verify-fixtures");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("DIR");
    }

    @Test
    void bogusPrecisionIsAUsageError() {
        Run r = run("verify-fixtures", "--precision", "bogus", dir.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("bogus").contains("f32").doesNotContain("at org.");
        assertThat(r.out()).doesNotContain("PASS");
    }
}
