package org.tbptt4j.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The grid's journal, {@code trials.jsonl}: one JSON object per finished trial, appended and forced
 * to disk as each trial finishes, so a run killed at any point loses at most the trials in flight.
 * On opening, a last line cut short by a crash is removed (it never was a finished trial).
 */
public final class Journal implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final FileChannel channel;
    private final List<JsonNode> entries;

    private Journal(Path file, FileChannel channel, List<JsonNode> entries) {
        this.file = file;
        this.channel = channel;
        this.entries = entries;
    }

    /** Opens (or creates) the journal, reading the finished trials and dropping a torn last line. */
    public static Journal open(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            List<JsonNode> entries = new ArrayList<>();
            long keep = readEntries(file, ch, entries);
            if (keep < ch.size()) {
                ch.truncate(keep);
                ch.force(true);
            }
            ch.position(ch.size());
            return new Journal(file, ch, entries);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** Reads every complete line; returns the length of the file up to the last complete, valid line. */
    private static long readEntries(Path file, FileChannel ch, List<JsonNode> entries) throws IOException {
        byte[] all = new byte[(int) ch.size()];
        ByteBuffer buf = ByteBuffer.wrap(all);
        ch.position(0);
        while (buf.hasRemaining() && ch.read(buf) >= 0) {
            // read the whole file
        }
        long keep = 0;
        int start = 0;
        int lineNo = 0;
        for (int i = 0; i <= all.length; i++) {
            boolean end = i == all.length;
            if (!end && all[i] != '\n') {
                continue;
            }
            lineNo++;
            String line = new String(all, start, i - start, StandardCharsets.UTF_8).trim();
            if (!line.isEmpty()) {
                try {
                    JsonNode n = JSON.readTree(line);
                    if (end) {
                        break; // no newline after it: a torn write, even if it parses
                    }
                    entries.add(n);
                } catch (IOException e) {
                    if (end) {
                        break; // a torn last line
                    }
                    throw new IllegalArgumentException(file + ": line " + lineNo + " is not a JSON trial record ("
                            + e.getMessage().lines().findFirst().orElse("") + "); remove or fix that line, or use a new --out folder");
                }
            }
            if (!end) {
                keep = i + 1;
            }
            start = i + 1;
        }
        return keep;
    }

    /** The finished trials read when the journal was opened, plus those appended since. */
    public synchronized List<JsonNode> entries() {
        return List.copyOf(entries);
    }

    /** Appends one finished trial and forces it to disk. */
    public synchronized void append(ObjectNode trial) throws IOException {
        byte[] line = (JSON.writeValueAsString(trial) + "\n").getBytes(StandardCharsets.UTF_8);
        ByteBuffer buf = ByteBuffer.wrap(line);
        while (buf.hasRemaining()) {
            channel.write(buf);
        }
        channel.force(false);
        entries.add(trial);
    }

    public Path file() {
        return file;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
