package org.tbptt4j.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tbptt4j.experiment.GridFileException;
import org.tbptt4j.experiment.GridFiles;
import org.tbptt4j.experiment.Journal;
import org.tbptt4j.experiment.TrialRecord;

class JournalTest {

    @TempDir
    Path dir;

    private Path journal(String text) throws IOException {
        Path file = dir.resolve(GridFiles.JOURNAL);
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    @Test
    void readsEveryTrialWithItsFields() throws IOException {
        Journal.Contents journal = Journal.read(journal(new GridOutput().journal()));

        assertThat(journal.trials()).hasSize(8);
        assertThat(journal.tornTail()).isFalse();
        TrialRecord first = journal.trials().get(0);
        assertThat(first.trial()).isEqualTo("c003-r00");
        assertThat(first.configIndex()).isEqualTo(3);
        assertThat(first.seed()).isEqualTo(12345L);
        assertThat(first.label()).isEqualTo("naive L=50 (50,50) lstm H=32");
        assertThat(first.config().k2()).isEqualTo(50);
        assertThat(first.config().lr()).isEqualTo(0.01);
        assertThat(first.metricName()).isEqualTo("validation_loss");
        assertThat(first.epochs()).hasSize(5);
        assertThat(first.epochs().get(1).trainLoss()).isEqualTo(0.05);
        assertThat(first.provenance().dataChecksum()).isEqualTo(GridOutput.CHECKSUM);
        assertThat(first.finishedAt()).isEqualTo("2026-11-27T21:40:00Z");
        assertThat(first.diverged()).isFalse();
    }

    @Test
    void aDivergedTrialHasNoMetric() throws IOException {
        TrialRecord diverged = Journal.read(journal(new GridOutput().journal())).trials().stream()
                .filter(t -> t.status().equals("diverged")).findFirst().orElseThrow();

        assertThat(diverged.metric()).isNull();
        assertThat(diverged.diverged()).isTrue();
    }

    @Test
    void ignoresALastLineCutShortByACrash() throws IOException {
        String whole = new GridOutput().journal();
        String cut = whole + whole.lines().findFirst().orElseThrow().substring(0, 40);

        Path file = journal(cut);

        Journal.Contents journal = Journal.read(file);

        assertThat(journal.trials()).hasSize(8);
        assertThat(journal.tornTail()).isTrue();
        assertThat(Files.readString(file)).as("a reader never repairs").isEqualTo(cut);
    }

    @Test
    void failsNamingFileAndLineForADamagedLineElsewhere() throws IOException {
        String[] lines = new GridOutput().journal().split("\n");
        lines[2] = lines[2].substring(0, 30);
        Path file = journal(String.join("\n", lines) + "\n");

        assertThatThrownBy(() -> Journal.read(file))
                .isInstanceOf(GridFileException.class)
                .hasMessageStartingWith(file + ":line 3: not a trial record")
                .hasMessageContaining("remove or repair that line");
    }

    @Test
    void aLineWithTwoObjectsIsDamage() throws IOException {
        String[] lines = new GridOutput().journal().split("\n");
        lines[0] = lines[0] + lines[1];
        Path file = journal(String.join("\n", lines) + "\n");

        assertThatThrownBy(() -> Journal.read(file)).hasMessageStartingWith(file + ":line 1:");
    }

    @Test
    void skipsBlankLinesAndReadsAnEmptyJournal() throws IOException {
        String[] lines = new GridOutput().journal().split("\n");
        Path file = journal(lines[0] + "\n\n" + lines[1] + "\n\n\n");

        assertThat(Journal.read(file).trials()).hasSize(2);
        assertThat(Journal.read(journal("")).trials()).isEmpty();
    }
}
