package org.tbptt4j.experiment;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import java.util.function.Function;
import org.tbptt4j.model.CellType;
import org.tbptt4j.model.LossType;
import org.tbptt4j.model.OptimizerConfig;

/**
 * The names, schema version and JSON mapping of a grid output folder's files: the journal
 * {@link #JOURNAL} ({@link TrialRecord} per line), the summary {@link #SUMMARY} ({@link GridSummary}),
 * the page {@link #REPORT} and the writer's lock {@link #LOCK} ({@link FolderLock}).
 *
 * <p>Every record is (de)serialised from its components with snake_case keys; enums are written
 * by their command-line ids ({@code lstm}, {@code adam}, {@code mse}). Keys a reader does not know
 * (a newer writer's) are ignored, and a component a file lacks (an older writer's) reads as null,
 * zero or false, so fields can be added to a record without a new schema version.
 */
public final class GridFiles {

    /** The journal: one finished trial per line. */
    public static final String JOURNAL = "trials.jsonl";
    /** The summary: statistics, ranking and recommendation. */
    public static final String SUMMARY = "summary.json";
    /** The self-contained HTML page built from the summary and the journal. */
    public static final String REPORT = "report.html";
    /** The lock file of the process writing the folder. */
    public static final String LOCK = "grid.lock";

    /**
     * The schema version this code writes into every trial and summary. Version 0 is release 0.1's
     * journal, which had no version field; it is read by {@link TrialRecord#fromJson}.
     */
    public static final int SCHEMA = 1;

    /** The one mapper of the grid's files. */
    public static final ObjectMapper JSON = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .addModule(new SimpleModule("tbptt4j-ids")
                    .addSerializer(CellType.class, ids(CellType::id))
                    .addDeserializer(CellType.class, parsed(CellType::parse))
                    .addSerializer(OptimizerConfig.Kind.class, ids(OptimizerConfig.Kind::id))
                    .addDeserializer(OptimizerConfig.Kind.class, parsed(OptimizerConfig.Kind::parse))
                    .addSerializer(LossType.class, ids(l -> l.id))
                    .addDeserializer(LossType.class, parsed(LossType::parse)))
            .build();

    private static final String VERSION = readVersion();

    private GridFiles() {
    }

    /** The library version the build wrote into {@code version.properties}, e.g. {@code 0.1.0-SNAPSHOT}. */
    public static String libraryVersion() {
        return VERSION;
    }

    private static String readVersion() {
        try (InputStream in = GridFiles.class.getResourceAsStream("/org/tbptt4j/version.properties")) {
            if (in == null) {
                throw new IllegalStateException("org/tbptt4j/version.properties is missing from the class path: rebuild tbptt4j-core");
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static <E> JsonSerializer<E> ids(Function<E, String> id) {
        return new JsonSerializer<>() {
            @Override
            public void serialize(E value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
                gen.writeString(id.apply(value));
            }
        };
    }

    private static <E> JsonDeserializer<E> parsed(Function<String, E> parse) {
        return new JsonDeserializer<>() {
            @Override
            public E deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                return parse.apply(p.getValueAsString());
            }
        };
    }
}
