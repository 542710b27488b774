package org.tbptt4j.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.tbptt4j.io.OutputFile;

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
     * written as every output file is (by {@link OutputFile}: atomically, so a reader never sees half a page).
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
        OutputFile.writeString(target, html);
        return target;
    }
}
