package org.tbptt4j.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes an output file, the one way the library and every command do (predictions, exported arrays,
 * a grid's summary and report; a model directory is written by {@link AtomicDirectory} the same way):
 *
 * <ul>
 *   <li>a regular file, new or existing, is replaced atomically: the content goes to a hidden
 *       temporary sibling (see {@link TemporarySiblings}), is forced to disk and renamed over the
 *       file, so a reader sees the old content or the new, and a failure leaves the old file as it
 *       was and no temporary file behind. A new file gets the permissions the process's umask
 *       gives (as the shell's {@code >} does); a replaced file keeps its own, and its owner and
 *       group where the process may set them (root, as for {@code sudo});</li>
 *   <li>a symbolic link: its target is written (and created, if missing); the link stays;</li>
 *   <li>anything else, a FIFO, a device ({@code /dev/null}), or an open descriptor such as
 *       {@code /dev/stdout} ({@code /proc/self/fd/N}), is opened and written in place, appended to,
 *       never truncated nor replaced, so it keeps what the shell made of it ({@code >} or {@code >>});</li>
 *   <li>a directory, a missing folder or a read-only file is refused before anything is written.</li>
 * </ul>
 *
 * Before writing into a folder, the temporary files of killed earlier runs there are removed. Every
 * failure is an {@link IOException} whose message names the file as given and the reason
 * ({@code cannot write out.csv: No space left on device; the old content is unchanged}), never only a
 * temporary file's name.
 */
public final class OutputFile {

    /** Writes the content to the stream it is given (buffered; closed by the caller). */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Where the bytes go: the file replaced (regular) or opened in place, after following links. */
    private record Target(Path given, boolean linked, Path file, boolean inPlace, PosixFileAttributes keep) {

        /** "out.csv", or "out.csv (a link to /data/out.csv)". */
        String describe() {
            return linked ? given + " (a link to " + file + ")" : given.toString();
        }
    }

    private static final int MAX_LINKS = 40; // as Linux's ELOOP

    private OutputFile() {
    }

    /** Writes {@code text} as UTF-8 to {@code file} (see the class comment). */
    public static void writeString(Path file, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        write(file, out -> out.write(bytes));
    }

    /** Writes what {@code content} writes to {@code file} (see the class comment). */
    public static void write(Path file, Content content) throws IOException {
        writeAll(Map.of(file, content));
    }

    /**
     * Writes several files as a set, in the map's order: every new content is written and forced to
     * disk before the first is renamed into place, so a failure (a full disk) leaves every old file as
     * it was, never new files beside old ones. (FIFOs and devices are written in place as they come.)
     */
    public static void writeAll(Map<Path, Content> files) throws IOException {
        List<Target> targets = new ArrayList<>();
        for (Path file : files.keySet()) {
            targets.add(resolve(file));
        }
        List<Prepared> prepared = new ArrayList<>();
        try {
            for (Target t : targets) {
                if (t.inPlace()) {
                    writeInPlace(t, files.get(t.given()));
                } else {
                    prepared.add(prepare(t, files.get(t.given())));
                }
            }
            for (Prepared p : prepared) {
                p.commit();
            }
        } catch (IOException | RuntimeException | Error e) {
            for (Prepared p : prepared) {
                deleteQuietly(p.tmp(), e);
            }
            throw e;
        }
    }

    /**
     * Checks, writing nothing, that {@code file} can be written: its folder exists, it is not a folder
     * and not read-only; for a command to refuse before its work rather than after.
     *
     * @throws IOException saying why not, naming {@code file}
     */
    public static void check(Path file) throws IOException {
        resolve(file);
    }

    /** Where a write of {@code given} lands: its folder's real path, and its own links followed. */
    private record Landing(Path file, boolean linked, boolean descriptor) {
    }

    /**
     * The path a write of {@code given} lands on: its folder (which must exist) as its real path, and
     * a symbolic link at its end followed to what it names (which may not exist yet).
     */
    static Path followLinks(Path given) throws IOException {
        return land(given).file();
    }

    private static Landing land(Path given) throws IOException {
        Path p = given.toAbsolutePath();
        for (int links = 0; links <= MAX_LINKS; links++) {
            Path name = p.getFileName();
            Path parent = p.getParent();
            if (name == null || parent == null) {
                throw new IOException("cannot write " + given + ": it is a directory; give the path of a file");
            }
            Path dir = realDirectory(given, parent);
            Path file = dir.resolve(name);
            if (dir.startsWith("/proc") || dir.startsWith("/dev/fd")) {
                return new Landing(file, false, true); // an open descriptor: its link names no path to replace
            }
            if (!Files.isSymbolicLink(file)) {
                return new Landing(file.normalize(), links > 0, false);
            }
            p = dir.resolve(Files.readSymbolicLink(file));
        }
        throw new IOException("cannot write " + given + ": more than " + MAX_LINKS + " symbolic links to follow; is there a loop?");
    }

    private static Target resolve(Path given) throws IOException {
        Landing l = land(given);
        Path file = l.file();
        if (l.descriptor()) {
            if (!Files.exists(file)) {
                throw new IOException("cannot write " + given + ": no such file or descriptor (nothing can be created in "
                        + file.getParent() + ")");
            }
            return new Target(given, false, file, true, null);
        }
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException absent) {
            requireWritable(given, file.getParent(), file.getParent());
            return new Target(given, l.linked(), file, false, null);
        }
        if (a.isDirectory()) {
            throw new IOException("cannot write " + given + ": it is a directory; give the path of a file");
        }
        if (!a.isRegularFile()) {
            return new Target(given, l.linked(), file, true, null);
        }
        requireWritable(given, file, file.getParent());
        return new Target(given, l.linked(), file, false, permissions(file));
    }

    private static Path realDirectory(Path given, Path dir) throws IOException {
        try {
            Path real = dir.toRealPath();
            if (!Files.isDirectory(real)) {
                throw new IOException("cannot write " + given + ": " + dir + " is not a directory");
            }
            return real;
        } catch (NoSuchFileException e) {
            throw new IOException("cannot write " + given + ": the directory " + dir + " does not exist; create it first", e);
        }
    }

    private static void requireWritable(Path given, Path what, Path dir) throws IOException {
        if (!Files.isWritable(what)) {
            throw new IOException("cannot write " + given + ": permission denied"
                    + (what.equals(dir) ? " in the directory " + dir : " (the file is read-only)"));
        }
        if (!what.equals(dir) && !Files.isWritable(dir)) {
            throw new IOException("cannot write " + given + ": permission denied in the directory " + dir
                    + " (the file is replaced by a new one there)");
        }
    }

    private static PosixFileAttributes permissions(Path file) throws IOException {
        PosixFileAttributeView posix = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        return posix == null ? null : posix.readAttributes();
    }

    /** Gives {@code to} the permissions of {@code from}, and its owner and group where allowed; nothing off POSIX. */
    static void copyAccess(Path from, Path to) throws IOException {
        PosixFileAttributes old = permissions(from);
        if (old != null) {
            copyAccess(old, to);
        }
    }

    /** Gives the new file the old one's permissions, and its owner and group where allowed. */
    private static void copyAccess(PosixFileAttributes old, Path tmp) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(tmp, PosixFileAttributeView.class);
        PosixFileAttributes now = view.readAttributes();
        try {
            if (!now.owner().equals(old.owner())) {
                view.setOwner(old.owner());
            }
            if (!now.group().equals(old.group())) {
                view.setGroup(old.group());
            }
        } catch (IOException notAllowed) {
            // only root may give a file away: the new file is this user's, as any file it creates
        }
        view.setPermissions(old.permissions());
    }

    private static void writeInPlace(Target t, Content content) throws IOException {
        RecordingOutputStream out;
        try {
            out = new RecordingOutputStream(new BufferedOutputStream(
                    Files.newOutputStream(t.file(), StandardOpenOption.WRITE, StandardOpenOption.APPEND), 1 << 16));
        } catch (IOException e) {
            throw failure(t.describe(), e, false);
        }
        try (out) {
            content.writeTo(out);
        } catch (IOException e) {
            throw out.first() != null ? failure(t.describe(), e, false) : e;
        }
    }

    /** New content written and forced to disk in {@code tmp}, to be renamed over its target. */
    private record Prepared(Target target, Path tmp, boolean existed) {

        void commit() throws IOException {
            try {
                Files.move(tmp, target.file(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw failure(target.describe(), e, existed);
            }
            AtomicDirectory.syncDirectory(target.file().getParent());
        }
    }

    /** Writes the content into a new temporary sibling of the target, with the target's access; removed on failure. */
    private static Prepared prepare(Target t, Content content) throws IOException {
        TemporarySiblings.sweep(t.file().getParent());
        boolean existed = t.keep() != null || Files.exists(t.file(), LinkOption.NOFOLLOW_LINKS);
        Path tmp = TemporarySiblings.name(t.file(), TemporarySiblings.TMP);
        try {
            // CREATE_NEW without attributes: 0666 less the umask, as for any new file
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                RecordingOutputStream out = new RecordingOutputStream(
                        new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16));
                try {
                    content.writeTo(out);
                } catch (IOException e) {
                    if (out.first() == null) {
                        throw new ContentFailure(e);
                    }
                    throw e;
                }
                out.flush();
                ch.force(true);
            }
            if (t.keep() != null) {
                copyAccess(t.keep(), tmp);
            }
            return new Prepared(t, tmp, existed);
        } catch (ContentFailure e) {
            deleteQuietly(tmp, e.getCause());
            throw e.getCause();
        } catch (IOException e) {
            deleteQuietly(tmp, e);
            throw failure(t.describe(), e, existed);
        } catch (RuntimeException | Error e) {
            deleteQuietly(tmp, e);
            throw e;
        }
    }

    /** Carries an exception of the content's own work (not of writing) past the write's error handling. */
    private static final class ContentFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ContentFailure(IOException cause) {
            super(cause);
        }

        @Override
        public synchronized IOException getCause() {
            return (IOException) super.getCause();
        }
    }

    private static void deleteQuietly(Path tmp, Throwable cause) {
        try {
            Files.deleteIfExists(tmp);
        } catch (IOException cleanup) {
            cause.addSuppressed(cleanup);
        }
    }

    /**
     * The failure to write {@code what}: "cannot write WHAT: REASON", and whether the old content is
     * intact; for this package's writers, so no message names only a temporary file.
     */
    static IOException failure(String what, IOException e, boolean oldKept) {
        return new IOException("cannot write " + what + ": " + reason(e) + (oldKept ? "; the old content is unchanged" : ""), e);
    }

    /** The reason of an I/O error in words, without the (possibly temporary) file it names. */
    public static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof NotDirectoryException) {
            return "not a directory";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "it already exists";
        }
        if (e instanceof FileSystemException f) {
            return f.getReason() != null ? f.getReason() : e.getClass().getSimpleName();
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
