package org.tbptt4j.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tbptt4j.testing.Prerequisites;

/**
 * Holds {@link Autocorrelation} against statsmodels itself on the shared datasets: acf(x, nlags,
 * alpha=0.05) and pacf(x, nlags, alpha=0.05) with default methods, values and 95% half-widths
 * (confint[:, 1] - value) to 1e-6 absolute, at an explicit lag count and at statsmodels' default.
 * Runs only where /usr/bin/python3 imports statsmodels.
 */
class StatsmodelsAgreementTest {

    /** Measurements worth a look, in the test's output file (target/surefire-reports), not on the console. */
    private static final System.Logger LOG = System.getLogger(StatsmodelsAgreementTest.class.getName());

    private static final String PYTHON = "/usr/bin/python3";
    private static final double TOL = 1e-6;

    /** Reads the series (one value a line), prints acf/pacf values and half-widths as JSON. */
    private static final String SCRIPT = """
            import json, sys, warnings
            import numpy as np
            from statsmodels.tsa.stattools import acf, pacf
            warnings.simplefilter("ignore")
            x = np.loadtxt(sys.argv[1])
            nlags = None if sys.argv[2] == "default" else int(sys.argv[2])
            a, aci = acf(x, nlags=nlags, alpha=0.05)
            p, pci = pacf(x, nlags=nlags, alpha=0.05)
            print(json.dumps({"acf": a.tolist(), "acf_half": (aci[:, 1] - a).tolist(),
                              "pacf": p.tolist(), "pacf_half": (pci[:, 1] - p).tolist()}))
            """;

    @TempDir
    static Path tmp;

    @BeforeAll
    static void needsStatsmodels() {
        Prerequisites.require(run(List.of(PYTHON, "-c", "import statsmodels")) != null,
                "statsmodels is not importable by " + PYTHON
                        + ": enable this test with `apt-get install python3-statsmodels`");
    }

    @Test
    void airlinePassengers() throws IOException {
        double[] x = csvColumn(shared("datasets/airline-passengers/airline-passengers.csv"), "Passengers");
        agree("airline", x, 60);                                       // n = 144: PACF lags < 72
        agree("airline", x, -1);
    }

    @Test
    void mackeyGlass() throws IOException {
        double[] x = Files.readAllLines(shared("datasets/mackey-glass-t17/MackeyGlass_t17.txt")).stream()
                .map(String::trim).filter(s -> !s.isEmpty()).mapToDouble(Double::parseDouble).toArray();
        agree("mackey-glass", x, 100);
        agree("mackey-glass", x, -1);
    }

    @Test
    void dailyFemaleBirths() throws IOException {
        double[] x = csvColumn(shared("datasets/daily-female-births/daily-total-female-births.csv"), "Births");
        agree("births", x, 150);
        agree("births", x, -1);
    }

    /** nlags < 0: statsmodels' defaults (nlags=None) against ours. */
    private static void agree(String name, double[] x, int nlags) throws IOException {
        Path series = tmp.resolve(name + ".txt");
        Files.write(series, Arrays.stream(x).mapToObj(Double::toString).toList());   // exact round trip
        Path script = tmp.resolve("acf_pacf.py");
        Files.writeString(script, SCRIPT);
        String out = run(List.of(PYTHON, script.toString(), series.toString(),
                nlags < 0 ? "default" : Integer.toString(nlags)));
        assertTrue(out != null, "statsmodels script failed on " + name);
        JsonNode sm = new ObjectMapper().readTree(out);

        int n = x.length;
        double[] acf = Autocorrelation.acf(x, nlags < 0 ? Autocorrelation.defaultNlags(n) : nlags);
        double[] acfHalf = Autocorrelation.acfBands(acf, n);
        double[] pacf = Autocorrelation.pacf(x, nlags < 0 ? Autocorrelation.defaultPacfNlags(n) : nlags);
        double[] pacfHalf = new double[pacf.length];
        Arrays.fill(pacfHalf, 1, pacf.length, Autocorrelation.pacfBand(n));

        String label = name + " (n = " + n + ", nlags = " + (nlags < 0 ? "default" : nlags) + ")";
        double dAcf = maxDiff(label + " acf", sm.get("acf"), acf);
        double dAcfHalf = maxDiff(label + " acf half-width", sm.get("acf_half"), acfHalf);
        double dPacf = maxDiff(label + " pacf", sm.get("pacf"), pacf);
        double dPacfHalf = maxDiff(label + " pacf half-width", sm.get("pacf_half"), pacfHalf);
        LOG.log(System.Logger.Level.INFO, () -> String.format(Locale.ROOT, "statsmodels vs Java, %s: max |diff| acf %.2e, acf band %.2e,"
                + " pacf %.2e (max |pacf| %.3g), pacf band %.2e", label, dAcf, dAcfHalf, dPacf,
                Arrays.stream(pacf).map(Math::abs).max().orElse(0), dPacfHalf));
    }

    private static double maxDiff(String what, JsonNode expected, double[] actual) {
        assertEquals(expected.size(), actual.length, what + ": lag count");
        double max = 0;
        for (int k = 0; k < actual.length; k++) {
            double d = Math.abs(expected.get(k).asDouble() - actual[k]);
            assertTrue(d <= TOL, what + " at lag " + k + ": statsmodels " + expected.get(k).asDouble()
                    + ", Java " + actual[k]);
            max = Math.max(max, d);
        }
        return max;
    }

    /** A numeric column of a simple quoted CSV with a header row. */
    private static double[] csvColumn(Path csv, String column) throws IOException {
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        List<String> header = Arrays.stream(lines.get(0).split(",")).map(StatsmodelsAgreementTest::unquote).toList();
        int col = header.indexOf(column);
        assertTrue(col >= 0, column + " not in " + header);
        List<Double> values = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            if (!line.isBlank()) {
                values.add(Double.parseDouble(unquote(line.split(",")[col])));
            }
        }
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static String unquote(String s) {
        return s.trim().replace("\"", "");
    }

    private static Path shared(String relative) {
        String root = System.getProperty("tbptt4j.shared", "/work/shared");
        Path p = Path.of(root).resolve(relative);
        Prerequisites.require(Files.exists(p), p + " is missing: the shared datasets are needed");
        return p;
    }

    /** stdout of the command, or null if it fails or does not finish in 120 s. */
    private static String run(List<String> command) {
        try {
            Path err = Files.createTempFile("statsmodels", ".err");
            Process p = new ProcessBuilder(command).redirectError(err.toFile()).start();
            byte[] out = p.getInputStream().readAllBytes();
            boolean done = p.waitFor(120, TimeUnit.SECONDS);
            if (!done) {
                p.destroyForcibly();
                return null;
            }
            if (p.exitValue() != 0) {
                System.err.println(String.join(" ", command) + " failed:\n" + Files.readString(err));
                return null;
            }
            Files.deleteIfExists(err);
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
