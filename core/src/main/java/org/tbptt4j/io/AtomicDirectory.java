package org.tbptt4j.io;

import java.io.IOException;
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
import java.security.SecureRandom;

/**
 * Replaces a directory as a whole, so readers see either the old content or the new, never a mix.
 *
 * <p>The new content is written into a fresh sibling {@code .NAME.tmp-<random>} (same parent, so
 * same file system) and forced to disk; then, if NAME exists, it is renamed aside to
 * {@code .NAME.old-<random>}, the new directory is renamed to NAME and the old one deleted. On any
 * failure the temporary directory is removed and the old directory is left (or put back) in place.
 */
final class AtomicDirectory {

    /** Writes the content of the new directory into the (empty) directory given. */
    @FunctionalInterface
    interface Content {
        void writeInto(Path dir) throws IOException;
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private AtomicDirectory() {
    }

    /** Makes {@code target} (absolute) a directory with the given content, replacing any directory there. */
    static void write(Path target, Content content) throws IOException {
        Path parent = target.getParent();
        String name = target.getFileName().toString();
        Files.createDirectories(parent);
        Path tmp = fresh(parent, "." + name + ".tmp-");
        try {
            content.writeInto(tmp);
            syncDirectory(tmp);
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                replace(target, tmp, parent, name);
            } else {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            }
            syncDirectory(parent);
        } catch (IOException | RuntimeException | Error e) {
            try {
                deleteTree(tmp);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    private static void replace(Path target, Path tmp, Path parent, String name) throws IOException {
        Path old = unusedName(parent, "." + name + ".old-");
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
            // the new model is in place; a leftover hidden .NAME.old-* directory is harmless
        }
    }

    /** Creates a new empty directory prefix + random suffix in {@code parent} (default permissions). */
    private static Path fresh(Path parent, String prefix) throws IOException {
        while (true) {
            try {
                return Files.createDirectory(unusedName(parent, prefix));
            } catch (FileAlreadyExistsException taken) {
                // another writer took the name between the check and the creation: draw again
            }
        }
    }

    private static Path unusedName(Path parent, String prefix) {
        while (true) {
            Path p = parent.resolve(prefix + Long.toHexString(RANDOM.nextLong() & Long.MAX_VALUE));
            if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                return p;
            }
        }
    }

    /**
     * Forces a directory's entries to disk, so a rename is not persisted before the files it names;
     * best effort, since some platforms cannot open a directory for this.
     */
    private static void syncDirectory(Path dir) {
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
