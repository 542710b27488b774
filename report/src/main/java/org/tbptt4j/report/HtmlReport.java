package org.tbptt4j.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.tbptt4j.experiment.GridFiles;
import org.tbptt4j.experiment.GridSummary;
import org.tbptt4j.experiment.Journal;
import org.tbptt4j.io.OutputFile;

/**
 * Writes a grid output directory's {@code report.html}: one self-contained page (inline CSS, charts
 * as PNG data URIs, no network) built from {@code summary.json} and {@code trials.jsonl}, read with
 * core's readers. The statistics are computed again from the journal, in memory: the page shows
 * every finished trial, even those journalled after the summary was written, and neither file is
 * changed.
 */
public final class HtmlReport {

    /** The page's file name inside the grid output directory. */
    public static final String NAME = GridFiles.REPORT;

    private HtmlReport() {
    }

    /**
     * Renders DIR/summary.json (and DIR/trials.jsonl, if present) into DIR/report.html. The page is
     * written as every output file is (by {@link OutputFile}: atomically, so a reader never sees half a page).
     *
     * @return the page's path
     * @throws org.tbptt4j.experiment.GridFileException when summary.json is missing or malformed, or a
     *                                                  journal line other than an unfinished last one is damaged
     * @throws IOException                              when a file cannot be read or the page cannot be written
     */
    public static Path write(Path dir) throws IOException {
        return writeReport(dir).page();
    }

    /**
     * A page written, and the summary it shows (its statistics computed again from the journal).
     *
     * @param page    DIR/report.html
     * @param summary what the page shows, as {@code summary.json} has it
     */
    public record Written(Path page, GridSummary summary) {
    }

    /** {@link #write}, returning the summary the page shows too. */
    public static Written writeReport(Path dir) throws IOException {
        GridSummary summary = GridSummary.read(dir.resolve(GridFiles.SUMMARY));
        Path journalFile = dir.resolve(GridFiles.JOURNAL);
        Journal.Contents journal = Files.isRegularFile(journalFile) ? Journal.read(journalFile) : null;
        if (journal != null && !summary.grid().isEmpty()) {
            summary = summary.withTrials(journal.trials(), summary.stopReason());
        }
        String html = ReportPage.html(summary, journal);
        Path target = dir.resolve(NAME);
        OutputFile.writeString(target, html);
        return new Written(target, summary);
    }
}
