package org.tbptt4j.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tbptt4j.experiment.GridFileException;
import org.tbptt4j.experiment.GridFiles;
import org.tbptt4j.experiment.GridSummary;
import org.tbptt4j.model.CellType;

class SummaryReadTest {

    @TempDir
    Path dir;

    @Test
    void readsEverySnakeCaseField() throws IOException {
        GridOutput.write(dir, true);

        GridSummary s = GridSummary.read(dir.resolve(GridFiles.SUMMARY));

        assertThat(s.data().file()).isEqualTo("MackeyGlass_t17.txt");
        assertThat(s.data().steps()).isEqualTo(6999);
        assertThat(s.data().firstValues()).hasSize(500);
        assertThat(s.analysis().acf()).hasSize(121);
        assertThat(s.analysis().acfBand()).hasSize(121);
        assertThat(s.analysis().pacfBand()).isCloseTo(1.96 / Math.sqrt(6999), within(1e-12));
        assertThat(s.analysis().suggestions()).extracting(GridSummary.Suggestion::length).containsExactly(25, 50);
        assertThat(s.lowerIsBetter()).isTrue();
        assertThat(s.trialsDone()).isEqualTo(120);
        assertThat(s.configs()).extracting(GridSummary.ConfigResult::rank).containsExactly(1, 1, 3, 4);
        GridSummary.ConfigResult third = s.configs().get(2);
        assertThat(third.diverged()).isEqualTo(2);
        assertThat(third.values()).hasSize(28);
        assertThat(third.pValueVsBest()).isEqualTo(0.0042);
        assertThat(third.ciLow()).isLessThan(third.mean()).isLessThan(third.ciHigh());
        assertThat(third.curve().validation()).hasSize(5);
        assertThat(third.config().cell()).isEqualTo(CellType.GRU);
        assertThat(s.best().index()).isEqualTo(3);
        assertThat(s.best().command()).startsWith("bin/tbptt4j train");
    }

    @Test
    void theAnalysisMayBeAbsent() throws IOException {
        GridOutput.write(dir, false);

        assertThat(GridSummary.read(dir.resolve(GridFiles.SUMMARY)).analysis()).isNull();
    }

    @Test
    void aMissingSummarySaysToRunTheGrid() {
        Path file = dir.resolve(GridFiles.SUMMARY);

        assertThatThrownBy(() -> GridSummary.read(file))
                .isInstanceOf(GridFileException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("tbptt4j grid");
    }

    @Test
    void aMalformedSummaryNamesTheFile() throws IOException {
        Path file = Files.writeString(dir.resolve(GridFiles.SUMMARY), "{\"data\": {\"file\": ");

        assertThatThrownBy(() -> GridSummary.read(file))
                .isInstanceOf(GridFileException.class)
                .hasMessageStartingWith(file + ": not a valid grid summary");
    }
}
