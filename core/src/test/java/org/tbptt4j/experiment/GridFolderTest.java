package org.tbptt4j.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tbptt4j.data.DataSpec;
import org.tbptt4j.data.Preparation;
import org.tbptt4j.model.CellType;
import org.tbptt4j.model.LossType;
import org.tbptt4j.model.OptimizerConfig;

/** A grid's folder under misuse: two writers, a killed run, torn and doubled lines, other data, release 0.1's files. */
class GridFolderTest {

    @TempDir
    Path dir;

    @Test
    void aSecondRunIsRefusedWhileAnotherProcessHoldsTheFolderAndAKilledRunResumesExactlyOnce() throws Exception {
        Path data = GridSearchTest.delayedCopy(dir, 400, 3);
        Preparation prep = GridSearchTest.prepare(data);
        Grid grid = GridProcess.grid();
        Path out = dir.resolve("grid");
        Process first = GridProcess.start(data, out, 3);
        try {
            byte[] before = Files.readAllBytes(out.resolve(GridFiles.JOURNAL));
            assertThatThrownBy(() -> GridSearch.run(prep, grid, out, 1, GridSearch.Budget.none(), null))
                    .isInstanceOf(FolderLock.HeldException.class)
                    .hasMessageContaining(out.toString()).hasMessageContaining("pid " + first.pid());
            assertThat(Files.readAllBytes(out.resolve(GridFiles.JOURNAL))).as("the refused run wrote nothing").isEqualTo(before);
        } finally {
            first.destroyForcibly().waitFor(); // SIGKILL: the OS lock goes with the process, the lock file stays
        }
        int journalled = Journal.read(out.resolve(GridFiles.JOURNAL)).trials().size();
        assertThat(journalled).isBetween(3, grid.size() - 1);

        GridSearch.Result resumed = GridSearch.run(prep, grid, out, 2, GridSearch.Budget.none(), null);

        assertThat(resumed.ranThisTime()).isEqualTo(grid.size() - journalled);
        assertThat(Files.readAllLines(out.resolve(GridFiles.JOURNAL))).hasSize(grid.size());
        GridSearch.Result straight = GridSearch.run(prep, grid, dir.resolve("straight"), 1, GridSearch.Budget.none(), null);
        assertThat(GridSearchTest.metrics(resumed.trials())).isEqualTo(GridSearchTest.metrics(straight.trials()));
    }

    @Test
    void theSameJvmCannotTakeTheLockTwice() throws Exception {
        try (FolderLock lock = FolderLock.acquire(dir)) {
            assertThatThrownBy(() -> FolderLock.acquire(dir)).isInstanceOf(FolderLock.HeldException.class)
                    .hasMessageContaining(dir.toString()).hasMessageContaining("pid " + ProcessHandle.current().pid());
        }
        FolderLock.acquire(dir).close(); // released: the file left behind is no lock
    }

    /** Three trials of a finished grid, as journal lines. */
    private List<String> lines() throws Exception {
        Preparation prep = GridSearchTest.prepare(GridSearchTest.delayedCopy(dir, 300, 2));
        Grid grid = new Grid(List.of(GridSearchTest.small().withStrategy("naive", 20, 0, 0)), 3, 1);
        GridSearch.run(prep, grid, dir.resolve("g"), 1, GridSearch.Budget.none(), null);
        return Files.readAllLines(dir.resolve("g").resolve(GridFiles.JOURNAL));
    }

    @Test
    void readingIgnoresATornLastLineAndCountsADoubledLineOnceWithoutWriting() throws Exception {
        List<String> l = lines();
        Path file = dir.resolve("journal.jsonl");
        String text = l.get(0) + "\n" + l.get(1) + "\n" + l.get(1) + "\n" + l.get(2).substring(0, 50);
        Files.writeString(file, text);

        Journal.Contents c = Journal.read(file);

        assertThat(c.trials()).extracting(TrialRecord::trial).containsExactly("c000-r00", "c000-r01");
        assertThat(c.duplicates()).isEqualTo(1);
        assertThat(c.tornTail()).isTrue();
        assertThat(Files.readString(file)).isEqualTo(text);
    }

    @Test
    void aWholeLastRecordWithoutItsNewlineCountsAndTheWriterEndsIt() throws Exception {
        List<String> l = lines();
        Path g = dir.resolve("g");
        Files.writeString(g.resolve(GridFiles.JOURNAL), l.get(0) + "\n" + l.get(1));
        assertThat(Journal.read(g.resolve(GridFiles.JOURNAL)).trials()).hasSize(2);
        try (FolderLock lock = FolderLock.acquire(g); Journal.Writer w = Journal.Writer.open(lock)) {
            assertThat(w.append(TrialRecord.fromJson(l.get(1)))).as("a key already there").isFalse();
            assertThat(w.append(TrialRecord.fromJson(l.get(2)))).isTrue();
        }
        assertThat(Files.readAllLines(g.resolve(GridFiles.JOURNAL))).containsExactlyElementsOf(l);
    }

