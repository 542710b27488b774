package org.tbptt4j.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tbptt4j.data.Categorical;
import org.tbptt4j.data.DataRecipe;
import org.tbptt4j.data.DataSpec;
import org.tbptt4j.data.Missing;
import org.tbptt4j.data.Scaler;
import org.tbptt4j.model.CellType;
import org.tbptt4j.model.LossType;
import org.tbptt4j.model.ModelConfig;
import org.tbptt4j.model.ParamLayout;
import org.tbptt4j.model.Precision;

/** A model's data recipe as ModelStore writes and reads it, and as the command line of release 0.1 wrote it. */
class SavedRecipeTest {

    @TempDir
    Path tmp;

    private static final ModelConfig SHAPE = ModelConfig.of(CellType.GRU, 3, 4, 1, 1);

    /** extra.data exactly as {@code tbptt4j train} wrote it before the recipe moved into core. */
    private static final String RELEASE_0_1 = """
            {"format":"csv","task":"forecast","horizon":2,"id_column":"id","time_column":null,"missing":"ffill",
             "features":["x","colour=red","colour=blue"],"targets":["x"],"scale":"standard",
             "scaler":{"kind":"standard","columns":["x"],"center":[1.5],"scale":[0.25]},
             "vocabulary":[],"classes":[],"one_hot":[{"column":"colour","levels":["red","blue"]}]}""";

    private SavedModel model(ObjectNode extra, DataRecipe recipe) {
        return new SavedModel(SHAPE, LossType.MSE, Precision.F32, new double[new ParamLayout(SHAPE).size()], extra, recipe);
    }

    @Test
    void aRecipeWrittenByTheReleasedCommandLineReadsWithEveryField() throws IOException {
        ObjectNode extra = new ObjectMapper().createObjectNode();
        extra.set("data", new ObjectMapper().readTree(RELEASE_0_1));
        extra.putObject("training").put("batch", 4);
        ModelStore.save(tmp.resolve("m"), model(extra, null));

        SavedModel back = ModelStore.load(tmp.resolve("m"));
        DataRecipe r = back.data();
        assertThat(r.format()).isEqualTo(DataSpec.Format.CSV);
        assertThat(r.task()).isEqualTo(DataSpec.TaskKind.FORECAST);
        assertThat(r.horizon()).isEqualTo(2);
        assertThat(r.idColumn()).isEqualTo("id");
        assertThat(r.timeColumn()).isNull();
        assertThat(r.missing()).isEqualTo(Missing.FFILL);
        assertThat(r.features()).containsExactly("x", "colour=red", "colour=blue");
        assertThat(r.targets()).containsExactly("x");
        assertThat(r.scaler().kind()).isEqualTo(Scaler.Kind.STANDARD);
        assertThat(r.scaler().columns()).containsExactly("x");
        assertThat(r.scaler().center()).containsExactly(1.5);
        assertThat(r.scaler().scale()).containsExactly(0.25);
        assertThat(r.oneHot()).containsExactly(new Categorical("colour", List.of("red", "blue")));
        assertThat(back.extra().has("data")).as("one home for the recipe: SavedModel.data").isFalse();
        assertThat(back.extra().path("training").path("batch").asInt()).isEqualTo(4);

        // saved again from Java: the same JSON as the command line wrote
        ModelStore.save(tmp.resolve("again"), back);
        ObjectMapper json = new ObjectMapper();
        assertThat(json.readTree(Files.readString(tmp.resolve("again/config.json"))).path("extra").path("data"))
                .isEqualTo(json.readTree(RELEASE_0_1));
    }

    @Test
    void aDamagedRecipeNamesTheFileAndTheField() throws IOException {
        ObjectNode extra = new ObjectMapper().createObjectNode();
        ObjectNode data = (ObjectNode) new ObjectMapper().readTree(RELEASE_0_1);
        data.remove("format");
        extra.set("data", data);
        ModelStore.save(tmp.resolve("m"), model(extra, null));
        assertThatThrownBy(() -> ModelStore.load(tmp.resolve("m"))).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("config.json: the data recipe (extra.data) is damaged ('format' is missing)");
    }
}
