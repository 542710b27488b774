package org.tbptt4j.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.tbptt4j.experiment.GridFiles;
import org.tbptt4j.report.HtmlReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code tbptt4j report DIR}: rebuilds DIR/report.html, the grid search's self-contained page, from
 * DIR/summary.json and every trial in DIR/trials.jsonl, for instance while a grid runs, after an
 * interrupted run, or with a newer tbptt4j. It writes the page only: the journal and the summary are
 * read, never changed (a grid that is running may be writing them).
 */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Rebuilds a grid search's report.html, its statistics computed again from every trial in the journal",
                "(DIR/trials.jsonl). Reads DIR/summary.json and the journal without changing them.",
                "The page is self-contained: open it in any browser, offline."})
final class ReportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "The grid's output directory (its --out).")
    Path dir;

    @Option(names = "--json", description = "Print the summary the page shows (summary.json's object with its statistics computed"
            + " again from the journal, as `grid --json` prints it) as one JSON object, and nothing else.")
    boolean json;

    @Mixin
    GlobalOptions global;

    @Override
    public Integer call() throws Exception {
        if (!Files.isDirectory(dir)) {
            throw new UserErrors.UserError(dir + ": no such directory; run `tbptt4j grid ... --out " + dir
                    + "` first, or name the directory a grid wrote");
        }
        Path summary = dir.resolve(GridFiles.SUMMARY);
        if (!Files.isRegularFile(summary)) {
            throw new UserErrors.UserError(summary + ": no such file, so there is nothing to report; run `tbptt4j grid ... --out "
                    + dir + "` first (a grid stopped before its end writes it too)");
        }
        HtmlReport.Written page = HtmlReport.writeReport(dir);
        PrintWriter out = spec.commandLine().getOut();
        out.println(json ? GridFiles.JSON.writeValueAsString(page.summary()) : "report: " + page.page().toAbsolutePath());
        out.flush();
        return 0;
    }
}
