package org.tbptt4j.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BoxChart;
import org.knowm.xchart.BoxChartBuilder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.tbptt4j.experiment.GridSummary;

/**
 * The report's charts, built with XChart and styled alike: white plot, light grid, one accent
 * colour for what matters (the data, the best configurations, the bands).
 */
final class Charts {

    static final Color INK = new Color(0x1f2933);
    static final Color ACCENT = new Color(0x2563eb);
    static final Color MUTED = new Color(0x94a3b8);
    static final Color BAND = new Color(0xdc2626);
    static final Color HIGHLIGHT = new Color(0xf59e0b);
    private static final Color GRID = new Color(0xe5e7eb);
    private static final BasicStroke DASHED = new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER,
            10f, new float[] {6f, 4f}, 0f);

    private Charts() {
    }

    /** A line chart of values against their index (0-based, as time steps are counted). */
    static XYChart line(String title, double[] values, String xTitle, String yTitle, int width, int height) {
        XYChart chart = new XYChartBuilder().width(width).height(height).title(title)
                .xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        style(chart.getStyler());
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setXAxisDecimalPattern("0");
        double[] x = new double[values.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = i;
        }
        XYSeries series = chart.addSeries(yTitle, x, values);
        series.setMarker(SeriesMarkers.NONE);
        series.setLineColor(ACCENT);
        series.setLineWidth(1.5f);
        if (values.length > 20) {
            // XChart labels an equally spaced x axis at every k-th data point (0, 14, 28, ...), which
            // crowds hundreds of steps; one invisible point on the line between steps 0 and 1 makes
            // the axis uneven, so XChart picks round ticks (0, 50, 100, ...) instead
            XYSeries between = chart.addSeries(" ", new double[] {0.5}, new double[] {(values[0] + values[1]) / 2});
            between.setMarker(SeriesMarkers.NONE);
            between.setShowInLegend(false);
        }
        return chart;
    }

    /** Actual (grey) and predicted (accent) values against the test step, in the data's units; y titled with the column. */
    static XYChart predictionVsActual(String title, double[] actual, double[] predicted, String column, int width, int height) {
        XYChart chart = new XYChartBuilder().width(width).height(height).title(title)
                .xAxisTitle("test step").yAxisTitle(column).build();
        style(chart.getStyler());
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        chart.getStyler().setXAxisDecimalPattern("0");
        chart.getStyler().setYAxisTickLabelsFormattingFunction(Charts::tick);
        double[] x = new double[actual.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = i;
        }
        XYSeries a = chart.addSeries("actual", x, actual);
        a.setMarker(SeriesMarkers.NONE);
        a.setLineColor(MUTED.darker());
        a.setLineWidth(2f);
        XYSeries p = chart.addSeries("predicted", x, predicted);
        p.setMarker(SeriesMarkers.NONE);
        p.setLineColor(ACCENT);
        p.setLineWidth(1.2f);
        return chart;
    }

    /**
     * A correlogram: one bar per lag 1..K (lag 0 is 1 by definition and is left out so it does not
     * flatten the rest), the 95% band 0 ± band[k] as two dashed lines, and the suggested lags'
     * bars in the highlight colour.
     *
     * @param r         r_0..r_K
     * @param band      half-width per lag, same length as r (index 0 unused)
     * @param suggested lags to highlight
     */
    static CategoryChart correlogram(String title, double[] r, double[] band, List<Integer> suggested,
                                     int width, int height) {
        CategoryChart chart = new CategoryChartBuilder().width(width).height(height).title(title)
                .xAxisTitle("lag").yAxisTitle("correlation").build();
        style(chart.getStyler());
        chart.getStyler().setOverlapped(true);
        chart.getStyler().setAvailableSpaceFill(0.7);
        chart.getStyler().setXAxisMaxLabelCount(Math.min(r.length, 25));
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        int lags = Math.max(r.length - 1, 0);
        List<Integer> x = new ArrayList<>(lags);
        List<Double> bars = new ArrayList<>(lags);
        List<Double> marked = new ArrayList<>(lags);
        List<Double> upper = new ArrayList<>(lags);
        List<Double> lower = new ArrayList<>(lags);
        for (int k = 1; k < r.length; k++) {
            x.add(k);
            bars.add(r[k]);
            marked.add(suggested.contains(k) ? r[k] : 0.0);
            upper.add(band[k]);
            lower.add(-band[k]);
        }
        CategorySeries all = chart.addSeries("correlation", x, bars);
        all.setFillColor(MUTED);
        if (suggested.stream().anyMatch(k -> k >= 1 && k < r.length)) {
            chart.addSeries("suggested lag", x, marked).setFillColor(HIGHLIGHT);
        }
        bandLine(chart.addSeries("95% band", x, upper));
        bandLine(chart.addSeries("95% band ", x, lower)).setShowInLegend(false);
        return chart;
    }

    private static CategorySeries bandLine(CategorySeries series) {
        series.setChartCategorySeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Line);
        series.setMarker(SeriesMarkers.NONE);
        series.setLineColor(BAND);
        series.setLineStyle(DASHED);
        return series;
    }

    /**
     * One box per configuration that has values, in the order given (best rank first). XChart draws
     * every box alike: quartiles, median, whiskers to 1.5 IQR, crosses beyond.
     *
     * @param names one category name per result, unique
     */
    static BoxChart boxes(String title, List<GridSummary.ConfigResult> results, List<String> names, String yTitle,
                          boolean logY, int width, int height) {
        BoxChart chart = new BoxChartBuilder().width(width).height(height).title(title)
                .xAxisTitle("configuration").yAxisTitle(yTitle).build();
        style(chart.getStyler());
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setBoxWidthFraction(0.5);
        int longest = names.stream().mapToInt(String::length).max().orElse(0);
        if (longest * 6.5 * names.size() > width * 0.9) { // about 6.5 px per character at 11 pt
            chart.getStyler().setXAxisLabelRotation(30);
        }
        chart.getStyler().setYAxisTickLabelsFormattingFunction(Charts::tick);
        chart.getStyler().setYAxisLogarithmic(logY);
        for (int i = 0; i < results.size(); i++) {
            chart.addSeries(names.get(i), results.get(i).values());
        }
        return chart;
    }

    /** Whether values that are all positive span more than {@value #DECADES_FOR_LOG} decades: they read better on a log axis. */
    static boolean spansDecades(double lo, double hi) {
        return lo > 0 && Double.isFinite(hi) && Math.log10(hi / lo) > DECADES_FOR_LOG;
    }

    /** Positive values whose largest exceeds the smallest by more than this many decades get a log axis. */
    static final double DECADES_FOR_LOG = 1.5;

    /**
     * Quality against cost: one point per configuration at (its mean cost, its mean metric), the best
     * ranked in the accent colour, the others muted; each axis logarithmic where its values span decades.
     *
     * @param cost   x per configuration (same order as {@code metric}); NaN = no cost recorded (left out)
     * @param best   whether each point is of a configuration tied with (or being) the best
     */
    static XYChart qualityVersusCost(String title, double[] cost, double[] metric, boolean[] best, String xTitle, String yTitle,
                                     int width, int height) {
        XYChart chart = new XYChartBuilder().width(width).height(height).title(title).xAxisTitle(xTitle).yAxisTitle(yTitle)
                .build();
        style(chart.getStyler());
        chart.getStyler().setDefaultSeriesRenderStyle(org.knowm.xchart.XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setMarkerSize(10);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        chart.getStyler().setXAxisTickLabelsFormattingFunction(Charts::tick);
        chart.getStyler().setYAxisTickLabelsFormattingFunction(Charts::tick);
        double xLo = Double.POSITIVE_INFINITY, xHi = 0, yLo = Double.POSITIVE_INFINITY, yHi = 0;
        List<Double> bx = new ArrayList<>(), by = new ArrayList<>(), ox = new ArrayList<>(), oy = new ArrayList<>();
        for (int i = 0; i < cost.length; i++) {
            if (!Double.isFinite(cost[i]) || !Double.isFinite(metric[i])) {
                continue;
            }
            (best[i] ? bx : ox).add(cost[i]);
            (best[i] ? by : oy).add(metric[i]);
            xLo = Math.min(xLo, cost[i]);
            xHi = Math.max(xHi, cost[i]);
            yLo = Math.min(yLo, metric[i]);
            yHi = Math.max(yHi, metric[i]);
        }
        chart.getStyler().setXAxisLogarithmic(spansDecades(xLo, xHi));
        chart.getStyler().setYAxisLogarithmic(spansDecades(yLo, yHi));
        if (!ox.isEmpty()) {
            XYSeries others = chart.addSeries("other configurations", ox, oy);
            others.setMarker(SeriesMarkers.CIRCLE);
            others.setMarkerColor(MUTED);
        }
        if (!bx.isEmpty()) {
            XYSeries top = chart.addSeries("best (and tied with it)", bx, by);
            top.setMarker(SeriesMarkers.DIAMOND);
            top.setMarkerColor(ACCENT);
        }
        return chart;
    }

    /**
     * Mean training (dashed) and validation (solid) loss per epoch of one configuration, on a shared
     * y range so the small multiples compare at a glance.
     */
    static XYChart curves(String title, GridSummary.Curve curve, double yMin, double yMax, boolean logY,
                          int width, int height) {
        XYChart chart = new XYChartBuilder().width(width).height(height).title(title)
                .xAxisTitle("epoch").yAxisTitle("mean loss").build();
        style(chart.getStyler());
        chart.getStyler().setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        chart.getStyler().setYAxisMin(yMin).setYAxisMax(yMax).setYAxisLogarithmic(logY);
        chart.getStyler().setXAxisDecimalPattern("0");
        chart.getStyler().setYAxisTickLabelsFormattingFunction(Charts::tick);
        if (curve.train().length > 0) {
            XYSeries train = chart.addSeries("train", epochs(curve.train().length), curve.train());
            train.setLineColor(MUTED.darker());
            train.setLineStyle(DASHED);
            train.setMarker(SeriesMarkers.NONE);
        }
        if (curve.validation().length > 0) {
            XYSeries validation = chart.addSeries("validation", epochs(curve.validation().length), curve.validation());
            validation.setLineColor(ACCENT);
            validation.setLineWidth(2f);
            validation.setMarker(SeriesMarkers.CIRCLE);
            validation.setMarkerColor(ACCENT);
        }
        return chart;
    }

    /**
     * The memory horizon: the mean gradient norm phi_k per lag k on a logarithmic y axis, its
     * interquartile range as two thin lines, the fitted geometric tail C beta^k (dashed, over the
     * lags it was fitted on and on to K when K lies beyond them), and the suggested window K as a
     * vertical line. Lags whose value is 0 (a reset cut every gradient) cannot sit on a log axis and are left out.
     *
     * @param phi    phi_0..phi_K
     * @param lower  25% quantile per lag (same length; may be empty)
     * @param upper  75% quantile per lag
     * @param fit    the tail fit; null when none
     * @param window the suggested K; 0 when none
     */
    static XYChart memoryHorizon(String title, double[] phi, double[] lower, double[] upper,
                                 org.tbptt4j.analysis.Horizon.Fit fit, int window, int width, int height) {
        XYChart chart = new XYChartBuilder().width(width).height(height).title(title)
                .xAxisTitle("lag k (steps back)").yAxisTitle("gradient norm").build();
        style(chart.getStyler());
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setXAxisDecimalPattern("0");
        chart.getStyler().setYAxisTickLabelsFormattingFunction(Charts::tick);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        double lo = Double.POSITIVE_INFINITY;
        double hi = 0;
        for (double[] values : new double[][] {phi, lower, upper}) {
            for (double v : values) {
                if (v > 0 && Double.isFinite(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        if (lower.length == phi.length && upper.length == phi.length) {
            quartile(chart, "25% and 75% of samples", lower).setShowInLegend(true);
            quartile(chart, "75%", upper);
        }
        XYSeries mean = positive(chart, "phi_k (mean)", phi);
        mean.setLineColor(ACCENT);
        mean.setLineWidth(2f);
        mean.setMarker(SeriesMarkers.CIRCLE);
        mean.setMarkerColor(ACCENT);
        if (fit != null && Double.isFinite(fit.beta()) && fit.beta() > 0) {
            int to = Math.max(fit.to(), window);
            double[] x = new double[to - fit.from() + 1];
            double[] y = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                x[i] = fit.from() + i;
                y[i] = Math.exp(fit.logC() + x[i] * Math.log(fit.beta()));
                lo = Math.min(lo, y[i]);
            }
            XYSeries tail = chart.addSeries(String.format(java.util.Locale.ROOT, "fit C beta^k, beta = %.3f", fit.beta()), x, y);
            tail.setLineColor(BAND);
            tail.setLineStyle(DASHED);
            tail.setMarker(SeriesMarkers.NONE);
        }
        if (window > 0 && lo <= hi) {
            XYSeries k = chart.addSeries("suggested K = " + window, new double[] {window, window}, new double[] {lo, hi});
            k.setLineColor(HIGHLIGHT);
            k.setLineWidth(2.5f);
            k.setMarker(SeriesMarkers.NONE);
        }
        return chart;
    }

    private static XYSeries quartile(XYChart chart, String name, double[] values) {
        XYSeries q = positive(chart, name, values);
        q.setLineColor(MUTED);
        q.setLineWidth(1f);
        q.setMarker(SeriesMarkers.NONE);
        q.setShowInLegend(false);
        return q;
    }

    /** The values above 0 against their lag, as one series. */
    private static XYSeries positive(XYChart chart, String name, double[] values) {
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        for (int k = 0; k < values.length; k++) {
            if (values[k] > 0 && Double.isFinite(values[k])) {
                x.add((double) k);
                y.add(values[k]);
            }
        }
        return chart.addSeries(name, x, y);
    }

    /** A tick label with 3 significant digits and no trailing zeros: 0.015, 0.05, 120, 1.2E-7. */
    static String tick(Double value) {
        if (value == 0 || !Double.isFinite(value)) {
            return value == 0 ? "0" : String.valueOf(value);
        }
        BigDecimal rounded = new BigDecimal(value).round(new MathContext(3)).stripTrailingZeros();
        return Math.abs(value) >= 1e-4 ? rounded.toPlainString() : rounded.toString();
    }

    private static double[] epochs(int count) {
        double[] x = new double[count];
        for (int i = 0; i < count; i++) {
            x[i] = i + 1;
        }
        return x;
    }

    /** The shared look: white background, light grid, readable sans-serif text. */
    private static void style(AxesChartStyler styler) {
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(Color.WHITE);
        styler.setPlotBorderVisible(false);
        styler.setPlotGridLinesColor(GRID);
        styler.setPlotGridVerticalLinesVisible(false);
        styler.setChartFontColor(INK);
        styler.setAxisTickLabelsColor(INK);
        styler.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        styler.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        styler.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        styler.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        styler.setLegendBorderColor(GRID);
        styler.setChartTitleBoxVisible(false);
        styler.setChartPadding(12);
        styler.setAntiAlias(true);
        styler.setTextAntiAlias(true);
    }

}
