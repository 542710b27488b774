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
                          int width, int height) {
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
        for (int i = 0; i < results.size(); i++) {
            chart.addSeries(names.get(i), results.get(i).values());
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
