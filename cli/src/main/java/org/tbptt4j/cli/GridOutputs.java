package org.tbptt4j.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.tbptt4j.data.Preparation;
import org.tbptt4j.experiment.Experiment;
import org.tbptt4j.experiment.FolderLock;
import org.tbptt4j.experiment.Grid;
import org.tbptt4j.experiment.GridFiles;
import org.tbptt4j.experiment.GridHorizon;
import org.tbptt4j.experiment.GridSummary;
import org.tbptt4j.experiment.Journal;
import org.tbptt4j.experiment.RunConfig;
import org.tbptt4j.experiment.Scoring;
import org.tbptt4j.report.HtmlReport;

/**
 * A running grid's summary.json and report.html, written from the journal by the process holding
 * the folder's lock: at the start, at the end, when the budget is spent and when the run is
 * interrupted (SIGINT, SIGTERM: a shutdown hook). The page comes from {@link HtmlReport#write}, the
 * code of {@code tbptt4j report DIR}.
 */
final class GridOutputs {

    /** The stop reason written while the grid runs; a grid killed outright (SIGKILL) leaves it. */
    static final String RUNNING = "the grid was still running when this was written; if it has stopped, rerun tbptt4j grid"
            + " with the same --out to resume it";

    /** The stop reason of an interrupted grid. */
    static final String INTERRUPTED = "interrupted (SIGINT or SIGTERM) before every trial ran: rerun with the same --out to resume";

    private final Preparation prep;
    private final Grid grid;
    private final FolderLock lock;
    private final String dataArgs;
    /** The baselines, fitted once (they are deterministic) before any trial runs. */
    private final List<GridSummary.BaselineResult> baselines;
    /** The memory horizon measured before the search; null when the grid did not ask for it. */
    private final GridSummary.MemoryHorizon horizon;
    /** The scored test part, once the search has ended ({@link #scoreTest}); null before. */
    private GridSummary.Test test;

    GridOutputs(Preparation prep, Grid grid, FolderLock lock, String dataArgs, GridSummary.MemoryHorizon horizon) {
        this.prep = prep;
        this.grid = grid;
        this.lock = lock;
        this.dataArgs = dataArgs;
        this.horizon = horizon;
        this.baselines = Scoring.baselines(prep, grid.configs().get(0).loss());   // one loss for every configuration
    }

    /** Writes the summary of every trial journalled so far, and the page; returns the summary. */
    synchronized GridSummary write(String stopReason) throws IOException {
        Path dir = lock.dir();
        GridSummary summary = GridSummary.build(prep, grid, Journal.read(dir.resolve(GridFiles.JOURNAL)).trials(), dataArgs,
                stopReason).withTest(test).withBaselines(baselines).withHorizon(horizon);
        summary.write(lock);
        HtmlReport.write(dir);
        return summary;
    }

    /**
     * After the search: trains the recommended configuration with repeat 0's seed (what its command
     * trains) and scores it and the baselines once on the test part; then writes the outputs again.
     * A summary without a recommendation, or data without a test part, is written as it is.
     */
    GridSummary scoreTest(GridSummary summary, String stopReason) throws IOException {
        if (summary.best() == null || prep.test().isEmpty()) {
            return summary;
        }
        RunConfig c = grid.configs().get(summary.best().index()).withSeed(grid.seedOf(0));
        return scoreTest(summary.best().index(), c, Experiment.run(prep, c, null), stopReason);
    }

    /**
     * The test part scored with a configuration already trained (the demo's saved model); then the
     * outputs again. With the memory horizon measured, the configurations that test the ACF's and
     * the horizon's suggestions are scored too, each its repeat 0 trained once more, in rows after
     * the recommended one that say they were not used for selection.
     */
    GridSummary scoreTest(int configIndex, RunConfig c, Experiment.Outcome trained, String stopReason) throws IOException {
        GridSummary.Test scored = Scoring.test(prep, c, trained, configIndex);
        if (scored != null && horizon != null) {
            scored = withSuggested(scored, configIndex);
        }
        synchronized (this) {
            test = scored;
        }
        return write(stopReason);
    }

    /** The test part with a row for each grid configuration that tests a suggestion (ACF, horizon), but the recommended one. */
    private GridSummary.Test withSuggested(GridSummary.Test scored, int recommended) {
        List<GridSummary.TestRow> rows = new java.util.ArrayList<>(scored.rows());
        // the recommended row by every name it has in the grid, so that "horizon: ..." shows when it is the horizon's
        rows.set(0, renamed(rows.get(0), "recommended: " + String.join(" = ", grid.names().get(recommended))));
        int at = 1;
        for (int i = 0; i < grid.configs().size(); i++) {
            List<String> names = grid.names().get(i);
            boolean suggested = names.stream().anyMatch(n -> n.startsWith("domain") || n.startsWith(GridHorizon.PREFIX));
            if (i == recommended || !suggested) {
                continue;
            }
            RunConfig c = grid.configs().get(i).withSeed(grid.seedOf(0));
            GridSummary.TestRow r = Scoring.testRow(prep, c, Experiment.run(prep, c, null));   // the baselines are scored once
            rows.add(at++, renamed(r, String.join(" = ", names) + " (its repeat 0; not used for selection)"));
        }
        return new GridSummary.Test(scored.part(), scored.model(), scored.configIndex(), scored.seed(), scored.columns(), rows,
                scored.actual(), scored.predicted(), scored.note());
    }

    private static GridSummary.TestRow renamed(GridSummary.TestRow r, String name) {
        return new GridSummary.TestRow(name, r.baseline(), r.count(), r.rmse(), r.mae(), r.mase(), r.accuracy(), r.macroF1(),
                r.logLoss(), r.bitsPerToken());
    }

    /** {@link #write}, for a run that is failing already: a second failure here must not hide the first. */
    void writeQuietly(String stopReason) {
        try {
            write(stopReason);
        } catch (IOException | RuntimeException e) {
            // the error that stopped the grid is the one reported
        }
    }

    /** Writes the outputs if the JVM is stopped by a signal before {@link OnInterrupt#close} is called. */
    OnInterrupt onInterrupt() {
        Thread hook = new Thread(() -> {
            writeQuietly(INTERRUPTED);
            System.err.println("tbptt4j: interrupted; " + lock.dir().resolve(GridFiles.SUMMARY) + " and " + GridFiles.REPORT
                    + " hold every trial journalled: rerun with the same --out to resume");
        }, "tbptt4j-grid-interrupted");
        Runtime.getRuntime().addShutdownHook(hook);
        return () -> {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs (or ran) already
            }
        };
    }

    /** The registered shutdown hook; closing it unregisters it. */
    interface OnInterrupt extends AutoCloseable {
        @Override
        void close();
    }
}
