package org.tbptt4j.io;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.channels.FileChannel;

/**
 * Replaces a directory as a whole, so readers see either the old content or the new, never a mix;
 * the directory counterpart of {@link OutputFile}.
 *
 * <p>The new content is written into a fresh hidden sibling (a {@link TemporarySiblings} name of kind
 * {@code tmp}: same parent, so same file system) and forced to disk; then, if NAME exists, it is
 * renamed aside (kind {@code old}), the new directory is renamed to NAME and the old one deleted. On
 * any failure the temporary directory is removed and the old directory is left (or put back) in
 * place; what a killed run leaves is removed (or, an old directory whose original is gone, put back)
 * by the next write into the same parent. Failures name the target and the reason, never only the
 * temporary directory.
 */
final class AtomicDirectory {

    /** Writes the content of the new directory into the (empty) directory given. */
    @FunctionalInterface
    interface Content {
        void writeInto(Path dir) throws IOException;
    }

    private AtomicDirectory() {
    }

    /**
     * Makes {@code target} (absolute) a directory with the given content, replacing any directory
     * there; failures name it as {@code shown} (the path the user gave).
     */
    static void write(Path target, String shown, Content content) throws IOException {
        Path parent = target.getParent();
        boolean existed = Files.exists(target, LinkOption.NOFOLLOW_LINKS);
        Path tmp = null;
        try {
            Files.createDirectories(parent);
            TemporarySiblings.sweep(parent);
            tmp = fresh(target);
            content.writeInto(tmp);
            syncDirectory(tmp);
            if (existed) {
                keepAccess(target, tmp);
                replace(target, tmp);
            } else {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            }
            syncDirectory(parent);
        } catch (IOException | RuntimeException | Error e) {
            if (tmp != null) {
                try {
                    deleteTree(tmp);
                } catch (IOException cleanup) {
                    e.addSuppressed(cleanup);
                }
            }
            if (e instanceof IOException io) {
                throw OutputFile.failure(shown, io, existed);
            }
            throw e;
        }
    }

    /** The new directory and its files take the permissions (owner, group) of the old ones, as {@link OutputFile} does. */
    private static void keepAccess(Path target, Path tmp) throws IOException {
        OutputFile.copyAccess(target, tmp);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(tmp)) {
            for (Path f : files) {
                Path old = target.resolve(f.getFileName().toString());
                if (Files.isRegularFile(old, LinkOption.NOFOLLOW_LINKS)) {
                    OutputFile.copyAccess(old, f);
                }
            }
        }
    }

    private static void replace(Path target, Path tmp) throws IOException {
        Path old = TemporarySiblings.name(target, TemporarySiblings.OLD);
        Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            try {
                Files.move(old, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException restore) {
                e.addSuppressed(restore);
            }
            throw e;
        }
        try {
            deleteTree(old);
        } catch (IOException ignored) {
            // the new model is in place; the next write here removes what is left of the old one
        }
    }

    /** Creates a new empty temporary sibling directory of {@code target} (default permissions). */
    private static Path fresh(Path target) throws IOException {
        while (true) {
            try {
                return Files.createDirectory(TemporarySiblings.name(target, TemporarySiblings.TMP));
            } catch (FileAlreadyExistsException taken) {
                // 64 random bits collided: draw again
            }
        }
    }

    /**
     * Forces a directory's entries to disk, so a rename is not persisted before the files it names;
     * best effort, since some platforms cannot open a directory for this.
     */
    static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException unsupported) {
            // not possible on this platform (e.g. Windows); the files themselves were forced
        }
    }

    /** Deletes {@code root} and everything under it, without following links; nothing if it does not exist. */
    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null && !(e instanceof NoSuchFileException)) {
                    throw e;
                }
                Files.deleteIfExists(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