    @Test
    void theWriterDropsATornTailBeforeItAppends() throws Exception {
        List<String> l = lines();
        Path g = dir.resolve("g");
        Files.writeString(g.resolve(GridFiles.JOURNAL), l.get(0) + "\n" + l.get(1).substring(0, 30));
        try (FolderLock lock = FolderLock.acquire(g); Journal.Writer w = Journal.Writer.open(lock)) {
            w.append(TrialRecord.fromJson(l.get(1)));
        }
        assertThat(Files.readAllLines(g.resolve(GridFiles.JOURNAL))).containsExactly(l.get(0), l.get(1));
    }

    @Test
    void aDamagedLineInTheMiddleIsAnErrorNamingItAndNothingIsRewritten() throws Exception {
        List<String> l = lines();
        Path g = dir.resolve("g");
        String text = l.get(0) + "\n" + l.get(1).substring(0, 40) + "\n" + l.get(2) + "\n";
        Files.writeString(g.resolve(GridFiles.JOURNAL), text);
        assertThatThrownBy(() -> Journal.read(g.resolve(GridFiles.JOURNAL))).isInstanceOf(GridFileException.class)
                .hasMessageStartingWith(g.resolve(GridFiles.JOURNAL) + ":line 2: not a trial record");
        Preparation prep = GridSearchTest.prepare(dir.resolve("delay.csv"));
        Grid grid = new Grid(List.of(GridSearchTest.small().withStrategy("naive", 20, 0, 0)), 4, 1);
        assertThatThrownBy(() -> GridSearch.run(prep, grid, g, 1, GridSearch.Budget.none(), null))
                .hasMessageContaining(":line 2:");
        assertThat(Files.readString(g.resolve(GridFiles.JOURNAL))).isEqualTo(text);
    }

