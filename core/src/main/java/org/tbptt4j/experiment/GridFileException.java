package org.tbptt4j.experiment;

import java.nio.file.Path;

/**
 * A grid output file that cannot be read: the message names the file, the 1-based line where there
 * is one, what is wrong and what to do, e.g.
 * {@code out/trials.jsonl:line 7: not a trial record (Unexpected character ...); remove or repair that line}.
 * An {@link IllegalArgumentException}, so the command line reports it as a user error (exit 2).
 */
public final class GridFileException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** A problem with the file as a whole (missing, not JSON, not a summary). */
    public GridFileException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
    }

    /** A problem on one line (1-based). */
    public GridFileException(Path file, long line, String problem, Throwable cause) {
        super(file + ":line " + line + ": " + problem, cause);
    }
}
