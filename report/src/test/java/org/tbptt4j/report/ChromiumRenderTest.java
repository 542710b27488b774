package org.tbptt4j.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens the page in headless Chromium, as a reader would, and checks that it displays: every
 * image decodes (the page's own script counts them) and the screenshot shows drawn charts where
 * the images are. Skipped where Debian's chromium is not installed (CI installs it).
 */
class ChromiumRenderTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final int WIDTH = 1200;
    private static final int HEIGHT = 3000;
    private static final Pattern BODY = Pattern.compile("<body([^>]*)>");

    @TempDir
    Path dir;

    @BeforeAll
    static void needsChromium() {
        String missing = "/usr/bin/chromium is not installed (apt-get install -y chromium)";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {          // .ci/run installs it: on CI this test never skips
            assertTrue(Files.isExecutable(CHROMIUM), missing);
        } else {
            assumeTrue(Files.isExecutable(CHROMIUM), "skipped: " + missing);
        }
    }

    @Test
    void everyImageLoads() throws Exception {
        Path page = render();

        String dom = chromium(page, "--virtual-time-budget=5000", "--dump-dom");

        Matcher body = BODY.matcher(dom);
        assertThat(body.find()).as("a <body> in the dumped DOM").isTrue();
        String attributes = body.group(1);
        // data, ACF, PACF, memory horizon, box plot, three learning curves, quality against cost, the test part's prediction
        assertThat(attribute(attributes, "data-images")).isEqualTo("10");
        assertThat(attribute(attributes, "data-images-loaded")).as("images with naturalWidth > 0").isEqualTo("10");
    }

    @Test
    void theRankingShowsTheBaselinesAndTheTestSectionItsScores() throws Exception {
        Path page = render();

        String dom = chromium(page, "--virtual-time-budget=5000", "--dump-dom");

        // the ranking as the browser parsed it: AR(8) above every configuration, persistence below them all
        String ranking = dom.substring(dom.indexOf("<section id=\"ranking\">"), dom.indexOf("</section>", dom.indexOf("id=\"ranking\"")));
        assertThat(ranking.indexOf("data-baseline=\"AR(8)\"")).isPositive().isLessThan(ranking.indexOf("data-rank=\"1\""));
        assertThat(ranking.indexOf("data-baseline=\"persistence\"")).isGreaterThan(ranking.lastIndexOf("data-rank="));
        assertThat(dom).contains("No recurrent configuration beats the best baseline: AR(8)");
        String test = dom.substring(dom.indexOf("<section id=\"test\">"), dom.indexOf("</section>", dom.indexOf("id=\"test\"")));
        assertThat(Pattern.compile("data-test-row=").matcher(test).results().count()).isEqualTo(3);
        assertThat(test).contains("RMSE value").contains("MASE value").contains("<img");
    }

    @Test
    void theScreenshotShowsTheCharts() throws Exception {
        Path page = render();
        List<int[]> boxes = imageBoxes(chromium(page, "--virtual-time-budget=5000", "--dump-dom"));
        Path shot = dir.resolve("shot.png");

        chromium(page, "--screenshot=" + shot);

        BufferedImage image = ImageIO.read(shot.toFile());
        assertThat(image.getWidth()).isEqualTo(WIDTH);
        assertThat(distinctColours(image, 0, 0, image.getWidth(), image.getHeight()))
                .as("a page with text and charts, not a blank one").isGreaterThan(500);
        List<int[]> visible = boxes.stream().filter(b -> b[1] + b[3] <= image.getHeight()).toList();
        assertThat(visible).as("charts within the first %d pixels", HEIGHT).hasSizeGreaterThanOrEqualTo(5);
        for (int[] b : visible) {
            assertThat(b[2]).as("displayed width").isGreaterThan(250);
            assertThat(distinctColours(image, b[0], b[1], b[2], b[3]))
                    .as("colours inside the chart at %d,%d", b[0], b[1]).isGreaterThan(30);
        }
    }

    @Test
    void theQualityAgainstCostChartDisplays() throws Exception {
        assertFirstChartDisplays("cost");
    }

    @Test
    void theMemoryHorizonChartDisplaysBesideBothSuggestions() throws Exception {
        String section = assertFirstChartDisplays("horizon");
        // the image's description names the fit and the suggested window; both suggestions are listed with their rules
        assertThat(section).contains("fitted geometric tail").contains("suggested window K = 14");
        assertThat(section).contains("L = 50</strong> \u2013 ACF: ACF peaks at lag 50")
                .contains("K = 14</strong> \u2013 gradient horizon: the smallest K").contains("horizon: naive L=50 (50,63) lstm H=32");
    }

    /**
     * Renders the page, screenshots it down to the first chart of section {@code id}, and checks the
     * chart is drawn there (shown, wide, many colours); returns the section as the browser parsed it.
     */
    private String assertFirstChartDisplays(String id) throws Exception {
        Path page = render();
        String dom = chromium(page, "--virtual-time-budget=5000", "--dump-dom");
        int start = dom.indexOf("<section id=\"" + id + "\">");
        assertThat(start).as("the %s section", id).isPositive();
        List<int[]> boxes = imageBoxes(dom);
        // the section's chart is the first image after its start: count the images before it
        int before = dom.substring(0, start).split("<img ", -1).length - 1;
        int[] chart = boxes.get(before);
        Path shot = dir.resolve(id + ".png");

        chromium(page, "--window-size=" + WIDTH + "," + (chart[1] + chart[3] + 50), "--screenshot=" + shot);

        BufferedImage image = ImageIO.read(shot.toFile());
        assertThat(chart[1] + chart[3]).as("the chart lies within the screenshot").isLessThanOrEqualTo(image.getHeight());
        assertThat(chart[2]).as("displayed width").isGreaterThan(250);
        assertThat(distinctColours(image, chart[0], chart[1], chart[2], chart[3])).as("a drawn chart").isGreaterThan(30);
        return dom.substring(start, dom.indexOf("</section>", start));
    }

    private Path render() throws IOException {
        GridOutput.write(dir, true);
        return HtmlReport.write(dir);
    }

    /** Runs headless Chromium on the page with the given extra flags and returns its standard output. */
    private String chromium(Path page, String... flags) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory(dir, "profile");
        List<String> command = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox",
                "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--hide-scrollbars", "--force-device-scale-factor=1",
                "--user-data-dir=" + profile, "--window-size=" + WIDTH + "," + HEIGHT));
        command.addAll(List.of(flags));
        command.add(page.toUri().toString());
        Path stdout = Files.createTempFile(dir, "chromium", ".out");
        Path stderr = Files.createTempFile(dir, "chromium", ".err");
        Process process = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("chromium did not finish in 120 s: " + Files.readString(stderr));
        }
        assertThat(process.exitValue()).as("chromium's exit code; stderr: %s", Files.readString(stderr)).isZero();
        return Files.readString(stdout, StandardCharsets.UTF_8);
    }

    private static String attribute(String attributes, String name) {
        Matcher m = Pattern.compile("\\b" + name + "=\"([^\"]*)\"").matcher(attributes);
        return m.find() ? m.group(1) : null;
    }

    /** The x,y,w,h of every image, as the page's script recorded them on the body. */
    private static List<int[]> imageBoxes(String dom) {
        Matcher body = BODY.matcher(dom);
        assertThat(body.find()).isTrue();
        String boxes = attribute(body.group(1), "data-image-boxes");
        assertThat(boxes).as("data-image-boxes on the body").isNotBlank();
        List<int[]> result = new ArrayList<>();
        for (String box : boxes.trim().split(" ")) {
            String[] v = box.split(",");
            result.add(new int[] {Integer.parseInt(v[0]), Integer.parseInt(v[1]), Integer.parseInt(v[2]), Integer.parseInt(v[3])});
        }
        return result;
    }

    private static int distinctColours(BufferedImage image, int x0, int y0, int w, int h) {
        Set<Integer> colours = new HashSet<>();
        for (int y = Math.max(y0, 0); y < Math.min(y0 + h, image.getHeight()); y++) {
            for (int x = Math.max(x0, 0); x < Math.min(x0 + w, image.getWidth()); x++) {
                colours.add(image.getRGB(x, y));
            }
        }
        return colours.size();
    }
}
