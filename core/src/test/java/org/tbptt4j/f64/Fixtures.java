package org.tbptt4j.f64;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the shared conformance fixtures are (the build passes -Dtbptt4j.fixtures). */
final class Fixtures {

    private Fixtures() {
    }

    static Path dir() {
        Path dir = Path.of(System.getProperty("tbptt4j.fixtures", "../../shared/fixtures"));
        assertThat(Files.isDirectory(dir)).as("fixture folder " + dir.toAbsolutePath() + " (../shared/fixtures)").isTrue();
        return dir;
    }
}
