package org.tbptt4j.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import com.fasterxml.jackson.core.JacksonException;

/**
 * The grid's journal {@code trials.jsonl}: one JSON object per finished trial, one per line, in the
 * order they finished.
 *
 * <p>The grid appends a line when a trial finishes, so a crash can leave the last line cut short:
 * an unparsable last line is dropped ({@link #lastLineDropped()} says so). An unparsable line
 * anywhere else is damage, and reading fails naming the file and the line. Blank lines are skipped.
 *
 * @param trials          the trials read, in file order
 * @param lastLineDropped whether an unparsable (truncated) last line was ignored
 */
public record Journal(List<Trial> trials, boolean lastLineDropped) {

    /** The journal's file name inside a grid output directory. */
    public static final String NAME = "trials.jsonl";

    public Journal {
        trials = List.copyOf(trials);
    }

    /**
     * Reads a journal.
     *
     * @throws ReportInputException when a line other than the last is not a trial (names file and line)
     * @throws IOException          when the file cannot be read
     */
    public static Journal read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        int last = lines.size() - 1;
        while (last >= 0 && lines.get(last).isBlank()) {
            last--;
        }
        List<Trial> trials = new ArrayList<>();
        boolean dropped = false;
        for (int i = 0; i <= last; i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            try {
                trials.add(parse(line));
            } catch (JacksonException | IllegalArgumentException e) {
                if (i == last) {
                    dropped = true; // cut short by a crash while it was being appended
                } else {
                    throw new ReportInputException(file.toString(), i + 1L, "not a trial record ("
                            + message(e) + "); remove or repair that line, or rerun the grid", e);
                }
            }
        }
        return new Journal(trials, dropped);
    }

    private static Trial parse(String line) throws JacksonException {
        Trial trial = Json.MAPPER.readValue(line, Trial.class);
        if (trial == null || trial.trial() == null || trial.config() == null) {
            throw new IllegalArgumentException("no \"trial\" id or no \"config\"");
        }
        return trial;
    }

    private static String message(Exception e) {
        return e instanceof JacksonException j ? j.getOriginalMessage() : e.getMessage();
    }
}
