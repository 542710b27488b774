package org.tbptt4j.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the shared data sets are (the build passes -Dtbptt4j.shared). */
final class Shared {

    private Shared() {
    }

    /** The folder of one data set, e.g. {@code datasets("ptb")}. */
    static Path datasets(String name) {
        Path dir = Path.of(System.getProperty("tbptt4j.shared", "../../shared"), "datasets", name);
        assertThat(Files.isDirectory(dir)).as("data set folder " + dir.toAbsolutePath()).isTrue();
        return dir;
    }
}
