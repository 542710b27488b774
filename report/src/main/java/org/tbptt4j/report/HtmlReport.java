package org.tbptt4j.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import org.tbptt4j.experiment.GridFiles;
import org.tbptt4j.experiment.GridSummary;
import org.tbptt4j.experiment.Journal;

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
     * Renders DIR/summary.json and DIR/trials.jsonl (if present) into DIR/report.html. The page is
     * written to a temporary file in DIR and renamed over report.html, so a reader never sees half a page.
     *
     * @return the page's path
     * @throws org.tbptt4j.experiment.GridFileException when summary.json is missing or malformed, or a
     *                                                  journal line other than an unfinished last one is damaged
     * @throws IOException                              when a file cannot be read or the page cannot be written
     */
    public static Path write(Path dir) throws IOException {
        GridSummary summary = GridSummary.read(dir.resolve(GridFiles.SUMMARY));
        Path journalFile = dir.resolve(GridFiles.JOURNAL);
        Journal.Contents journal = Files.isRegularFile(journalFile) ? Journal.read(journalFile) : null;
        if (journal != null && !summary.grid().isEmpty()) {
            summary = summary.withTrials(journal.trials(), summary.stopReason());
        }
        String html = ReportPage.html(summary, journal);
        Path target = dir.resolve(NAME);
        Path tmp = Files.createTempFile(dir, "." + NAME + ".", ".tmp");
        try {
            readableByAll(tmp);
            Files.writeString(tmp, html, StandardCharsets.UTF_8);
            move(tmp, target);
        } finally {
            Files.deleteIfExists(tmp); // left only when the move failed
        }
        return target;
    }

    /** Temporary files start owner-only (0600); the page is meant to be shared like any report (0644). */
    private static void readableByAll(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        } catch (UnsupportedOperationException notPosix) {
            // Windows and the like: the temporary file already has the directory's default access
        }
    }

    private static void move(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
