package org.tbptt4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code tbptt4j report DIR}: writes the page from summary.json; a missing directory or summary is a user error (exit 2). */
class ReportCommandTest {

    /** The smallest summary a grid writes: one configuration, no analysis. */
    private static final String SUMMARY = """
            {"schema":1,"data":{"file":"tiny.csv","checksum":"abc","task":"next-step forecasting","sequences":1,"steps":40,
                     "first_values":[0.1,0.4,0.3,0.8,0.5,0.2,0.6,0.9,0.4,0.3,0.1,0.4,0.3,0.8,0.5,0.2,0.6,0.9,0.4,0.3,0.7,0.2]},
             "metric":"validation_loss","lower_is_better":true,"repeats":3,"trials_done":3,"trials_total":3,
             "stopped_early":false,"stop_reason":"",
             "configs":[{"index":0,"label":"naive L=10 (10,10) lstm H=8",
                         "config":{"strategy":"naive","length":10,"k1":10,"k2":10,"batch":4,"cell":"lstm","hidden":8,
                                   "layers":1,"dropout":0.0,"embedding":16,"optimizer":"adam","lr":0.01,"clip_norm":1.0,
                                   "epochs":2,"patience":0,"seed":1,"loss":null},"trained_k1":10,"trained_k2":10,
                         "n":3,"mean":0.2,"sd":0.01,"median":0.2,"ci_low":0.18,"ci_high":0.22,"rank":1,"tie":false,
                         "p_value_vs_best":1.0,"values":[0.19,0.2,0.21],"diverged":0,
                         "curve":{"train":[0.5,0.3],"validation":[0.4,0.2]}}],
             "best":{"index":0,"label":"naive L=10 (10,10) lstm H=8","command":"bin/tbptt4j train --data tiny.csv --length 10"}}
            """;

    record Run(int code, String out, String err) {
    }

    /** Runs the command as Main would once it is registered: same streams, same error handler. */
    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = new CommandLine(new ReportCommand());
        cmd.setOut(new PrintWriter(out));
        cmd.setErr(new PrintWriter(err));
        cmd.setExecutionExceptionHandler(new UserErrors());
        int code = cmd.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void writesThePageAndSaysWhereItIs(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("summary.json"), SUMMARY);

        Run r = run(dir.toString());

        assertThat(r.code()).as(r.err()).isZero();
        Path page = dir.resolve("report.html").toAbsolutePath();
        assertThat(r.out()).contains("report: " + page);
        assertThat(Files.readString(page)).contains("Grid search report", "naive L=10 (10,10) lstm H=8");
    }

    @Test
    void jsonPrintsTheSummaryThePageShowsAndNothingElse(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("summary.json"), SUMMARY);

        Run r = run(dir.toString(), "--json");

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out().strip().lines()).hasSize(1);
        com.fasterxml.jackson.databind.JsonNode o = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.out());
        assertThat(o.path("best").path("label").asText()).isEqualTo("naive L=10 (10,10) lstm H=8");
        assertThat(o.path("configs").get(0).path("mean").asDouble()).isEqualTo(0.2);
        assertThat(dir.resolve("report.html")).exists();
    }

    @Test
    void aMissingDirectorySaysToRunTheGridFirst(@TempDir Path dir) {
        Path missing = dir.resolve("no-such-run");

        Run r = run(missing.toString());

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains(missing.toString(), "no such directory", "tbptt4j grid ... --out")
                .doesNotContain("at org.tbptt4j");
    }

    @Test
    void aDirectoryWithoutSummarySaysToRunTheGridFirst(@TempDir Path dir) {
        Run r = run(dir.toString());

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains(dir.resolve("summary.json").toString(), "no such file", "tbptt4j grid ... --out");
    }

    @Test
    void aDamagedSummaryIsAUserErrorNamingTheFile(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("summary.json"), "{\"data\": [");

        Run r = run(dir.toString());

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains(dir.resolve("summary.json").toString(), "not a valid grid summary");
    }
}
