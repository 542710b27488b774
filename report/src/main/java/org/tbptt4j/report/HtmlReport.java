package org.tbptt4j.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes a grid output directory's {@code report.html}: one self-contained page (inline CSS, charts
 * as PNG data URIs, no network) built from {@code summary.json}, with the versions that ran the
 * trials taken from {@code trials.jsonl} when it is there.
 */
public final class HtmlReport {

    /** The page's file name inside the grid output directory. */
    public static final String NAME = "report.html";

    private HtmlReport() {
    }

    /**
     * Renders DIR/summary.json (and DIR/trials.jsonl, if present) into DIR/report.html. The page is
     * written to a temporary file in DIR and renamed over report.html, so a reader never sees half a page.
     *
     * @return the page's path
     * @throws ReportInputException when summary.json is missing or malformed, or a journal line other
     *                              than the last is damaged
     * @throws IOException          when a file cannot be read or the page cannot be written
     */
    public static Path write(Path dir) throws IOException {
        Summary summary = SummaryFile.read(dir.resolve(SummaryFile.NAME));
        Path journalFile = dir.resolve(Journal.NAME);
        Journal journal = Files.isRegularFile(journalFile) ? Journal.read(journalFile) : null;
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
