package org.tbptt4j.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.tbptt4j.data.Preparation;
import org.tbptt4j.experiment.FolderLock;
import org.tbptt4j.experiment.Grid;
import org.tbptt4j.experiment.GridFiles;
import org.tbptt4j.experiment.GridSummary;
import org.tbptt4j.experiment.Journal;
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

    GridOutputs(Preparation prep, Grid grid, FolderLock lock, String dataArgs) {
        this.prep = prep;
        this.grid = grid;
        this.lock = lock;
        this.dataArgs = dataArgs;
    }

    /** Writes the summary of every trial journalled so far, and the page; returns the summary. */
    synchronized GridSummary write(String stopReason) throws IOException {
        Path dir = lock.dir();
        GridSummary summary = GridSummary.build(prep, grid, Journal.read(dir.resolve(GridFiles.JOURNAL)).trials(), dataArgs,
                stopReason);
        summary.write(lock);
        HtmlReport.write(dir);
        return summary;
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
