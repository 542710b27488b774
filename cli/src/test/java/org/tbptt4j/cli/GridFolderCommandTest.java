package org.tbptt4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tbptt4j.experiment.GridFiles;
import org.tbptt4j.experiment.Journal;

/** {@code tbptt4j grid} and {@code report} on a folder under misuse: checks first, one writer, readers that never write. */
class GridFolderCommandTest {

    @TempDir
    Path dir;

    private static final String MG = CommandRun.mackeyGlass().toString();

    /** A small grid of {@code repeats} x 2 configurations on Mackey-Glass into out, with more options after. */
    private static String[] grid(Path out, int repeats, String... more) {
        List<String> a = new ArrayList<>(List.of("grid", "--data", MG, "--strategies", "naive", "--lengths", "25,50",
                "--repeats", Integer.toString(repeats), "--epochs", "1", "--hidden", "4", "--batch", "8", "--workers", "1",
                "--out", out.toString(), "--no-progress"));
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    /** Every file of a folder and its bytes. */
    private static Map<String, byte[]> files(Path folder) throws IOException {
        Map<String, byte[]> m = new LinkedHashMap<>();
        try (Stream<Path> s = Files.list(folder)) {
            for (Path p : s.sorted().toList()) {
                m.put(p.getFileName().toString(), Files.readAllBytes(p));
            }
        }
        return m;
    }

    @Test
    void everyInvalidOptionIsListedBeforeAnythingIsWritten() {
        Path out = dir.resolve("g");
        PlanCommandTest.Run r = PlanCommandTest.run("grid", "--data", MG, "--strategies", "naive,decoupled,zigzag", "--lengths",
                "0,10", "--k", "0:5,7", "--hidden", "8,-1", "--batch", "0", "--epochs", "0", "--out", out.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().lines().toList()).allMatch(l -> l.startsWith("tbptt4j: ")).containsExactly(
                "tbptt4j: --strategies: unknown strategy 'zigzag': use as-is, naive, domain, one-step, decoupled, packed, horizon",
                "tbptt4j: --lengths 0: a length is at least 1 step",
                "tbptt4j: --k: '0:5' is not a K1:K2 pair of steps of at least 1, such as 10:50",
                "tbptt4j: --k: '7' is not a K1:K2 pair of steps of at least 1, such as 10:50",
                "tbptt4j: --batch 0: give at least 1",
                "tbptt4j: --hidden -1: a hidden size is at least 1",
                "tbptt4j: --epochs 0: give at least 1");
        assertThat(out).doesNotExist();
    }

    @Test
    void configurationsThatDoNotFitTheDataAreFoundBeforeAnyTrial() throws IOException {
        Path out = dir.resolve("g");
        String[] lengths = grid(out, 2);
        lengths[6] = "25,50,20000";
        PlanCommandTest.Run r = PlanCommandTest.run(lengths);
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).contains("configuration c002 naive L=20000 lstm H=4: length = 20000 is longer than every sequence")
                .doesNotContain("\tat ");
        r = PlanCommandTest.run(grid(out, 2, "--lengths", "25"));
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("c002 naive L=25 lstm H=4 is the same configuration as c000");
        String[] batch = grid(out, 2);
        batch[14] = "1000";
        r = PlanCommandTest.run(batch);
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().lines()).as(r.err()).hasSize(2);
        assertThat(r.err()).contains("configuration c000 naive L=25 lstm H=4: batch = 1000 streams",
                "configuration c001 naive L=50 lstm H=4: batch = 1000 streams");
        Path small = Files.writeString(dir.resolve("small.csv"), "y\n" + "0.5\n0.1\n0.9\n0.3\n".repeat(20)); // 80 steps
        r = PlanCommandTest.run("grid", "--data", small.toString(), "--batch", "20", "--lengths", "5,20", "--repeats", "1",
                "--epochs", "1", "--out", out.toString(), "--no-progress");
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err().lines()).hasSizeGreaterThanOrEqualTo(1).allMatch(l -> l.startsWith("tbptt4j: configuration"));
        assertThat(r.err()).contains("naive L=20");
        assertThat(out).doesNotExist();
    }

    @Test
    void aWrongDataOnAFinishedGridIsRefusedWithEveryFileUnchanged() throws IOException {
        Path out = dir.resolve("g");
        PlanCommandTest.Run first = PlanCommandTest.run(grid(out, 2));
        assertThat(first.code()).as(first.err()).isZero();
        Map<String, byte[]> before = files(out);
        assertThat(before.keySet()).containsExactly("grid.lock", "report.html", "summary.json", "trials.jsonl");
        Path other = Files.writeString(dir.resolve("other.txt"), Files.readString(Path.of(MG)).replaceFirst("\\d", "7"));
        String[] args = grid(out, 2);
        args[2] = other.toString();

        PlanCommandTest.Run again = PlanCommandTest.run(args);

        assertThat(again.code()).isEqualTo(2);
        assertThat(again.err()).contains("holds trials of other data").doesNotContain("\tat ");
        Map<String, byte[]> after = files(out);
        assertThat(after.keySet()).isEqualTo(before.keySet());
        before.forEach((name, bytes) -> assertThat(after.get(name)).as(name).isEqualTo(bytes));
    }

    @Test
    void reportIgnoresATornLastLineCountsADoubledLineOnceAndChangesNothingButThePage() throws IOException {
        Path out = dir.resolve("g");
        assertThat(PlanCommandTest.run(grid(out, 2)).code()).isZero();
        Path journal = out.resolve("trials.jsonl");
        List<String> lines = Files.readAllLines(journal);
        Files.writeString(journal, lines.get(0) + "\n", StandardOpenOption.APPEND); // the first trial twice
        Files.writeString(journal, lines.get(1).substring(0, 60), StandardOpenOption.APPEND); // a torn last line
        Map<String, byte[]> before = files(out);

        PlanCommandTest.Run r = PlanCommandTest.run("report", out.toString());

        assertThat(r.code()).as(r.err()).isZero();
        Map<String, byte[]> after = files(out);
        before.forEach((name, bytes) -> {
            if (!name.equals("report.html")) {
                assertThat(after.get(name)).as(name).isEqualTo(bytes);
            }
        });
        String page = Files.readString(out.resolve("report.html"));
        assertThat(page).contains("Trials: 4 of 4 done", "last line was cut short");
        assertThat(page.split("<td>2</td><td>", -1)).as("n = 2 of 2 repeats in both rows").hasSize(3);
    }

    @Test
    void aDamagedLineInTheMiddleIsAnErrorNamingItForGridAndReport() throws IOException {
        Path out = dir.resolve("g");
        assertThat(PlanCommandTest.run(grid(out, 2)).code()).isZero();
        Path journal = out.resolve("trials.jsonl");
        List<String> lines = new ArrayList<>(Files.readAllLines(journal));
        lines.set(1, lines.get(1).substring(0, 60));
        Files.write(journal, lines);
        Map<String, byte[]> before = files(out);

        CommandRun report = CommandRun.of(new ReportCommand(), out.toString());
        report.assertUserError(journal + ":line 2: not a trial record");
        PlanCommandTest.Run grid = PlanCommandTest.run(grid(out, 3));
        assertThat(grid.code()).isEqualTo(2);
        assertThat(grid.err()).contains(journal + ":line 2:");

        Map<String, byte[]> after = files(out);
        before.forEach((name, bytes) -> assertThat(after.get(name)).as(name).isEqualTo(bytes));
    }

    /** Starts {@code tbptt4j} in a JVM of its own and returns once it has journalled a trial into out. */
    private static Process startGrid(Path out, String... args) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> cmd = new ArrayList<>(List.of(java.toString(), "--add-modules", "jdk.incubator.vector",
                "-Djava.awt.headless=true", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        Path journal = out.resolve(GridFiles.JOURNAL);
        while (!(Files.exists(journal) && !Journal.read(journal).trials().isEmpty())) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                p.destroyForcibly();
                throw new IllegalStateException("the grid process " + (p.isAlive() ? "journalled nothing in 90 s" : "ended"));
            }
            Thread.sleep(50);
        }
        return p;
    }

    @Test
    void aSecondGridOnTheFolderIsRefusedAndAnInterruptedGridWritesItsSummaryAndPage() throws Exception {
        Path out = dir.resolve("g");
        Process first = startGrid(out, grid(out, 40));
        try {
            Map<String, byte[]> before = files(out);
            CommandRun second = CommandRun.of(new GridCommand(), java.util.Arrays.copyOfRange(grid(out, 40), 1, grid(out, 40).length));
            second.assertUserError(out + " is in use by another grid run (pid " + first.pid());
            byte[] journalBefore = before.get("trials.jsonl");
            byte[] journalNow = Files.readAllBytes(out.resolve("trials.jsonl"));
            assertThat(new String(journalNow, 0, journalBefore.length)).as("the journal only grew")
                    .isEqualTo(new String(journalBefore));
        } finally {
            first.destroy(); // SIGTERM
            assertThat(first.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
        JsonNode summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        int journalled = Journal.read(out.resolve("trials.jsonl")).trials().size();
        assertThat(summary.path("stop_reason").asText()).isEqualTo(GridOutputs.INTERRUPTED);
        assertThat(summary.path("trials_done").asInt()).isBetween(1, journalled);
        assertThat(Files.readString(out.resolve("report.html"))).contains("stopped early: interrupted");

        PlanCommandTest.Run resumed = PlanCommandTest.run(grid(out, 40));
        assertThat(resumed.code()).as(resumed.err()).isZero();
        assertThat(resumed.out()).contains("80 of 80 trials done (" + (80 - journalled) + " this run)");
        assertThat(Journal.read(out.resolve("trials.jsonl")).trials()).hasSize(80);
        assertThat(Files.readAllLines(out.resolve("trials.jsonl"))).hasSize(80);
    }

    @Test
    void versionIsTheBuildsAsEveryTrialRecordsIt() {
        PlanCommandTest.Run r = PlanCommandTest.run("--version");
        assertThat(r.out()).startsWith("tbptt4j " + GridFiles.libraryVersion() + ", Java ").doesNotContain("dev");
    }

    @Test
    void aRelease01GridFolderResumesAndReports() throws IOException {
        Path fixture = Path.of(System.getProperty("maven.multiModuleProjectDirectory", ".."))
                .resolve("core/src/test/resources/org/tbptt4j/experiment/release-0.1");
        Path old = dir.resolve("old");
        Files.createDirectories(old);
        for (String f : List.of("series.csv", "trials.jsonl", "summary.json")) {
            Files.copy(fixture.resolve(f), old.resolve(f));
        }
        PlanCommandTest.Run report = PlanCommandTest.run("report", old.toString());
        assertThat(report.code()).as(report.err()).isZero();
        assertThat(Files.readString(old.resolve("report.html"))).contains("Trials: 10 of 10 done", "one-step lstm H=4");

        PlanCommandTest.Run r = PlanCommandTest.run("grid", "--data", old.resolve("series.csv").toString(), "--strategies",
                "naive,one-step", "--lengths", "10,20", "--k", "5:10", "--repeats", "3", "--epochs", "1", "--hidden", "4",
                "--batch", "4", "--workers", "1", "--out", old.toString(), "--no-progress");

        assertThat(r.code()).as(r.err()).isZero();
        // release 0.1 ran naive L=20 (5,10) apart; it trains as naive L=10 (5,10) does, so it runs once now:
        // its 0.1 trials stay in the journal, and the 8 of the other four configurations resume
        assertThat(r.out()).contains("same training, run once: naive L=10 (5,10) lstm H=4 = naive L=20 (5,10) lstm H=4")
                .contains("12 of 12 trials done (4 this run)");
    }
}
