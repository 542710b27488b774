package org.tbptt4j.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The hidden files and directories a writer keeps beside its target while it writes, and the removal
 * of those that killed runs left behind.
 *
 * <p>A name is {@code .NAME.tbptt4j-KIND-HOST-PID-RANDOM}: KIND is {@code tmp} (new content not yet
 * renamed into place) or {@code old} (a model directory set aside while the new one takes its place),
 * HOST and PID the machine and process that write it, RANDOM 16 hex digits. A leftover is stale, and
 * {@link #sweep} removes it, when this machine's process PID is gone (or is a later process that
 * reused the number: it started after the leftover was last modified), or, from any machine, when
 * nothing modified it for a day. A live writer's file, here or on another machine sharing the
 * folder, is left alone.
 */
final class TemporarySiblings {

    /** New content being written. */
    static final String TMP = "tmp";
    /** A directory set aside during a replacement. */
    static final String OLD = "old";

    /** Past this age a leftover is stale whoever wrote it: no write of this library pauses that long. */
    static final Duration ABANDONED = Duration.ofDays(1);

    private static final String MARK = ".tbptt4j-";
    /** The most UTF-8 bytes of the target's name that a temporary file's name carries. */
    private static final int NAME_LIMIT = 120;
    private static final Pattern NAME = Pattern.compile("\\.(.+)\\.tbptt4j-(tmp|old)-(.+)-(\\d+)-([0-9a-f]{16})");
    private static final SecureRandom RANDOM = new SecureRandom();
    /** This machine's name, as the names carry it. */
    static final String HOST = host();
    private static final long PID = ProcessHandle.current().pid();

    private TemporarySiblings() {
    }

    /** A fresh name of the given kind for {@code target} (absolute), in its directory; nothing is created. */
    static Path name(Path target, String kind) {
        return name(target, kind, HOST, PID);
    }

    /** A fresh name as written by process {@code pid} of machine {@code host}. */
    static Path name(Path target, String kind, String host, long pid) {
        String base = target.getFileName().toString();
        // a temporary file's name may be cut to stay within the file system's 255 bytes; a directory
        // set aside keeps its whole name, so that a sweep can put it back
        while (kind.equals(TMP) && base.getBytes(StandardCharsets.UTF_8).length > NAME_LIMIT) {
            base = base.substring(0, base.offsetByCodePoints(base.length(), -1));
        }
        String suffix = String.format(Locale.ROOT, "%016x", RANDOM.nextLong());
        return target.resolveSibling("." + base + MARK + kind + "-" + host + "-" + pid + "-" + suffix);
    }

    /**
     * Removes the stale leftovers in {@code dir} (see the class comment), best effort: one that cannot be
     * removed is left. A stale {@code old} directory whose original is missing (the run was killed
     * between its two renames) is put back in its place instead.
     */
    static void sweep(Path dir) {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, ".*" + MARK + "*")) {
            Instant now = Instant.now();
            for (Path p : entries) {
                Matcher m = NAME.matcher(p.getFileName().toString());
                try {
                    if (m.matches() && stale(p, m.group(3), Long.parseLong(m.group(4)), now)) {
                        remove(p, m.group(2), m.group(1));
                    }
                } catch (IOException | RuntimeException goneOrForbidden) {
                    // removed meanwhile by another run, or not ours to remove: leave it
                }
            }
        } catch (IOException | RuntimeException unreadable) {
            // sweeping is a courtesy; the write itself reports what matters
        }
    }

    private static boolean stale(Path p, String host, long pid, Instant now) throws IOException {
        Instant modified = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
                .lastModifiedTime().toInstant();
        if (modified.plus(ABANDONED).isBefore(now)) {
            return true;
        }
        if (!host.equals(HOST)) {
            return false;
        }
        Optional<ProcessHandle> owner = ProcessHandle.of(pid);
        if (owner.isEmpty() || !owner.get().isAlive()) {
            return true;
        }
        Optional<Instant> started = owner.get().info().startInstant();
        return started.isPresent() && started.get().isAfter(modified); // the number was reused
    }

    private static void remove(Path p, String kind, String base) throws IOException {
        Path original = p.resolveSibling(base);
        if (kind.equals(OLD) && !Files.exists(original, LinkOption.NOFOLLOW_LINKS)) {
            Files.move(p, original);
        } else {
            AtomicDirectory.deleteTree(p);
        }
    }

    /** This machine's name as the file names carry it: from the kernel or the environment, without a network look-up. */
    private static String host() {
        String h = null;
        try {
            h = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        } catch (IOException | RuntimeException notLinux) {
            h = System.getenv("HOSTNAME");
            if (h == null) {
                h = System.getenv("COMPUTERNAME");
            }
        }
        if (h == null || h.isBlank()) {
            h = "unknown";
        }
        h = h.replaceAll("[^A-Za-z0-9._]", "_");
        return h.length() > 40 ? h.substring(0, 40) : h;
    }
}
