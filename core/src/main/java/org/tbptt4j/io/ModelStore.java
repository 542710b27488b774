package org.tbptt4j.io;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;
import org.tbptt4j.data.DataRecipe;

/**
 * Saves and loads models. A model is a directory holding two files:
 *
 * <ul>
 *   <li>{@code config.json}: the format name and version, the model's shape, loss, precision and
 *       data recipe (how its data is read, scaled and cut) under {@code extra.data}, and other
 *       free-form {@code extra} JSON (see {@link SavedModel});</li>
 *   <li>{@code model.safetensors}: one tensor per parameter tensor, under PyTorch's names and
 *       shapes ({@code weight_ih_l0}, {@code weight_hh_l0}, {@code bias_ih_l0}, {@code bias_hh_l0},
 *       ... as {@code torch.nn.LSTM}/{@code GRU}/{@code RNN} name them, {@code embedding.weight},
 *       {@code head.weight}, {@code head.bias}); F32 for a float32 model (its values round-trip
 *       bit-exactly), F64 for a float64 one; metadata {@code {"format": "pt", "tbptt4j": "1"}}.</li>
 * </ul>
 *
 * So the recurrent tensors load into PyTorch directly:
 * {@code torch.nn.LSTM(...).load_state_dict({k: v for k, v in sd.items() if not k.startswith(("head.", "embedding."))})}.
 *
 * <p>Errors: {@link IOException} when a file cannot be read or written, {@link ModelFormatException}
 * when content is malformed, damaged or does not match; its message names the file and what to do.
 */
public final class ModelStore {

    /** The model description in a model directory. */
    public static final String CONFIG_FILE = "config.json";
    /** The parameters in a model directory. */
    public static final String TENSORS_FILE = "model.safetensors";

    private static final Set<String> MODEL_FILES = Set.of(CONFIG_FILE, TENSORS_FILE);

    private ModelStore() {
    }

    /**
     * Saves {@code m} as the model directory {@code dir}, atomically: the files are written into a
     * temporary sibling directory and forced to disk, which then takes the place of {@code dir}. An
     * existing model directory there is replaced; anything else there is left alone and refused.
     * Through a symbolic link, the directory it names is written and the link stays.
     *
     * @throws IOException              if the files cannot be written (the old model, if any, is kept)
     * @throws IllegalArgumentException if {@code dir} holds something other than a tbptt4j model, or a
     *                                  parameter is not finite (in the model's precision)
     */
    public static void save(Path dir, SavedModel m) throws IOException {
        Objects.requireNonNull(m, "model");
        Path target = dir.toAbsolutePath().normalize();
        if (target.getFileName() == null) {
            throw new IllegalArgumentException("cannot save a model as " + dir + ": name a directory to create");
        }
        String shown = dir.toString();
        if (Files.isSymbolicLink(target)) {
            target = OutputFile.followLinks(target); // the link's target is written; the link stays
            shown = dir + " (a link to " + target + ")";
        }
        checkReplaceable(target);
        byte[] config = ModelConfigJson.write(m);
        List<SafeTensors.Tensor> tensors = ModelTensors.tensors(m);
        AtomicDirectory.write(target, shown, tmp -> {
            writeFile(tmp.resolve(CONFIG_FILE), config);
            SafeTensors.write(tmp.resolve(TENSORS_FILE), tensors, ModelTensors.METADATA);
        });
    }

    /**
     * Loads the model directory {@code dir}, checking both files in full (see the class comment).
     *
     * @throws IOException          if {@code dir} does not exist or a file cannot be read
     * @throws ModelFormatException if the directory does not hold a valid tbptt4j model
     */
    public static SavedModel load(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            throw new NoSuchFileException(dir.toString(), null, "no model here: the directory does not exist");
        }
        if (!Files.isDirectory(dir)) {
            throw new ModelFormatException(dir + ": not a directory. A tbptt4j model is a directory holding "
                    + CONFIG_FILE + " and " + TENSORS_FILE + "; give the path of that directory");
        }
        Path configFile = dir.resolve(CONFIG_FILE);
        requireFile(dir, configFile);
        ModelConfigJson.Parsed c = ModelConfigJson.parse(configFile, Files.readAllBytes(configFile));
        Path tensorsFile = dir.resolve(TENSORS_FILE);
        requireFile(dir, tensorsFile);
        double[] params = ModelTensors.read(tensorsFile, c.model(), c.precision());
        JsonNode data = c.extra().remove(ModelConfigJson.DATA_KEY);   // one home for the recipe: SavedModel.data
        DataRecipe recipe = data == null || data.isNull() ? null : DataRecipeJson.read(data, configFile);
        return new SavedModel(c.model(), c.loss(), c.precision(), params, c.extra(), recipe);
    }

    private static void requireFile(Path dir, Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ModelFormatException(file + " is missing: " + dir + " does not hold a complete tbptt4j model"
                    + " (a model directory holds " + CONFIG_FILE + " and " + TENSORS_FILE
                    + ", as ModelStore.save writes them); use an intact copy or save the model again");
        }
    }

    /** Refuses a target that exists and is not a tbptt4j model directory, so save never deletes anything else. */
    private static void checkReplaceable(Path target) throws IOException {
        if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        String refuse = "refusing to save the model to " + target + ": ";
        String advice = "; choose another path, or move it away first";
        if (!Files.isDirectory(target)) {
            throw new IllegalArgumentException(refuse + "it exists and is not a directory" + advice);
        }
        Path config = target.resolve(CONFIG_FILE);
        if (!Files.isRegularFile(config, LinkOption.NOFOLLOW_LINKS)) {
            throw new IllegalArgumentException(refuse + "the directory exists and has no " + CONFIG_FILE
                    + ", so it is not a tbptt4j model" + advice);
        }
        if (!ModelConfigJson.isModelConfig(Files.readAllBytes(config))) {
            throw new IllegalArgumentException(refuse + "its " + CONFIG_FILE + " is not a tbptt4j model's" + advice);
        }
        try (Stream<Path> entries = Files.list(target)) {
            List<String> others = entries.map(p -> p.getFileName().toString())
                    .filter(n -> !MODEL_FILES.contains(n)).sorted().toList();
            if (!others.isEmpty()) {
                throw new IllegalArgumentException(refuse + "besides the model it holds " + others
                        + ", which replacing the model would delete" + advice);
            }
        }
    }

    /** Writes a new file and forces it to disk. */
    private static void writeFile(Path file, byte[] bytes) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        }
    }
}
