package org.tbptt4j.experiment;

import com.fasterxml.jackson.core.JacksonException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The grid's journal, {@code trials.jsonl}: one {@link TrialRecord} per line, appended and forced to
 * disk as each trial finishes, so a run killed at any point loses at most the trials in flight.
 *
 * <p>{@link #read} never writes. It ignores a last line cut short by a crash (no newline, not a
 * whole record; a whole record that only lacks its newline counts), counts a key written twice once
 * (the first line wins), and refuses a damaged line anywhere else, naming it. Only a {@link Writer},
 * which needs the folder's {@link FolderLock}, repairs the tail before it appends.
 */
public final class Journal {

    private Journal() {
    }

    /**
     * What a journal holds.
     *
     * @param file           where it was read from
     * @param trials         the trials, each key once, in the order they were first journalled
     * @param duplicates     lines ignored because their key came earlier
     * @param tornTail       whether an unterminated, unreadable last line was ignored
     * @param completeLength bytes up to the end of the last whole record (a writer truncates there)
     * @param missingNewline whether the last whole record lacks its newline (a writer adds it)
     */
    public record Contents(Path file, List<TrialRecord> trials, int duplicates, boolean tornTail, long completeLength,
                           boolean missingNewline) {
        public Contents {
            trials = List.copyOf(trials);
        }
    }

    /** Reads the journal without changing it; a missing file reads as an empty journal. */
    public static Contents read(Path file) throws IOException {
        if (!Files.exists(file)) {
            return new Contents(file, List.of(), 0, false, 0, false);
        }
        return parse(file, Files.readAllBytes(file));
    }

    private static Contents parse(Path file, byte[] all) {
        List<TrialRecord> trials = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        int duplicates = 0;
        boolean torn = false;
        boolean missingNewline = false;
        long complete = 0;
        int start = 0;
        int lineNo = 0;
        while (start < all.length) {
            int nl = start;
            while (nl < all.length && all[nl] != '\n') {
                nl++;
            }
            boolean terminated = nl < all.length;
            lineNo++;
            String line = new String(all, start, nl - start, StandardCharsets.UTF_8).strip();
            if (!line.isEmpty()) {
                TrialRecord t;
                try {
                    t = TrialRecord.fromJson(line);
                } catch (JacksonException | IllegalArgumentException e) {
                    if (!terminated) {
                        torn = true; // cut short by a crash while it was appended: never a finished trial
                        break;
                    }
                    throw new GridFileException(file, lineNo, "not a trial record (" + message(e) + "); remove or repair that"
                            + " line (resume and report ignore only an unfinished last line), or use a new output folder", e);
                } catch (IOException e) {
                    throw new IllegalStateException(e); // reading a String: no I/O
                }
                if (keys.add(t.key())) {
                    trials.add(t);
                } else {
                    duplicates++;
                }
                missingNewline = !terminated;
            }
            complete = terminated ? nl + 1 : all.length;
            start = nl + 1;
        }
        return new Contents(file, trials, duplicates, torn, torn ? complete : all.length, missingNewline);
    }

    private static String message(Exception e) {
        String m = e instanceof JacksonException j ? j.getOriginalMessage() : e.getMessage();
        return m == null ? e.toString() : m.lines().findFirst().orElse("");
    }

    /**
     * The journal opened for appending by the process holding the folder's lock: opening drops a
     * torn last line and ends a whole last record that lacks its newline, so appends start on a line
     * of their own.
     */
    public static final class Writer implements AutoCloseable {

        private final Path file;
        private final FileChannel channel;
        private final List<TrialRecord> trials;
        private final Set<String> keys = new HashSet<>();

        private Writer(Path file, FileChannel channel, List<TrialRecord> trials) {
            this.file = file;
            this.channel = channel;
            this.trials = new ArrayList<>(trials);
            trials.forEach(t -> keys.add(t.key()));
        }

        /** Opens (or creates) the journal in the locked folder and repairs its tail. */
        public static Writer open(FolderLock lock) throws IOException {
            Path file = lock.dir().resolve(GridFiles.JOURNAL);
            FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            try {
                byte[] all = new byte[(int) ch.size()];
                ByteBuffer buf = ByteBuffer.wrap(all);
                while (buf.hasRemaining() && ch.read(buf, buf.position()) >= 0) {
                    // the whole file
                }
                Contents c = parse(file, all);
                if (c.completeLength() < ch.size()) {
                    ch.truncate(c.completeLength());
                }
                ch.position(ch.size());
                if (c.missingNewline()) {
                    write(ch, new byte[] {'\n'});
                }
                ch.force(true);
                return new Writer(file, ch, c.trials());
            } catch (IOException | RuntimeException e) {
                ch.close();
                throw e;
            }
        }

        /** The trials read on opening plus those appended since. */
        public synchronized List<TrialRecord> trials() {
            return List.copyOf(trials);
        }

        /** Appends one finished trial and forces it to disk; a key already journalled is not appended again. */
        public synchronized boolean append(TrialRecord trial) throws IOException {
            if (!keys.add(trial.key())) {
                return false;
            }
            write(channel, (trial.toJson() + "\n").getBytes(StandardCharsets.UTF_8));
            channel.force(false);
            trials.add(trial);
            return true;
        }

        private static void write(FileChannel ch, byte[] bytes) throws IOException {
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
        }

        public Path file() {
            return file;
        }

        @Override
        public synchronized void close() throws IOException {
            channel.close();
        }
    }
}
