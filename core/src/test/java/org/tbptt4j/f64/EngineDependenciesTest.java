package org.tbptt4j.f64;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The engine depends on what describes a run (model, data, train, analysis), never on what checks or
 * runs it: the conformance package (which holds the engine against the fixtures), the grid, files,
 * metrics. Read from the f64 sources, the one source of both engines.
 */
class EngineDependenciesTest {

    private static final Pattern NAMED = Pattern.compile("org\\.tbptt4j\\.([a-z0-9]+)\\b");
    private static final List<String> NEVER = List.of("conformance", "experiment", "io", "metrics", "baseline");

    @Test
    void theEngineNeverNamesThePackagesThatCheckOrRunIt() throws IOException {
        Path dir = Path.of("src/main/java/org/tbptt4j/f64");
        assertThat(dir).isDirectory();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher m = NAMED.matcher(Files.readString(f));
                while (m.find()) {
                    assertThat(m.group(1)).as("%s names org.tbptt4j.%s", f.getFileName(), m.group(1)).isNotIn(NEVER);
                }
            }
        }
    }
}
