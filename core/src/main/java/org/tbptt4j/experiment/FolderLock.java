package org.tbptt4j.experiment;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * One writer at a time in a grid output folder: an exclusive OS lock ({@link FileChannel#tryLock})
 * on {@code DIR/grid.lock}, held for the whole run. The file records the holder's pid, host and start
 * so that a refused run can say who holds it.
 *
 * <p>The OS releases the lock when its process dies, however it dies, so a lock file left by a killed
 * run is not a lock: the next run takes it over. The file is never deleted (deleting it would let a
 * run that opened the old file and one that creates a new one both hold "the" lock).
 */
public final class FolderLock implements AutoCloseable {

    /** Another process (or this one) is writing the folder. */
    public static final class HeldException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        HeldException(String message) {
            super(message);
        }
    }

    private final Path dir;
    private final FileChannel channel;
    private final FileLock lock;

    private FolderLock(Path dir, FileChannel channel, FileLock lock) {
        this.dir = dir;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Creates the folder if needed and takes its lock, or fails without writing anything else.
     *
     * @throws HeldException when another run holds it; the message names the folder and the holder
     */
    public static FolderLock acquire(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(GridFiles.LOCK);
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null; // this JVM holds it already
        } catch (IOException e) {
            ch.close();
            throw new IOException(file + ": cannot lock it (" + e.getMessage() + "); the folder's file system may not support"
                    + " locks: use a folder on a local disk", e);
        } catch (RuntimeException e) {
            ch.close();
            throw e;
        }
        if (lock == null) {
            String holder = holder(ch);
            ch.close();
            throw new HeldException(dir + " is in use by another grid run" + (holder.isEmpty() ? "" : " (" + holder + ")")
                    + ": wait for it to end, stop it, or use another output folder");
        }
        try {
            String me = "pid " + ProcessHandle.current().pid() + " on " + host() + " since " + Instant.now() + "\n";
            ch.truncate(0);
            ch.write(ByteBuffer.wrap(me.getBytes(StandardCharsets.UTF_8)), 0);
            ch.force(true);
        } catch (IOException | RuntimeException e) {
            lock.release();
            ch.close();
            throw e;
        }
        return new FolderLock(dir, ch, lock);
    }

    /** What the lock file says about its holder, e.g. "pid 4242 on host since ...", or "" if nothing. */
    private static String holder(FileChannel ch) {
        try {
            ByteBuffer buf = ByteBuffer.allocate((int) Math.min(ch.size(), 512));
            ch.read(buf, 0);
            return new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return "";
        }
    }

    /** This machine's name, without a name lookup (which can hang where DNS is slow). */
    private static String host() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env.strip();
        }
        try {
            return Files.readString(Path.of("/etc/hostname")).strip();
        } catch (IOException | RuntimeException e) {
            return "this host";
        }
    }

    /** The folder this lock holds. */
    public Path dir() {
        return dir;
    }

    /** Releases the lock (the file stays). */
    @Override
    public void close() throws IOException {
        try {
            if (lock.isValid()) {
                lock.release();
            }
        } finally {
            channel.close();
        }
    }
}
