package org.tbptt4j.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputFileTest {

    @TempDir
    Path dir;

    // ---- regular files ----

    @Test
    void aNewFileGetsThePermissionsOfTheUmaskAndNoTemporaryFileStays() throws IOException {
        assumePosix();
        Path reference = Files.createFile(dir.resolve("reference"));
        Path out = dir.resolve("out.csv");

        OutputFile.writeString(out, "a,b\n1,2\n");

        assertThat(Files.readString(out)).isEqualTo("a,b\n1,2\n");
        assertThat(Files.getPosixFilePermissions(out)).isEqualTo(Files.getPosixFilePermissions(reference));
        assertThat(names(dir)).containsExactlyInAnyOrder("reference", "out.csv");
    }

    @Test
    void aReplacedFileKeepsItsPermissionsAndGetsAnotherInode() throws IOException {
        assumePosix();
        Path out = Files.writeString(dir.resolve("out.csv"), "old, longer than the new\n");
        Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rw-r-----"));
        Object before = key(out);

        OutputFile.writeString(out, "new\n");

        assertThat(Files.readString(out)).isEqualTo("new\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out))).isEqualTo("rw-r-----");
        assertThat(key(out)).as("replaced by a rename, not rewritten in place").isNotEqualTo(before);
        assertThat(names(dir)).containsExactly("out.csv");
    }

    @Test
    void asRootAReplacedFileKeepsItsOwnerAndGroup() throws IOException {
        assumePosix();
        Path out = Files.writeString(dir.resolve("out.csv"), "old\n");
        UserPrincipalLookupService users = dir.getFileSystem().getUserPrincipalLookupService();
        PosixFileAttributeView view = Files.getFileAttributeView(out, PosixFileAttributeView.class);
        try {
            view.setOwner(users.lookupPrincipalByName("nobody"));
            view.setGroup(users.lookupPrincipalByGroupName("nogroup"));
        } catch (IOException notRoot) {
            assumeTrue(false, "needs root and the users nobody and nogroup: " + notRoot);
        }

        OutputFile.writeString(out, "new\n");

        PosixFileAttributes now = Files.readAttributes(out, PosixFileAttributes.class);
        assertThat(now.owner().getName()).isEqualTo("nobody");
        assertThat(now.group().getName()).isEqualTo("nogroup");
        assertThat(Files.readString(out)).isEqualTo("new\n");
    }

    @Test
    void aNameNearTheFileSystemsLimitIsWrittenToo() throws IOException {
        Path out = dir.resolve("\u00e9".repeat(120) + ".csv"); // 244 bytes of UTF-8, of 255

        OutputFile.writeString(out, "x\n");
        OutputFile.writeString(out, "y\n");

        assertThat(Files.readString(out)).isEqualTo("y\n");
        assertThat(names(dir)).containsExactly(out.getFileName().toString());
    }

    @Test
    void aFailureOfTheContentKeepsTheOldFileAndLeavesNoTemporaryFile() throws IOException {
        Path out = Files.writeString(dir.resolve("out.csv"), "old\n");
        IllegalStateException bug = new IllegalStateException("the content failed");
        IOException readError = new IOException("the data went away");

        assertThatThrownBy(() -> OutputFile.write(out, o -> {
            o.write(new byte[100_000]);
            throw bug;
        })).isSameAs(bug);
        assertThatThrownBy(() -> OutputFile.write(out, o -> {
            o.write(new byte[100_000]);
            throw readError;
        })).as("an error of the content's own work passes unchanged").isSameAs(readError);

        assertThat(Files.readString(out)).isEqualTo("old\n");
        assertThat(names(dir)).containsExactly("out.csv");
    }

    @Test
    void aFullDiskKeepsTheOldFileAndTheMessageNamesTheFileAndTheReason() throws Exception {
        try (SpecialFiles.Tmpfs small = SpecialFiles.tmpfs(dir, "small")) {
            Path out = small.dir.resolve("out.csv");
            OutputFile.writeString(out, "old\n");

            assertThatThrownBy(() -> OutputFile.write(out, o -> o.write(new byte[200_000])))
                    .isInstanceOf(IOException.class)
                    .hasMessage("cannot write " + out + ": No space left on device; the old content is unchanged");

            assertThat(Files.readString(out)).isEqualTo("old\n");
            assertThat(names(small.dir)).containsExactly("out.csv");
        }
    }

    @Test
    void aSetOfFilesIsReplacedWholeOrNotAtAll() throws Exception {
        try (SpecialFiles.Tmpfs small = SpecialFiles.tmpfs(dir, "small")) {
            Path x = small.dir.resolve("x.npy");
            Path y = small.dir.resolve("y.npy");
            Map<Path, OutputFile.Content> first = new LinkedHashMap<>();
            first.put(x, o -> o.write("x1".getBytes(StandardCharsets.US_ASCII)));
            first.put(y, o -> o.write("y1".getBytes(StandardCharsets.US_ASCII)));
            OutputFile.writeAll(first);
            Map<Path, OutputFile.Content> tooBig = new LinkedHashMap<>();
            tooBig.put(x, o -> o.write(new byte[30_000]));
            tooBig.put(y, o -> o.write(new byte[60_000]));

            assertThatThrownBy(() -> OutputFile.writeAll(tooBig))
                    .hasMessage("cannot write " + y + ": No space left on device; the old content is unchanged");

            assertThat(Files.readString(x)).as("not replaced while y.npy could not be").isEqualTo("x1");
            assertThat(Files.readString(y)).isEqualTo("y1");
            assertThat(names(small.dir)).containsExactlyInAnyOrder("x.npy", "y.npy");
        }
    }

    @Test
    void aDirectoryAMissingFolderAndALinkLoopAreRefusedBeforeAnythingIsWritten() throws IOException {
        Path sub = Files.createDirectory(dir.resolve("sub"));
        Path missing = dir.resolve("no-such-folder/out.csv");
        Path loop = Files.createSymbolicLink(dir.resolve("loop"), Path.of("loop"));

        assertThatThrownBy(() -> OutputFile.check(sub)).hasMessage("cannot write " + sub + ": it is a directory; give the path of a file");
        assertThatThrownBy(() -> OutputFile.writeString(missing, "x"))
                .hasMessage("cannot write " + missing + ": the directory " + missing.getParent() + " does not exist; create it first");
        assertThatThrownBy(() -> OutputFile.writeString(loop, "x")).hasMessageContaining("cannot write " + loop)
                .hasMessageContaining("symbolic links");

        assertThat(names(dir)).containsExactlyInAnyOrder("sub", "loop");
        assertThat(names(sub)).isEmpty();
    }

    @Test
    void aReadOnlyFileIsRefusedAndKept() throws IOException {
        assumePosix();
        Path out = Files.writeString(dir.resolve("out.csv"), "keep\n");
        Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("r--r--r--"));
        assumeTrue(!Files.isWritable(out), "root may write a read-only file");

        assertThatThrownBy(() -> OutputFile.writeString(out, "x"))
                .hasMessage("cannot write " + out + ": permission denied (the file is read-only)");
        assertThat(Files.readString(out)).isEqualTo("keep\n");
    }

    // ---- links, FIFOs, devices, descriptors ----

    @Test
    void aLinksTargetIsWrittenAndTheLinkStays() throws IOException {
        Path data = Files.createDirectory(dir.resolve("data"));
        Path real = Files.writeString(data.resolve("real.csv"), "old\n");
        Path link = Files.createSymbolicLink(dir.resolve("link.csv"), Path.of("data/real.csv"));
        Path dangling = Files.createSymbolicLink(dir.resolve("later.csv"), data.resolve("later-real.csv"));

        OutputFile.writeString(link, "new\n");
        OutputFile.writeString(dangling, "created\n");

        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readSymbolicLink(link)).isEqualTo(Path.of("data/real.csv"));
        assertThat(Files.readString(real)).isEqualTo("new\n");
        assertThat(Files.isSymbolicLink(dangling)).isTrue();
        assertThat(Files.readString(data.resolve("later-real.csv"))).isEqualTo("created\n");
        assertThat(names(dir)).containsExactlyInAnyOrder("data", "link.csv", "later.csv");
        assertThat(names(data)).containsExactlyInAnyOrder("real.csv", "later-real.csv");
    }

    @Test
    void aFifoIsWrittenInPlace() throws Exception {
        Path fifo = SpecialFiles.fifo(dir.resolve("pipe"));
        CompletableFuture<String> reader = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                reader.complete(Files.readString(fifo));
            } catch (IOException | RuntimeException e) {
                reader.completeExceptionally(e);
            }
        });
        t.setDaemon(true); // opening a FIFO blocks until the writer comes
        t.start();

        OutputFile.writeString(fifo, "row 1\nrow 2\n");

        assertThat(reader.get(20, TimeUnit.SECONDS)).isEqualTo("row 1\nrow 2\n");
        assertThat(attributes(fifo).isOther()).as("still a FIFO").isTrue();
        assertThat(names(dir)).containsExactly("pipe");
    }

    @Test
    void aDeviceIsWrittenInPlaceAndItsErrorNamesItAndTheReason() throws Exception {
        Path nul = SpecialFiles.device(dir.resolve("null"), 1, 3);
        Path full = SpecialFiles.device(dir.resolve("full"), 1, 7);

        OutputFile.writeString(nul, "gone\n");
        assertThatThrownBy(() -> OutputFile.writeString(full, "x\n"))
                .isInstanceOf(IOException.class)
                .hasMessage("cannot write " + full + ": No space left on device");

        assertThat(attributes(nul).isOther()).isTrue();
        assertThat(attributes(full).isOther()).isTrue();
        assertThat(names(dir)).containsExactlyInAnyOrder("null", "full");
    }

    @Test
    void anOpenDescriptorIsAppendedToNotReplaced() throws IOException {
        Path fds = Path.of("/proc/self/fd");
        assumeTrue(Files.isDirectory(fds), "needs Linux's /proc/self/fd");
        Path log = Files.writeString(dir.resolve("log.txt"), "earlier\n");
        Object before = key(log);
        try (OutputStream open = Files.newOutputStream(log, StandardOpenOption.APPEND)) {
            Path descriptor = descriptorOf(fds, log.toRealPath());

            OutputFile.writeString(descriptor, "appended\n");
        }

        assertThat(Files.readString(log)).isEqualTo("earlier\nappended\n");
        assertThat(key(log)).isEqualTo(before);
        assertThat(names(dir)).containsExactly("log.txt");
    }

    // ---- leftovers of killed runs ----

    @Test
    void theNextWriteRemovesTheTemporaryFilesOfDeadRunsButNotOfLiveOnes() throws Exception {
        Path out = dir.resolve("out.csv");
        long dead = deadProcess();
        long live = ProcessHandle.current().pid();
        Path killed = write(TemporarySiblings.name(out, TemporarySiblings.TMP, TemporarySiblings.HOST, dead), Instant.now());
        Path killedDir = Files.createDirectory(TemporarySiblings.name(dir.resolve("model"), TemporarySiblings.TMP,
                TemporarySiblings.HOST, dead));
        write(killedDir.resolve("config.json"), Instant.now());
        Path running = write(TemporarySiblings.name(dir.resolve("other.csv"), TemporarySiblings.TMP, TemporarySiblings.HOST, live),
                Instant.now());
        Path elsewhere = write(TemporarySiblings.name(out, TemporarySiblings.TMP, "another.host", dead), Instant.now());
        Path abandoned = write(TemporarySiblings.name(out, TemporarySiblings.TMP, "another.host", dead),
                Instant.now().minus(Duration.ofDays(2)));
        Path reused = write(TemporarySiblings.name(out, TemporarySiblings.TMP, TemporarySiblings.HOST, live),
                ProcessHandle.current().info().startInstant().orElseThrow().minus(Duration.ofHours(1)));
        Path usersOwn = write(dir.resolve(".out.csv.tmp"), Instant.now().minus(Duration.ofDays(2)));

        OutputFile.writeString(out, "new\n");

        assertThat(killed).as("its process is gone").doesNotExist();
        assertThat(killedDir).as("its process is gone").doesNotExist();
        assertThat(abandoned).as("untouched for two days").doesNotExist();
        assertThat(reused).as("older than the live process with its number").doesNotExist();
        assertThat(running).as("this live process's").exists();
        assertThat(elsewhere).as("another machine's, recent").exists();
        assertThat(usersOwn).as("not a name this library writes").exists();
        assertThat(Files.readString(out)).isEqualTo("new\n");
    }

    @Test
    void aModelDirectorySetAsideByAKilledRunIsPutBackOrRemoved() throws Exception {
        long dead = deadProcess();
        Path model = dir.resolve("model");
        Path aside = Files.createDirectory(TemporarySiblings.name(model, TemporarySiblings.OLD, TemporarySiblings.HOST, dead));
        Files.writeString(aside.resolve("config.json"), "the only copy");
        Path other = Files.createDirectory(dir.resolve("other"));
        Path leftover = Files.createDirectory(TemporarySiblings.name(other, TemporarySiblings.OLD, TemporarySiblings.HOST, dead));

        OutputFile.writeString(dir.resolve("out.csv"), "x");

        assertThat(Files.readString(model.resolve("config.json"))).as("killed between its two renames: put back").isEqualTo("the only copy");
        assertThat(leftover).as("its original is in place: a leftover").doesNotExist();
        assertThat(names(dir)).containsExactlyInAnyOrder("model", "other", "out.csv");
    }

    // ---- helpers ----

    private static void assumePosix() {
        assumeTrue(Path.of("/").getFileSystem().supportedFileAttributeViews().contains("posix"), "needs POSIX permissions");
    }

    private static List<String> names(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).toList();
        }
    }

    private static BasicFileAttributes attributes(Path p) throws IOException {
        return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    }

    private static Object key(Path p) throws IOException {
        return attributes(p).fileKey();
    }

    private static Path write(Path file, Instant modified) throws IOException {
        Files.writeString(file, "half written");
        Files.setLastModifiedTime(file, FileTime.from(modified));
        return file;
    }

    /** The number of a process that has ended. */
    private static long deadProcess() throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-version").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        p.waitFor();
        assertThat(ProcessHandle.of(p.pid())).isEmpty();
        return p.pid();
    }

    /** /proc/self/fd/N for the descriptor of this process open on {@code file}. */
    private static Path descriptorOf(Path fds, Path file) throws IOException {
        try (Stream<Path> s = Files.list(fds)) {
            for (Path fd : s.toList()) {
                try {
                    if (Files.readSymbolicLink(fd).equals(file)) {
                        return fd;
                    }
                } catch (IOException closedMeanwhile) {
                    // the listing's own descriptor, or one closed since
                }
            }
        }
        throw new AssertionError("no descriptor of this process is open on " + file);
    }
}
