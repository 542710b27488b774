package org.tbptt4j.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import com.fasterxml.jackson.core.JacksonException;

/** Reads a grid's {@code summary.json} into a {@link Summary}. */
public final class SummaryFile {

    /** The summary's file name inside a grid output directory. */
    public static final String NAME = "summary.json";

    private SummaryFile() {
    }

    /**
     * Reads the summary file.
     *
     * @throws ReportInputException when the file is missing or is not a summary (the message names it)
     * @throws IOException          when the file exists but cannot be read
     */
    public static Summary read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new ReportInputException(file.toString(), "no such file; run `tbptt4j grid ... --out DIR` first", null);
        }
        try {
            Summary summary = Json.MAPPER.readValue(file.toFile(), Summary.class);
            if (summary == null || summary.data() == null) {
                throw new ReportInputException(file.toString(), "not a grid summary (no \"data\" object); "
                        + "rerun `tbptt4j grid ... --out DIR` to rewrite it", null);
            }
            return summary;
        } catch (JacksonException e) {
            throw new ReportInputException(file.toString(), "not a valid grid summary (" + e.getOriginalMessage()
                    + "); rerun `tbptt4j grid ... --out DIR` to rewrite it", e);
        }
    }
}
