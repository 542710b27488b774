package org.tbptt4j.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.tbptt4j.model.CellType;
import org.tbptt4j.model.LossType;
import org.tbptt4j.model.ModelConfig;
import org.tbptt4j.model.ParamLayout;
import org.tbptt4j.model.Precision;

class ModelStoreTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    /** Embedding (vocabulary 7, width 4), two layers of 5, 3 outputs, dropout. */
    private static ModelConfig config(CellType cell) {
        return new ModelConfig(cell, 7, 4, 5, 2, 3, 0.25);
    }

    private static double[] random(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            w[i] = r.nextDouble(-2, 2);
        }
        return w;
    }

    private static SavedModel f64Model(CellType cell) {
        ModelConfig c = config(cell);
        return new SavedModel(c, LossType.CROSS_ENTROPY, Precision.F64, random(new ParamLayout(c).size(), 7));
    }

    // ---- round trips ----

    @ParameterizedTest
    @EnumSource(CellType.class)
    void float32ModelRoundTripsBitExactly(CellType cell) throws IOException {
        ModelConfig c = config(cell);
        org.tbptt4j.f32.Network net = new org.tbptt4j.f32.Network(c);
        net.setParameters(random(net.params.length, 42));
        Path dir = tmp.resolve("m");

        ModelStore.save(dir, new SavedModel(c, LossType.MSE, Precision.F32, net.parametersAsDouble()));
        SavedModel back = ModelStore.load(dir);

        assertThat(back.model()).isEqualTo(c);
        assertThat(back.loss()).isEqualTo(LossType.MSE);
        assertThat(back.precision()).isEqualTo(Precision.F32);
        assertThat(back.extra().isEmpty()).isTrue();
        org.tbptt4j.f32.Network loaded = new org.tbptt4j.f32.Network(back.model());
        loaded.setParameters(back.params());
        for (int i = 0; i < net.params.length; i++) {
            assertThat(Float.floatToIntBits(loaded.params[i])).as("parameter %d", i)
                    .isEqualTo(Float.floatToIntBits(net.params[i]));
        }
    }

    @ParameterizedTest
    @EnumSource(CellType.class)
    void float64ModelRoundTripsExactly(CellType cell) throws IOException {
        SavedModel m = f64Model(cell);
        Path dir = tmp.resolve("m");

        ModelStore.save(dir, m);
        SavedModel back = ModelStore.load(dir);

        assertThat(back.model()).isEqualTo(m.model());
        assertThat(back.loss()).isEqualTo(LossType.CROSS_ENTROPY);
        assertThat(back.precision()).isEqualTo(Precision.F64);
        assertThat(back.params()).containsExactly(m.params());
    }

    @Test
    void extraJsonRoundTrips() throws IOException {
        ObjectNode extra = JSON.createObjectNode();
        extra.putObject("scaler").put("kind", "standard").putArray("mean").add(1.5).add(-2.25);
        extra.putArray("vocabulary").add("a").add("ß").add("日本");
        extra.putObject("training").put("updates", 12345).put("loss", 0.125).putNull("note");
        SavedModel m = f64Model(CellType.GRU);
        Path dir = tmp.resolve("m");

        ModelStore.save(dir, new SavedModel(m.model(), m.loss(), m.precision(), m.params(), extra));

        assertThat(ModelStore.load(dir).extra()).isEqualTo(extra);
    }

    @Test
    void filesFollowTheDocumentedLayout() throws IOException {
        ModelConfig c = ModelConfig.of(CellType.LSTM, 3, 5, 2, 2);
        Path dir = tmp.resolve("m");
        ModelStore.save(dir, new SavedModel(c, LossType.MSE, Precision.F32, random(new ParamLayout(c).size(), 1)));

        String text = Files.readString(dir.resolve("config.json"));
        assertThat(text).contains("\n");
        JsonNode cfg = JSON.readTree(text);
        assertThat(cfg.get("format").asText()).isEqualTo("tbptt4j-model");
        assertThat(cfg.get("version").asInt()).isEqualTo(1);
        assertThat(cfg.get("model").toString()).isEqualTo(
                "{\"cell\":\"lstm\",\"inputs\":3,\"embedding\":0,\"hidden\":5,\"layers\":2,\"outputs\":2,\"dropout\":0.0}");
        assertThat(cfg.get("loss").asText()).isEqualTo("mse");
        assertThat(cfg.get("precision").asText()).isEqualTo("f32");
        assertThat(cfg.get("extra").isObject()).isTrue();

        try (SafeTensors st = SafeTensors.open(dir.resolve("model.safetensors"))) {
            assertThat(st.metadata()).isEqualTo(Map.of("format", "pt", "tbptt4j", "1"));
            assertThat(st.tensors().keySet()).containsExactlyInAnyOrder("weight_ih_l0", "weight_hh_l0", "bias_ih_l0",
                    "bias_hh_l0", "weight_ih_l1", "weight_hh_l1", "bias_ih_l1", "bias_hh_l1", "head.weight", "head.bias");
            assertThat(st.tensor("weight_ih_l0").shape()).containsExactly(20, 3);
            assertThat(st.tensor("weight_hh_l1").shape()).containsExactly(20, 5);
            assertThat(st.tensor("bias_hh_l1").shape()).containsExactly(20);
            assertThat(st.tensor("head.weight").shape()).containsExactly(2, 5);
            assertThat(st.tensors().values()).allMatch(t -> t.dtype() == SafeTensors.DType.F32);
        }
        byte[] bytes = Files.readAllBytes(dir.resolve("model.safetensors"));
        assertThat(headerLength(bytes) % 8).as("data start aligned to 8").isEqualTo(0);
    }

    // ---- overwriting ----

    @Test
    void savingOverAnExistingModelReplacesIt() throws IOException {
        Path dir = tmp.resolve("m");
        ModelStore.save(dir, f64Model(CellType.RNN));
        SavedModel second = f64Model(CellType.LSTM);

        ModelStore.save(dir, second);

        SavedModel back = ModelStore.load(dir);
        assertThat(back.model()).isEqualTo(second.model());
        assertThat(back.params()).containsExactly(second.params());
        assertThat(listing(tmp)).containsExactly("m");
    }

    @Test
    void noTemporaryDirectoryRemainsAfterASave() throws IOException {
        Path dir = tmp.resolve("m");
        ModelStore.save(dir, f64Model(CellType.GRU));

        assertThat(listing(tmp)).containsExactly("m");
        assertThat(listing(dir)).containsExactly("config.json", "model.safetensors");
    }

    @Test
    void refusesToOverwriteAPlainFile() throws IOException {
        Path file = tmp.resolve("notes.txt");
        Files.writeString(file, "keep me");

        assertThatThrownBy(() -> ModelStore.save(file, f64Model(CellType.RNN)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("not a directory");
        assertThat(Files.readString(file)).isEqualTo("keep me");
        assertThat(listing(tmp)).containsExactly("notes.txt");
    }

    @Test
    void refusesToOverwriteADirectoryThatIsNotAModel() throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("photos"));
        Files.writeString(dir.resolve("a.jpg"), "x");

        assertThatThrownBy(() -> ModelStore.save(dir, f64Model(CellType.RNN)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(dir.toString())
                .hasMessageContaining("no config.json");
        assertThat(listing(dir)).containsExactly("a.jpg");
    }

    @Test
    void refusesToOverwriteAModelDirectoryHoldingOtherFiles() throws IOException {
        Path dir = tmp.resolve("m");
        ModelStore.save(dir, f64Model(CellType.RNN));
        Files.writeString(dir.resolve("notes.txt"), "mine");

        assertThatThrownBy(() -> ModelStore.save(dir, f64Model(CellType.GRU)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("notes.txt");
        assertThat(ModelStore.load(dir).model().cell()).isEqualTo(CellType.RNN);
    }

    @Test
    void refusesToSaveNonFiniteParametersAndWritesNothing() {
        SavedModel m = f64Model(CellType.LSTM);
        m.params()[3] = Double.NaN;

        assertThatThrownBy(() -> ModelStore.save(tmp.resolve("m"), m))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("NaN");
        assertThat(listing(tmp)).isEmpty();
    }

    @Test
    void refusesFloat32OverflowOnSave() {
        ModelConfig c = config(CellType.RNN);
        double[] p = random(new ParamLayout(c).size(), 3);
        p[p.length - 1] = 1e300;

        assertThatThrownBy(() -> ModelStore.save(tmp.resolve("m"), new SavedModel(c, LossType.MSE, Precision.F32, p)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("head.bias")
                .hasMessageContaining("float32");
    }

    @Test
    void aFailedWriteLeavesTheOldModelAndNoTemporaryDirectory() throws IOException {
        Path dir = tmp.resolve("m");
        SavedModel first = f64Model(CellType.RNN);
        ModelStore.save(dir, first);

        assertThatThrownBy(() -> AtomicDirectory.write(dir.toAbsolutePath(), dir.toString(), d -> {
            Files.writeString(d.resolve("config.json"), "{}");
            throw new IOException("disk full");
        })).isInstanceOf(IOException.class)
                .hasMessage("cannot write " + dir + ": disk full; the old content is unchanged");

        assertThat(listing(tmp)).containsExactly("m");
        assertThat(ModelStore.load(dir).params()).containsExactly(first.params());
    }

    @Test
    void aReplacedModelKeepsThePermissionsOfItsDirectoryAndFiles() throws IOException {
        Path dir = tmp.resolve("m");
        ModelStore.save(dir, f64Model(CellType.RNN));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-x---"));
        Files.setPosixFilePermissions(dir.resolve(ModelStore.CONFIG_FILE), PosixFilePermissions.fromString("rw-r-----"));

        ModelStore.save(dir, f64Model(CellType.GRU));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwxr-x---");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(ModelStore.CONFIG_FILE))))
                .isEqualTo("rw-r-----");
        assertThat(ModelStore.load(dir).model().cell()).isEqualTo(CellType.GRU);
    }

    @Test
    void savingThroughALinkWritesTheDirectoryItNamesAndKeepsTheLink() throws IOException {
        Path real = Files.createDirectory(tmp.resolve("models")).resolve("v3");
        ModelStore.save(real, f64Model(CellType.RNN));
        Path link = Files.createSymbolicLink(tmp.resolve("current"), Path.of("models/v3"));
        Path dangling = Files.createSymbolicLink(tmp.resolve("next"), Path.of("models/v4"));

        ModelStore.save(link, f64Model(CellType.GRU));
        ModelStore.save(dangling, f64Model(CellType.LSTM));

        assertThat(Files.readSymbolicLink(link)).isEqualTo(Path.of("models/v3"));
        assertThat(ModelStore.load(real).model().cell()).isEqualTo(CellType.GRU);
        assertThat(ModelStore.load(tmp.resolve("models/v4")).model().cell()).isEqualTo(CellType.LSTM);
        assertThat(listing(tmp)).containsExactly("current", "models", "next");
        assertThat(listing(tmp.resolve("models"))).containsExactly("v3", "v4");
    }

    @Test
    void aFullDiskKeepsTheOldModelAndTheMessageNamesTheModelAndTheReason() throws Exception {
        try (SpecialFiles.Tmpfs small = SpecialFiles.tmpfs(tmp, "small")) {
            Path dir = small.dir.resolve("m");
            SavedModel first = f64Model(CellType.RNN);
            ModelStore.save(dir, first);
            ModelConfig big = ModelConfig.of(CellType.LSTM, 3, 64, 1, 1); // 17,000 float64 parameters: 136 kB
            SavedModel second = new SavedModel(big, LossType.MSE, Precision.F64, random(new ParamLayout(big).size(), 1));

            assertThatThrownBy(() -> ModelStore.save(dir, second))
                    .isInstanceOf(IOException.class)
                    .hasMessage("cannot write " + dir + ": No space left on device; the old content is unchanged");

            assertThat(ModelStore.load(dir).params()).containsExactly(first.params());
            assertThat(listing(small.dir)).containsExactly("m");
        }
    }

    // ---- damaged and foreign files ----

    @Test
    void rejectsATruncatedTensorFile() throws IOException {
        Path dir = savedLstm();
        Path st = dir.resolve("model.safetensors");
        byte[] b = Files.readAllBytes(st);
        Files.write(st, Arrays.copyOf(b, b.length - 4));

        assertFormatError(dir, st, "truncated");
    }

    @Test
    void rejectsAFileTooShortForTheHeaderLength() throws IOException {
        Path dir = savedLstm();
        Path st = dir.resolve("model.safetensors");
        Files.write(st, new byte[] {1, 2, 3});

        assertFormatError(dir, st, "too short");
    }

    @Test
    void rejectsAHeaderLengthBeyondTheFile() throws IOException {
        Path dir = savedLstm();
        Path st = dir.resolve("model.safetensors");
        byte[] b = Files.readAllBytes(st);
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong(0, b.length);
        Files.write(st, b);

        assertFormatError(dir, st, "header length " + b.length + " is beyond the file size");
    }

    @Test
    void rejectsAHeaderThatIsNotJson() throws IOException {
        Path dir = savedLstm();
        Path st = dir.resolve("model.safetensors");
        byte[] b = Files.readAllBytes(st);
        b[9] = '}'; // {"__metadata__": ...  becomes  {}__metadata__": ...
        Files.write(st, b);

        assertFormatError(dir, st, "not valid JSON");
    }

    @Test
    void rejectsTrailingBytes() throws IOException {
        Path dir = savedLstm();
        Path st = dir.resolve("model.safetensors");
        byte[] b = Files.readAllBytes(st);
        Files.write(st, Arrays.copyOf(b, b.length + 8));

        assertFormatError(dir, st, "8 trailing bytes");
    }

    @Test
    void rejectsShapesThatDoNotMatchTheConfig() throws IOException {
        Path dir = savedLstm();
        editConfig(dir, cfg -> ((ObjectNode) cfg.get("model")).put("hidden", 6));

        assertFormatError(dir, dir.resolve("model.safetensors"), "tensor weight_ih_l0 has shape [20, 3]",
                "implies [24, 3]", "do not belong together");
    }

    @Test
    void rejectsAWrongShapeOfOneTensor() throws IOException {
        Path dir = savedLstm();
        ModelConfig c = ModelStore.load(dir).model();
        Path st = dir.resolve("model.safetensors");
        Files.delete(st);
        List<SafeTensors.Tensor> ts = new ArrayList<>();
        for (ParamLayout.Tensor t : new ParamLayout(c).tensors()) {
            int[] shape = t.name().equals("weight_hh_l0") ? new int[] {t.shape()[1], t.shape()[0]} : t.shape();
            ts.add(new SafeTensors.Tensor(t.name(), SafeTensors.DType.F32, shape, new double[t.size()], 0));
        }
        SafeTensors.write(st, ts, Map.of());

        assertFormatError(dir, st, "tensor weight_hh_l0 has shape [5, 20]", "implies [20, 5]");
    }

    @Test
    void rejectsMissingAndUnknownTensors() throws IOException {
        Path dir = savedLstm();
        ModelConfig c = ModelStore.load(dir).model();
        Path st = dir.resolve("model.safetensors");
        List<SafeTensors.Tensor> ts = new ArrayList<>();
        for (ParamLayout.Tensor t : new ParamLayout(c).tensors()) {
            if (!t.name().equals("bias_hh_l1")) {
                ts.add(new SafeTensors.Tensor(t.name(), SafeTensors.DType.F32, t.shape(), new double[t.size()], 0));
            }
        }
        Files.delete(st);
        SafeTensors.write(st, ts, Map.of());
        assertFormatError(dir, st, "tensor bias_hh_l1 is missing");

        ts.add(new SafeTensors.Tensor("bias_hh_l1", SafeTensors.DType.F32, new int[] {20}, new double[20], 0));
        ts.add(new SafeTensors.Tensor("lstm.extra", SafeTensors.DType.F32, new int[] {1}, new double[1], 0));
        Files.delete(st);
        SafeTensors.write(st, ts, Map.of());
        assertFormatError(dir, st, "does not describe: [lstm.extra]");
    }

    @Test
    void rejectsADtypeThatDoesNotMatchThePrecision() throws IOException {
        Path dir = savedLstm();
        editConfig(dir, cfg -> cfg.put("precision", "f64"));

        assertFormatError(dir, dir.resolve("model.safetensors"), "is F32, but config.json says precision f64");
    }

    @Test
    void rejectsAMissingConfig() throws IOException {
        Path dir = savedLstm();
        Files.delete(dir.resolve("config.json"));

        assertFormatError(dir, dir.resolve("config.json"), "config.json is missing");
    }

    @Test
    void rejectsAMissingTensorFile() throws IOException {
        Path dir = savedLstm();
        Files.delete(dir.resolve("model.safetensors"));

        assertFormatError(dir, dir.resolve("model.safetensors"), "model.safetensors is missing");
    }

    @Test
    void rejectsAMissingDirectoryWithAnIoError() {
        assertThatThrownBy(() -> ModelStore.load(tmp.resolve("nowhere")))
                .isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining("nowhere");
    }

    @Test
    void rejectsAnUnknownFormatVersion() throws IOException {
        Path dir = savedLstm();
        editConfig(dir, cfg -> cfg.put("version", 2));

        assertFormatError(dir, dir.resolve("config.json"), "format version 2", "upgrade tbptt4j");
    }

    @Test
    void rejectsAForeignFormat() throws IOException {
        Path dir = savedLstm();
        editConfig(dir, cfg -> cfg.put("format", "huggingface"));

        assertFormatError(dir, dir.resolve("config.json"), "format is 'huggingface'", "not a tbptt4j model");
    }

    @Test
    void rejectsAConfigWithoutFormat() throws IOException {
        Path dir = savedLstm();
        editConfig(dir, cfg -> cfg.remove("format"));

        assertFormatError(dir, dir.resolve("config.json"), "has no format field", "not a tbptt4j model");
    }

    @Test
    void namesTheBadOrMissingConfigField() throws IOException {
        Path dir = savedLstm();
        editConfig(dir, cfg -> ((ObjectNode) cfg.get("model")).put("hidden", -3));
        assertFormatError(dir, dir.resolve("config.json"), "field model.hidden must be a positive integer, got -3");

        editConfig(dir, cfg -> ((ObjectNode) cfg.get("model")).put("hidden", 5).put("dropout", 1.5));
        assertFormatError(dir, dir.resolve("config.json"), "field model.dropout must be a number in [0, 1)");

        editConfig(dir, cfg -> ((ObjectNode) cfg.get("model")).put("dropout", 0.0).remove("layers"));
        assertFormatError(dir, dir.resolve("config.json"), "field model.layers is missing");

        editConfig(dir, cfg -> ((ObjectNode) cfg.get("model")).put("layers", 2).put("cell", "transformer"));
        assertFormatError(dir, dir.resolve("config.json"), "field model.cell is invalid", "use rnn, gru or lstm");

        editConfig(dir, cfg -> {
            ((ObjectNode) cfg.get("model")).put("cell", "lstm");
            cfg.remove("loss");
        });
        assertFormatError(dir, dir.resolve("config.json"), "field loss is missing");

        editConfig(dir, cfg -> cfg.put("loss", "mse").put("precision", "f16"));
        assertFormatError(dir, dir.resolve("config.json"), "field precision is invalid");

        editConfig(dir, cfg -> cfg.put("precision", "f32").put("extra", 3));
        assertFormatError(dir, dir.resolve("config.json"), "field extra must be an object");

        editConfig(dir, cfg -> cfg.putObject("extra"));
        assertThat(ModelStore.load(dir).model().hidden()).isEqualTo(5);
    }

    @Test
    void rejectsAConfigThatIsNotJson() throws IOException {
        Path dir = savedLstm();
        Files.writeString(dir.resolve("config.json"), "{\"format\": \"tbptt4j-model\", ");

        assertFormatError(dir, dir.resolve("config.json"), "is not valid JSON");
    }

    @Test
    void rejectsANaNParameter() throws IOException {
        Path dir = savedLstm();
        Path st = dir.resolve("model.safetensors");
        long begin;
        try (SafeTensors s = SafeTensors.open(st)) {
            begin = s.tensor("weight_hh_l0").begin();
        }
        byte[] b = Files.readAllBytes(st);
        int at = (int) (8 + headerLength(b) + begin + 4 * 6); // element 6 of (20 x 5): row 1, column 1
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putFloat(at, Float.NaN);
        Files.write(st, b);

        assertFormatError(dir, st, "tensor weight_hh_l0 holds NaN at [1, 1]");
    }

    // ---- the safetensors format itself ----

    @Test
    void readsAHandBuiltFileFromTheSpecification() throws IOException {
        byte[] header = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}".getBytes(StandardCharsets.US_ASCII);
        ByteBuffer b = ByteBuffer.allocate(8 + header.length + 8).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(header.length).put(header).putFloat(1.0f).putFloat(2.0f);
        Path f = write("a.safetensors", b.array());

        try (SafeTensors st = SafeTensors.open(f)) {
            assertThat(st.metadata()).isEmpty();
            assertThat(st.tensors().keySet()).containsExactly("a");
            assertThat(st.tensor("a").dtype()).isEqualTo(SafeTensors.DType.F32);
            assertThat(st.tensor("a").shape()).containsExactly(2);
            assertThat(st.read("a")).containsExactly(1.0, 2.0);
        }
    }

    @Test
    void readsAHandBuiltFileWithMetadataPaddingAndTwoDtypes() throws IOException {
        String json = "{\"__metadata__\":{\"format\":\"pt\"},"
                + "\"w\":{\"dtype\":\"F64\",\"shape\":[2,2],\"data_offsets\":[0,32]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[32,36]}}";
        byte[] header = (json + " ".repeat((8 - json.length() % 8) % 8)).getBytes(StandardCharsets.US_ASCII);
        ByteBuffer b = ByteBuffer.allocate(8 + header.length + 36).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(header.length).put(header).putDouble(0.1).putDouble(-2).putDouble(1e-300).putDouble(4).putFloat(-0.5f);
        Path f = write("w.safetensors", b.array());

        try (SafeTensors st = SafeTensors.open(f)) {
            assertThat(st.metadata()).containsExactly(Map.entry("format", "pt"));
            assertThat(st.read("w")).containsExactly(0.1, -2, 1e-300, 4);
            assertThat(st.tensor("b").shape()).isEmpty();
            assertThat(st.read("b")).containsExactly(-0.5);
        }
    }

    @Test
    void writerOutputFollowsTheSpecification() throws IOException {
        Path f = tmp.resolve("out.safetensors");
        SafeTensors.write(f, List.of(
                new SafeTensors.Tensor("z", SafeTensors.DType.F32, new int[] {2}, new double[] {9, 1.0, 2.0}, 1),
                new SafeTensors.Tensor("a", SafeTensors.DType.F32, new int[] {1}, new double[] {3.0}, 0)),
                Map.of("format", "pt"));

        byte[] bytes = Files.readAllBytes(f);
        int n = (int) headerLength(bytes);
        String header = new String(bytes, 8, n, StandardCharsets.UTF_8);
        assertThat(header.strip()).isEqualTo("{\"__metadata__\":{\"format\":\"pt\"},"
                + "\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                + "\"z\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}");
        assertThat(n % 8).isZero();
        ByteBuffer data = ByteBuffer.wrap(bytes, 8 + n, 12).slice().order(ByteOrder.LITTLE_ENDIAN);
        assertThat(new float[] {data.getFloat(0), data.getFloat(4), data.getFloat(8)}).containsExactly(3f, 1f, 2f);
    }

    @Test
    void rejectsMalformedHeaders() throws IOException {
        String good = "\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]";
        assertHeaderRejected("{\"a\":{\"dtype\":\"Q7\",\"shape\":[2],\"data_offsets\":[0,8]}}", 8, "unknown dtype 'Q7'");
        assertHeaderRejected("{\"a\":{\"dtype\":\"BF16\",\"shape\":[4],\"data_offsets\":[0,8]}}", 8,
                "dtype BF16, which tbptt4j does not read");
        assertHeaderRejected("{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", 8,
                "span 8 bytes, but F32 with shape [3] needs 12");
        assertHeaderRejected("{\"a\":{" + good + "},\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", 12,
                "overlaps tensor 'a'");
        assertHeaderRejected("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", 12, "leave a gap");
        assertHeaderRejected("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,0]}}", 8, "end before they begin");
        assertHeaderRejected("{\"a\":{\"dtype\":\"F32\",\"shape\":[-2],\"data_offsets\":[0,8]}}", 8,
                "shape must hold non-negative integers");
        assertHeaderRejected("{\"a\":{\"dtype\":\"F32\",\"shape\":[2]}}", 8, "data_offsets is missing");
        assertHeaderRejected("{\"a\":{" + good + "},\"a\":{" + good + "}}", 8, "not valid JSON");
        assertHeaderRejected("{\"__metadata__\":{\"n\":1},\"a\":{" + good + "}}", 8, "__metadata__.n must be a string");
        assertHeaderRejected("[1, 2]", 0, "not a JSON object");
        assertHeaderRejected("{\"a\":{" + good + "}} {}", 8, "not valid JSON");
    }

    @Test
    void aMissingTensorIsNamed() throws IOException {
        byte[] header = "{\"a\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[0,0]}}".getBytes(StandardCharsets.US_ASCII);
        Path f = write("e.safetensors", ByteBuffer.allocate(8 + header.length).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(header.length).put(header).array());

        try (SafeTensors st = SafeTensors.open(f)) {
            assertThat(st.read("a")).isEmpty();
            assertThatThrownBy(() -> st.tensor("b")).isInstanceOf(ModelFormatException.class)
                    .hasMessageContaining(f.toString()).hasMessageContaining("tensor 'b' is missing");
        }
    }

    @Test
    void streamsTensorsLargerThanOneChunk() throws IOException {
        double[] v = random(100_003, 5);
        Path f = tmp.resolve("big.safetensors");
        SafeTensors.write(f, List.of(new SafeTensors.Tensor("v", SafeTensors.DType.F64, new int[] {v.length}, v, 0),
                new SafeTensors.Tensor("f", SafeTensors.DType.F32, new int[] {v.length}, v, 0)), Map.of());

        try (SafeTensors st = SafeTensors.open(f)) {
            assertThat(st.read("v")).containsExactly(v);
            double[] f32 = st.read("f");
            for (int i = 0; i < v.length; i++) {
                assertThat(f32[i]).isEqualTo((float) v[i]);
            }
        }
    }

    // ---- helpers ----

    private void assertHeaderRejected(String json, int dataBytes, String... fragments) throws IOException {
        byte[] header = json.getBytes(StandardCharsets.UTF_8);
        Path f = write("h.safetensors", ByteBuffer.allocate(8 + header.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(header.length).put(header).array());
        assertThatThrownBy(() -> SafeTensors.open(f).close())
                .as(json)
                .isInstanceOf(ModelFormatException.class)
                .hasMessageContaining(f.toString())
                .hasMessageContainingAll(fragments);
    }

    private Path savedLstm() throws IOException {
        ModelConfig c = ModelConfig.of(CellType.LSTM, 3, 5, 2, 2);
        Path dir = tmp.resolve("lstm");
        ModelStore.save(dir, new SavedModel(c, LossType.MSE, Precision.F32, random(new ParamLayout(c).size(), 9)));
        return dir;
    }

    private static void assertFormatError(Path dir, Path file, String... fragments) {
        assertThatThrownBy(() -> ModelStore.load(dir))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContainingAll(fragments);
    }

    private static void editConfig(Path dir, java.util.function.Consumer<ObjectNode> edit) throws IOException {
        Path f = dir.resolve("config.json");
        ObjectNode cfg = (ObjectNode) JSON.readTree(f.toFile());
        edit.accept(cfg);
        Files.writeString(f, JSON.writeValueAsString(cfg));
    }

    private Path write(String name, byte[] bytes) throws IOException {
        return Files.write(tmp.resolve(name), bytes);
    }

    private static long headerLength(byte[] safetensors) {
        return ByteBuffer.wrap(safetensors).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
    }

    private static List<String> listing(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
