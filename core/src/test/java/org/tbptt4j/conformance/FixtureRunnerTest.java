package org.tbptt4j.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.tbptt4j.model.Precision;

/**
 * The conformance runner: the six cell fixtures pass in both precisions; malformed and perturbed
 * copies fail with a message that names the file and the field.
 */
class FixtureRunnerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> CELLS = List.of("cell_gru_0", "cell_gru_1", "cell_lstm_0", "cell_lstm_1",
            "cell_rnn_0", "cell_rnn_1");

    @TempDir
    Path tmp;

    static Path fixtures() {
        Path dir = Path.of(System.getProperty("tbptt4j.fixtures", "../../shared/fixtures"));
        assertThat(Files.isDirectory(dir)).as("fixture folder " + dir.toAbsolutePath()).isTrue();
        return dir;
    }

    static Stream<Arguments> cellFixtures() {
        return CELLS.stream().flatMap(n -> Stream.of(Arguments.of(n, Precision.F32), Arguments.of(n, Precision.F64)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cellFixtures")
    void cellFixturePasses(String name, Precision precision) {
        FixtureResult r = new FixtureRunner(precision).run(fixtures().resolve(name + ".json"));
        assertThat(r.passed()).as(r.line()).isTrue();
        assertThat(r.name()).isEqualTo(name);
        assertThat(r.failure()).isNull();
        assertThat(r.maxRelError()).isFinite().isLessThanOrEqualTo(precision == Precision.F64 ? 1e-9 : 1e-4);
        assertThat(r.line()).startsWith("PASS " + name + " ");
    }

    @Test
    void float64IsFarTighterThanFloat32() {
        Path f = fixtures().resolve("cell_lstm_1.json");
        double e64 = new FixtureRunner(Precision.F64).run(f).maxRelError();
        double e32 = new FixtureRunner(Precision.F32).run(f).maxRelError();
        assertThat(e64).isLessThan(e32);
        assertThat(e32).as("float32 really is float32").isGreaterThan(1e-9);
    }

    @Test
    void runAllOverCopiesOfTheCellFixtures() throws IOException {
        for (String n : CELLS) {
            Files.copy(fixtures().resolve(n + ".json"), tmp.resolve(n + ".json"));
        }
        Files.writeString(tmp.resolve("notes.txt"), "not a fixture");
        Files.createDirectory(tmp.resolve("sub.json")); // a folder named like a fixture is not one
        assertThat(FixtureRunner.fixtureFiles(tmp)).extracting(p -> p.getFileName().toString())
                .containsExactly(CELLS.stream().map(n -> n + ".json").toArray(String[]::new));
        List<FixtureResult> results = new FixtureRunner(Precision.F64).runAll(tmp);
        assertThat(results).extracting(FixtureResult::name).containsExactlyElementsOf(CELLS);
        assertThat(results).allSatisfy(r -> assertThat(r.passed()).as(r.line()).isTrue());
    }

    @Test
    void fixtureFilesRejectsANonDirectory() throws IOException {
        Path missing = tmp.resolve("nowhere");
        assertThatThrownBy(() -> FixtureRunner.fixtureFiles(missing)).isInstanceOf(IOException.class)
                .hasMessageContaining("nowhere");
        Path file = Files.writeString(tmp.resolve("a.json"), "{}");
        assertThatThrownBy(() -> FixtureRunner.fixtureFiles(file)).isInstanceOf(IOException.class);
    }

    /** Writes a copy of a real fixture, changed by edit, into the temp folder. */
    private Path mutated(String source, String target, Consumer<ObjectNode> edit) throws IOException {
        ObjectNode root = (ObjectNode) JSON.readTree(fixtures().resolve(source + ".json").toFile());
        edit.accept(root);
        Path out = tmp.resolve(target + ".json");
        JSON.writeValue(out.toFile(), root);
        return out;
    }

    private static void assertFails(FixtureResult r, String name, String... fragments) {
        assertThat(r.passed()).as(r.line()).isFalse();
        assertThat(r.name()).isEqualTo(name);
        assertThat(r.line()).startsWith("FAIL " + name + ": ");
        assertThat(r.failure()).as("the message names the file").contains(name + ".json");
        for (String f : fragments) {
            assertThat(r.failure()).contains(f);
        }
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void wrongInnerLengthNamesTheIndexPath(Precision p) throws IOException {
        // x is (B, T, F): drop one step from row 1
        Path f = mutated("cell_gru_0", "bad_x", root -> ((ArrayNode) root.get("x").get(1)).remove(0));
        assertFails(new FixtureRunner(p).run(f), "bad_x", "field x[1]", "expected an array of");
    }

    @Test
    void wrongInnermostLengthNamesTheFullPath() throws IOException {
        Path f = mutated("cell_rnn_0", "bad_x2", root -> ((ArrayNode) root.get("x").get(0).get(1)).add(1.0));
        assertFails(new FixtureRunner(Precision.F64).run(f), "bad_x2", "x[0][1]");
    }

    @Test
    void nonNumberNamesTheElement() throws IOException {
        Path f = mutated("cell_rnn_0", "bad_value", root -> ((ArrayNode) root.get("h0").get(1)).set(0, "oops"));
        assertFails(new FixtureRunner(Precision.F64).run(f), "bad_value", "h0[1][0]", "expected a number");
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void missingFieldIsNamed(Precision p) throws IOException {
        Path f = mutated("cell_lstm_0", "no_h0", root -> root.remove("h0"));
        assertFails(new FixtureRunner(p).run(f), "no_h0", "h0", "missing");
    }

    @Test
    void missingLstmCellStateIsNamed() throws IOException {
        Path f = mutated("cell_lstm_0", "no_c0", root -> root.remove("c0"));
        assertFails(new FixtureRunner(Precision.F64).run(f), "no_c0", "c0", "missing");
    }

    @Test
    void missingNestedParameterIsNamedWithItsPath() throws IOException {
        Path f = mutated("cell_gru_1", "no_whh", root -> ((ObjectNode) root.get("params")).remove("weight_hh"));
        assertFails(new FixtureRunner(Precision.F64).run(f), "no_whh", "params.weight_hh", "missing");
    }

    @Test
    void nonIntegerDimensionIsNamed() throws IOException {
        Path f = mutated("cell_gru_0", "bad_b", root -> root.put("B", 2.5));
        assertFails(new FixtureRunner(Precision.F64).run(f), "bad_b", "field B", "integer");
    }

    @Test
    void unknownCellIsNamed() throws IOException {
        Path f = mutated("cell_gru_0", "bad_cell", root -> root.put("cell", "transformer"));
        assertFails(new FixtureRunner(Precision.F64).run(f), "bad_cell", "cell", "transformer");
    }

    @Test
    void unknownWhatIsNamed() throws IOException {
        Path f = mutated("cell_gru_0", "bad_what", root -> root.put("what", "magic"));
        assertFails(new FixtureRunner(Precision.F64).run(f), "bad_what", "what", "magic");
    }

    @Test
    void invalidJsonNamesTheFile() throws IOException {
        Path f = Files.writeString(tmp.resolve("broken.json"), "{\"what\": \"cell\", \"B\": [1, 2");
        assertFails(new FixtureRunner(Precision.F32).run(f), "broken", "JSON");
    }

    @Test
    void nonObjectJsonNamesTheFile() throws IOException {
        Path f = Files.writeString(tmp.resolve("array.json"), "[1, 2, 3]");
        assertFails(new FixtureRunner(Precision.F32).run(f), "array", "object");
        Path empty = Files.writeString(tmp.resolve("empty.json"), "");
        FixtureResult r = new FixtureRunner(Precision.F32).run(empty);
        assertThat(r.passed()).isFalse();
        assertThat(r.failure()).contains("empty.json");
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void perturbedOutputFailsNamingOutput(Precision p) throws IOException {
        Path f = mutated("cell_lstm_1", "perturbed", root -> {
            ArrayNode row = (ArrayNode) root.get("output").get(1).get(2);
            row.set(0, DoubleNode.valueOf(row.get(0).doubleValue() + 0.01));
        });
        FixtureResult r = new FixtureRunner(p).run(f);
        assertThat(r.passed()).as(r.line()).isFalse();
        assertThat(r.failure()).startsWith("output differs").contains("relative error");
        assertThat(r.maxRelError()).isGreaterThan(1e-3);
        assertThat(r.line()).startsWith("FAIL perturbed: output");
    }

    @Test
    void perturbedGradientFailsNamingTheTensor() throws IOException {
        Path f = mutated("cell_rnn_1", "perturbed_grad", root -> {
            ArrayNode row = (ArrayNode) root.get("grads").get("weight_hh").get(0);
            row.set(0, DoubleNode.valueOf(row.get(0).doubleValue() * 1.01 + 1e-3));
        });
        FixtureResult r = new FixtureRunner(Precision.F64).run(f);
        assertThat(r.passed()).isFalse();
        assertThat(r.failure()).contains("grads.weight_hh");
    }

    @Test
    void perturbationBelowTheFloat32ToleranceStillFailsInFloat64() throws IOException {
        // 1e-7 relative to the tensor's scale: inside float32's 1e-5, outside float64's 1e-9
        Path f = mutated("cell_gru_1", "tiny", root -> {
            double scale = 0;
            for (var b : root.get("h_final")) {
                for (var v : b) {
                    scale = Math.max(scale, Math.abs(v.doubleValue()));
                }
            }
            ArrayNode row = (ArrayNode) root.get("h_final").get(0);
            row.set(0, DoubleNode.valueOf(row.get(0).doubleValue() + 1e-7 * scale));
        });
        assertThat(new FixtureRunner(Precision.F32).run(f).passed()).isTrue();
        FixtureResult r = new FixtureRunner(Precision.F64).run(f);
        assertThat(r.passed()).isFalse();
        assertThat(r.failure()).contains("h_final");
    }

    @Test
    void comparisonFailsOnNanAnywhereInTheTensor() {
        Comparison last = new Comparison();
        last.tensor("t", new double[] {0.1, Double.NaN}, new double[] {0.1, 0.5}, 1e-9);
        assertThat(last.failure()).as("NaN as the last element").isNotNull().startsWith("t differs");
        Comparison mismatch = new Comparison();
        mismatch.tensor("t", new double[] {0.1, 0.6}, new double[] {0.1, 0.5}, 1e-9);
        assertThat(mismatch.failure()).contains("flat index 1");
        Comparison fine = new Comparison();
        fine.tensor("t", new double[] {0.1, 0.5}, new double[] {0.1, 0.5}, 1e-9);
        assertThat(fine.failure()).isNull();
        assertThat(fine.maxError()).isZero();
    }

    @Test
    void comparisonFailsOnNanFollowedByFiniteValues() {
        Comparison c = new Comparison();
        c.tensor("t", new double[] {Double.NaN, 0.5}, new double[] {0.1, 0.5}, 1e-9);
        assertThat(c.failure()).as("NaN at flat index 0").isNotNull().contains("t differs");
        assertThat(c.maxError()).isGreaterThan(1e-9);
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"B", "H"})
    void negativeDimensionIsAFailNamingTheField(String field) throws IOException {
        Path f = mutated("cell_gru_0", "negative", root -> root.put(field, -1));
        FixtureResult r = new FixtureRunner(Precision.F64).run(f);
        assertFails(r, "negative", field);
    }
}