    @Test
    void configurationsThatCannotRunAndOtherDataAreAllFoundBeforeAnyTrial() throws Exception {
        lines(); // a finished grid in g, on the 300-step series
        Path other = dir.resolve("other.csv");
        Files.writeString(other, Files.readString(dir.resolve("delay.csv")).replace("-1.0,", "-1.5,"));
        Preparation prep = GridSearchTest.prepare(other);
        RunConfig s = GridSearchTest.small();
        Grid grid = new Grid(List.of(s.withStrategy("naive", 20, 0, 0), s.withStrategy("naive", 20000, 0, 0),
                s.withStrategy("naive", 20, 0, 0).withBatch(1000), s.withStrategy("one-step", 0, 0, 0).withBatch(1000)), 2, 1);
        Path g = dir.resolve("g");
        List<byte[]> before = new ArrayList<>();
        for (String f : List.of(GridFiles.JOURNAL, GridFiles.LOCK)) {
            before.add(Files.readAllBytes(g.resolve(f)));
        }

        List<String> problems = GridSearch.problems(prep, grid, g);

        assertThat(problems).hasSize(4);
        assertThat(problems.get(0)).startsWith("configuration c001 naive L=20000 lstm H=8: ").contains("20000");
        assertThat(problems.get(1)).startsWith("configuration c002 naive L=20 lstm H=8: ").contains("1000");
        assertThat(problems.get(2)).startsWith("configuration c003 one-step lstm H=8: ").contains("1000");
        assertThat(problems.get(3)).contains("holds trials of other data");
        Grid same = new Grid(List.of(s.withStrategy("naive", 20000, 0, 0), s.withStrategy("naive", 30000, 0, 0).withBatch(1000),
                s.withStrategy("naive", 20000, 0, 0).withEpochs(3)), 1, 1);
        assertThat(GridSearch.problems(prep, same, dir.resolve("new"))).as("one line per problem, naming its configurations")
                .hasSize(2).first().asString().startsWith("2 configurations (c000 naive L=20000 lstm H=8, c002 naive L=20000 lstm H=8): ");
        assertThatThrownBy(() -> GridSearch.run(prep, grid, g, 1, GridSearch.Budget.none(), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessage(String.join("\n", problems));
        assertThat(Files.readAllBytes(g.resolve(GridFiles.JOURNAL))).isEqualTo(before.get(0));
        assertThat(Files.readAllBytes(g.resolve(GridFiles.LOCK))).isEqualTo(before.get(1));
    }

    @Test
    void theKeyIsTheConfigurationsFieldsAndReadsBack() {
        RunConfig c = GridSearchTest.small().withStrategy("decoupled", 0, 5, 10).withLoss(LossType.MAE);
        // release 0.1's key (its RunConfig.toString()): the fields added since are left out at their as-before values
        assertThat(TrialKey.of(c, 7)).isEqualTo(c.toString().replace(", maxUpdates=0, maxSeconds=0.0", "") + "#7")
                .startsWith(TrialKey.prefix(c));
        assertThat(TrialKey.parse(TrialKey.of(c, 7))).isEqualTo(c);
        RunConfig budgeted = c.withBudget(new org.tbptt4j.train.TrainingBudget(2000, 0));
        assertThat(TrialKey.of(budgeted, 1)).endsWith(", loss=MAE, maxUpdates=2000]#1");
        assertThat(TrialKey.parse(TrialKey.of(budgeted, 1))).isEqualTo(budgeted);
        assertThat(TrialKey.repeatOf(TrialKey.of(c, 7))).isEqualTo(7);
        assertThatThrownBy(() -> TrialKey.parse("naive#3")).hasMessageContaining("not RunConfig[...]#repeat");
    }

    @Test
    void everyComponentAddedToRunConfigSinceRelease01HasItsAsBeforeValue() {
        List<String> release01 = List.of("strategy", "length", "k1", "k2", "batch", "cell", "hidden", "layers", "dropout",
                "embedding", "optimizer", "lr", "clipNorm", "epochs", "patience", "seed", "loss");
        for (var rc : RunConfig.class.getRecordComponents()) {
            assertThat(release01.contains(rc.getName()) || TrialKey.ADDED.containsKey(rc.getName()))
                    .as("RunConfig.%s is new: give TrialKey.ADDED its value that behaves as before, or every journal's keys change",
                            rc.getName()).isTrue();
        }
    }

    @Test
    void trialsRecordTheBuildsVersion() throws Exception {
        TrialRecord t = TrialRecord.fromJson(lines().get(0));
        assertThat(t.schema()).isEqualTo(GridFiles.SCHEMA);
        assertThat(t.provenance().tbptt4j()).isEqualTo(GridFiles.libraryVersion()).matches("\\d+\\.\\d+\\.\\d+.*");
        assertThat(t.provenance().java()).isEqualTo(System.getProperty("java.version"));
        assertThat(t.provenance().dataChecksum()).isEqualTo(GridSearch.sha256(dir.resolve("delay.csv")));
        assertThat(t.provenance().kernels()).isNotBlank();
    }

    /** The grid release 0.1 ran for the fixture in release-0.1/ (see its README). */
    private static Grid release01Grid(int repeats) {
        RunConfig base = RunConfig.defaults().withModel(CellType.LSTM, 4, 1).withEpochs(1).withBatch(4)
                .withTraining(OptimizerConfig.Kind.ADAM, 0.01, 1.0, 0);
        return new Grid(List.of(base.withStrategy("naive", 10, 0, 0), base.withStrategy("naive", 10, 5, 10),
                base.withStrategy("naive", 20, 0, 0), base.withStrategy("naive", 20, 5, 10), base.withStrategy("one-step", 0, 0, 0)),
                repeats, 1);
    }

    private Path release01() throws IOException {
        Path old = dir.resolve("old");
        Files.createDirectories(old);
        for (String f : List.of("series.csv", GridFiles.JOURNAL, GridFiles.SUMMARY)) {
            try (var in = GridFolderTest.class.getResourceAsStream("release-0.1/" + f)) {
                Files.copy(in, old.resolve(f));
            }
        }
        return old;
    }

    private static Preparation prepareRelease01(Path old) throws IOException {
        return Preparation.prepare(DataSpec.of(old.resolve("series.csv"))); // what `grid --data series.csv` reads
    }

    @Test
    void aRelease01JournalResumesAndItsSummaryReads() throws Exception {
        Path old = release01();
        Journal.Contents journal = Journal.read(old.resolve(GridFiles.JOURNAL));
        assertThat(journal.trials()).hasSize(10).allSatisfy(t -> {
            assertThat(t.schema()).isZero();
            assertThat(t.config().embedding()).isEqualTo(16);
            assertThat(t.provenance().dataChecksum()).hasSize(64);
        });
        assertThat(journal.trials().get(1).label()).isEqualTo("naive L=10 (5,10) lstm H=4");
        assertThat(journal.trials().get(0).trainedK1()).isEqualTo(10);
        GridSummary summary = GridSummary.read(old.resolve(GridFiles.SUMMARY)).withTrials(journal.trials(), "");
        assertThat(summary.configs()).hasSize(5).allSatisfy(c -> assertThat(c.n()).isEqualTo(2));
        assertThat(summary.best().label()).isEqualTo("one-step lstm H=4");

        Preparation prep = prepareRelease01(old);
        GridSearch.Result same = GridSearch.run(prep, release01Grid(2), old, 1, GridSearch.Budget.none(), null);
        assertThat(same.ranThisTime()).as("every trial of release 0.1 is found").isZero();
        GridSearch.Result more = GridSearch.run(prep, release01Grid(3), old, 1, GridSearch.Budget.none(), null);
        assertThat(more.ranThisTime()).isEqualTo(5);
        assertThat(Journal.read(old.resolve(GridFiles.JOURNAL)).trials()).hasSize(15);
    }
}
