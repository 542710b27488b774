package org.tbptt4j.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tbptt4j.data.CsvOptions;
import org.tbptt4j.data.DataFormatException;
import org.tbptt4j.data.DataSpec;
import org.tbptt4j.data.Preparation;
import org.tbptt4j.data.Scaler;
import org.tbptt4j.model.LossType;
import org.tbptt4j.train.TrainingHistory;

/** Targets that fit the loss, and a diverged run that never passes for a result. */
class ExperimentTest {

    /** x_t = sin(0.3 t), label_t = [x_t > 0] or what {@code label} writes; {@code steps} rows. */
    static Path labelled(Path dir, int steps, java.util.function.IntFunction<String> label) throws Exception {
        StringBuilder s = new StringBuilder("x,label\n");
        for (int t = 0; t < steps; t++) {
            s.append(Math.sin(0.3 * t)).append(',').append(label.apply(t)).append('\n');
        }
        return Files.writeString(dir.resolve("labelled.csv"), s.toString());
    }

    static Preparation prepare(Path file, Scaler.Kind scale) throws Exception {
        return Preparation.prepare(new DataSpec(file, DataSpec.Format.CSV, CsvOptions.defaults(), List.of("x"),
                List.of("label"), DataSpec.TaskKind.PER_STEP, 1, scale, 0.7, 0.15, 1));
    }

    @Test
    void binaryTargetsAreNeverScaledWhileTheFeaturesAre(@TempDir Path dir) throws Exception {
        Preparation prep = prepare(labelled(dir, 300, t -> Math.sin(0.3 * t) > 0 ? "1" : "0"), Scaler.Kind.STANDARD);
        assertThat(prep.scaler().columns()).containsExactly(0);   // x only
        assertThat(prep.notes()).anyMatch(n -> n.contains("'label' lies in [0, 1]"));
        assertThat(prep.train().get(0).y()).containsOnly(0.0, 1.0);
        Experiment.checkTargets(prep, LossType.BCE_WITH_LOGITS);   // passes
    }

    @Test
    void binaryCrossEntropyRefusesTargetsOutsideTheUnitIntervalNamingTheLine(@TempDir Path dir) throws Exception {
        // 2..8 everywhere: scaled by default, but checked in the data's own units
        Path file = labelled(dir, 300, t -> Integer.toString(2 + t % 7));
        for (Scaler.Kind scale : new Scaler.Kind[] {Scaler.Kind.STANDARD, null}) {
            Preparation prep = prepare(file, scale);
            assertThatThrownBy(() -> Experiment.checkTargets(prep, LossType.BCE_WITH_LOGITS))
                    .isInstanceOf(DataFormatException.class)
                    .hasMessageStartingWith("labelled.csv:line 2, column 'label': the target 2 is outside [0, 1]")
                    .hasMessageContaining("binary cross-entropy");
            Experiment.checkTargets(prep, LossType.MSE);   // any number fits MSE
        }
        // one bad value in the test part, after 250 good rows: named by its line (header = line 1)
        Preparation late = prepare(labelled(dir, 300, t -> t == 270 ? "-0.5" : "1"), Scaler.Kind.STANDARD);
        assertThatThrownBy(() -> Experiment.checkTargets(late, LossType.BCE_WITH_LOGITS))
                .hasMessageStartingWith("labelled.csv:line 272, column 'label': the target -0.5 is outside [0, 1]");
        RunConfig bce = RunConfig.defaults().withEpochs(1).withLoss(LossType.BCE_WITH_LOGITS);
        assertThatThrownBy(() -> Experiment.run(late, bce, null)).hasMessageContaining("line 272");
    }

    @Test
    void aDivergedTrialIsRecordedAsDivergedWithoutAMetric(@TempDir Path dir) throws Exception {
        Preparation prep = GridSearchTest.prepare(GridSearchTest.delayedCopy(dir, 400, 2));
        RunConfig wild = GridSearchTest.small().withTraining(org.tbptt4j.model.OptimizerConfig.Kind.ADAM, 1e6, 0, 0);
        Grid grid = new Grid(List.of(wild), 1, 1);
        assertThat(Experiment.run(prep, wild, null).history().stop()).isEqualTo(TrainingHistory.Stop.DIVERGED);
        var t = GridSearch.trial(prep, grid, 0, 0, "sum");
        assertThat(t.status()).isEqualTo("diverged");
        assertThat(t.metric()).isNull();
        assertThat(t.message()).contains("diverged");
    }
}
