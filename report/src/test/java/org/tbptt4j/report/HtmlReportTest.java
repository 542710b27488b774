package org.tbptt4j.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlReportTest {

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    @TempDir
    Path dir;

    private String render(boolean withAnalysis) throws IOException {
        GridOutput.write(dir, withAnalysis);
        Path page = HtmlReport.write(dir);
        assertThat(page).isEqualTo(dir.resolve("report.html")).isRegularFile();
        return Files.readString(page, StandardCharsets.UTF_8);
    }

    @Test
    void thePageHasEverySection() throws IOException {
        String html = render(true);

        assertThat(html).startsWith("<!DOCTYPE html>").contains("<title>Grid search report \u2013 MackeyGlass_t17.txt</title>");
        assertThat(html).contains("id=\"data\"", "id=\"analysis\"", "id=\"metric\"", "id=\"curves\"",
                "id=\"ranking\"", "id=\"recommendation\"", "<footer>");
        assertThat(html).contains("<dt>file</dt><dd>MackeyGlass_t17.txt</dd>", "<dt>task</dt><dd>next-step forecasting</dd>",
                "<dt>sequences</dt><dd>1</dd>", "<dt>steps</dt><dd>6999</dd>", GridOutput.CHECKSUM);
        assertThat(html).contains("<strong>L = 25</strong>", "<strong>L = 50</strong> \u2013 ACF peaks at lag 50 (period 50)");
        assertThat(html).contains("<pre><code>bin/tbptt4j train --data data/MackeyGlass_t17.txt --strategy naive --length 50");
        assertThat(html).contains("Trials: 120 of 120 done \u00b7 the grid ran to its end", "tbptt4j 0.1.0-SNAPSHOT, Java 17.0.15");
        assertThat(html).contains("Learning curves of the best 3");
    }

    @Test
    void thePageIsSelfContained() throws IOException {
        String html = render(true);

        assertThat(PageAssertions.links(html)).isNotEmpty()
                .allSatisfy(link -> assertThat(link).doesNotStartWithIgnoringCase("http:")
                        .doesNotStartWithIgnoringCase("https:").doesNotStartWith("//").doesNotStartWithIgnoringCase("file:"))
                .allSatisfy(link -> assertThat(link).matches("#.+|data:image/png;base64,.+"));
        assertThat(html).doesNotContainIgnoringCase("<link").doesNotContainIgnoringCase("<script src")
                .doesNotContainIgnoringCase("@import").doesNotContainIgnoringCase("url(");
    }

    @Test
    void theTableListsTheConfigurationsInRankOrderWithTiesMarked() throws IOException {
        String html = render(true);

        List<PageAssertions.Row> rows = PageAssertions.rows(html);
        assertThat(rows).extracting(PageAssertions.Row::label).containsExactlyElementsOf(GridOutput.LABELS_BY_RANK);
        assertThat(rows).extracting(PageAssertions.Row::rank).containsExactly("1", "1", "3", "4");
        assertThat(rows).extracting(PageAssertions.Row::note).containsExactly("#1, tied", "#1, tied", "", "");
        assertThat(html).contains("<td class=\"bad\">2</td>"); // the diverged repeats stand out
        assertThat(html).contains("<td>&lt;0.001</td>", "<td>0.410</td>", "<td>1.000</td>");
    }

    @Test
    void everyChartIsAValidPngOfReasonableSize() throws IOException {
        String html = render(true);

        List<byte[]> pngs = PageAssertions.pngs(html);
        // data, ACF, PACF, memory horizon, box plot, three learning curves, quality against cost, the test part's prediction
        assertThat(pngs).hasSize(10);
        for (byte[] png : pngs) {
            assertThat(Arrays.copyOf(png, 8)).containsExactly(PNG_SIGNATURE);
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
            assertThat(image).isNotNull();
            assertThat(image.getWidth()).isGreaterThanOrEqualTo(300);
            assertThat(image.getHeight()).isGreaterThanOrEqualTo(250);
            assertThat(distinctColours(image)).as("a drawn chart, not a blank image").isGreaterThan(20);
        }
        assertThat(html).contains("alt=\"Line chart of the first 500 training values of value in MackeyGlass_t17.txt.\"",
                "alt=\"Bar chart of the autocorrelation function", "alt=\"Box plot of validation_loss",
                "alt=\"Scatter chart of the mean validation_loss of each configuration against the mean updates");
    }

    private static int distinctColours(BufferedImage image) {
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 2) {
            for (int x = 0; x < image.getWidth(); x += 2) {
                colours.add(image.getRGB(x, y));
            }
        }
        return colours.size();
    }

    @Test
    void withoutAnalysisTheSectionSaysWhyItIsSkipped() throws IOException {
        String html = render(false);

        assertThat(html).contains("id=\"analysis\"", "Skipped: summary.json has no autocorrelation analysis",
                "text and classification");
        assertThat(html).doesNotContain("Suggested subsequence lengths");
        // nor a memory horizon: the section says how to ask for one
        assertThat(html).contains("id=\"horizon\"", "Not measured: add <code>horizon</code> to <code>--strategies</code>");
        assertThat(PageAssertions.pngs(html)).hasSize(7);
    }

    @Test
    void aHorizonWithoutSuggestionSaysWhyNothingWasCompared() throws IOException {
        GridOutput grid = new GridOutput();
        Map<String, Object> summary = grid.summary(true);
        @SuppressWarnings("unchecked")
        Map<String, Object> horizon = (Map<String, Object>) summary.get("horizon");
        horizon.put("window", 0);
        horizon.put("reason", "no long memory: a window of 4 steps keeps all but 3% of the gradient's reach");
        horizon.put("warnings", List.of("the training part's stream has 100 steps: measured 50 lags"));
        summary.put("advice", List.of(Map.of("source", "horizon", "length", 0, "rule", "gradient horizon: no long memory")));
        Files.writeString(dir.resolve("summary.json"), grid.json().writeValueAsString(summary));

        String html = Files.readString(HtmlReport.write(dir));

        assertThat(html).contains("Nothing compared for it: no long memory", "Warning: the training part&#39;s stream has 100",
                "none</strong> \u2013 gradient horizon: no long memory", "not compared");
        assertThat(html).doesNotContain("suggested window K =");
    }

    @Test
    void eliminationsByTheRaceAndMetricsSpanningDecadesShow() throws IOException {
        GridOutput grid = new GridOutput();
        Map<String, Object> summary = grid.summary(true);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> configs = (List<Map<String, Object>>) summary.get("configs");
        double[] far = (double[]) configs.get(3).get("values");
        for (int i = 0; i < far.length; i++) {
            far[i] *= 1000; // one configuration three decades above the others
        }
        summary.put("race", Map.of("round", 5, "trials_without_racing", 120, "trials_saved", 25, "eliminations",
                List.of(Map.of("index", 0, "round", 1, "repeats", 5, "p_holm", 0.0004, "best_index", 3))));
        Files.writeString(dir.resolve("summary.json"), grid.json().writeValueAsString(summary));

        String html = Files.readString(HtmlReport.write(dir));

        assertThat(html).contains("id=\"race\"", "25 of 120 trials saved (21%)", "<tr data-eliminated=\"0\"><td>c0</td>");
        assertThat(PageAssertions.rows(html)).extracting(PageAssertions.Row::note).contains("out after round 1");
        assertThat(html).contains("on a logarithmic axis", "so the axis is logarithmic");
    }

    @Test
    void textFromTheFilesIsEscaped() throws IOException {
        GridOutput grid = new GridOutput();
        Map<String, Object> summary = grid.summary(true);
        @SuppressWarnings("unchecked")
        Map<String, Object> data = (Map<String, Object>) summary.get("data");
        data.put("file", "<script>alert('x')</script>.csv");
        summary.put("best", Map.of("index", 3, "label", "a \"quoted\" & <b>bold</b> label",
                "command", "bin/tbptt4j train --data 'a&b<c>.csv'"));
        Files.writeString(dir.resolve("summary.json"), grid.json().writeValueAsString(summary));

        String html = Files.readString(HtmlReport.write(dir));

        assertThat(html).doesNotContain("<script>alert").doesNotContain("<b>bold</b>");
        assertThat(html).contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;.csv",
                "a &quot;quoted&quot; &amp; &lt;b&gt;bold&lt;/b&gt; label",
                "<pre><code>bin/tbptt4j train --data &#39;a&amp;b&lt;c&gt;.csv&#39;</code></pre>");
        assertThat(html.split("<script>", -1)).as("only the page's own script").hasSize(2);
    }

    @Test
    void rewritingReplacesThePageAndLeavesNoTemporaryFile() throws IOException {
        GridOutput.write(dir, true);
        Files.writeString(dir.resolve("report.html"), "old");

        HtmlReport.write(dir);
        HtmlReport.write(dir);

        assertThat(Files.readString(dir.resolve("report.html"))).startsWith("<!DOCTYPE html>");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("summary.json", "trials.jsonl", "report.html");
        }
    }

    @Test
    void anEarlyStopShowsItsReason() throws IOException {
        GridOutput grid = new GridOutput();
        Map<String, Object> summary = grid.summary(true);
        summary.put("trials_done", 57);
        summary.put("stopped_early", true);
        summary.put("stop_reason", "time budget of 10 min spent");
        Files.writeString(dir.resolve("summary.json"), grid.json().writeValueAsString(summary));

        assertThat(Files.readString(HtmlReport.write(dir)))
                .contains("Trials: 57 of 120 done \u00b7 stopped early: time budget of 10 min spent");
    }

    @Test
    void aTruncatedJournalIsNotedAndAMissingOneIsFine() throws IOException {
        GridOutput.write(dir, true);
        Files.writeString(dir.resolve("trials.jsonl"), "{\"trial\": \"c00", StandardOpenOption.APPEND);
        assertThat(Files.readString(HtmlReport.write(dir))).contains("last line was cut short");

        Files.delete(dir.resolve("trials.jsonl"));
        assertThat(Files.readString(HtmlReport.write(dir))).contains("not recorded (no trials.jsonl)");
    }

    @Test
    void withoutASummaryItFailsSayingToRunTheGrid() {
        assertThatThrownBy(() -> HtmlReport.write(dir))
                .isInstanceOf(org.tbptt4j.experiment.GridFileException.class)
                .hasMessageContaining(dir.resolve("summary.json").toString())
                .hasMessageContaining("tbptt4j grid ... --out DIR");
        assertThat(dir.resolve("report.html")).doesNotExist();
    }
}
