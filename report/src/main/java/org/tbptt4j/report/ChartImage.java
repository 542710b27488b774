package org.tbptt4j.report;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Base64;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * A chart rendered to PNG by XChart and held as a {@code data:} URI, so the page carries its images
 * inside itself.
 *
 * @param dataUri {@code data:image/png;base64,...}
 * @param alt     what the chart shows, in words, for the img's alt text
 * @param width   pixels
 * @param height  pixels
 */
record ChartImage(String dataUri, String alt, int width, int height) {

    static {
        // render off screen: no display is needed, and none may exist (servers, CI)
        System.setProperty("java.awt.headless", "true");
    }

    /** Renders the chart to PNG at its own size. */
    static ChartImage of(Chart<?, ?> chart, String alt) throws IOException {
        // BitmapEncoder's byte[] and stream methods are deprecated in XChart 4; its image is not
        ByteArrayOutputStream png = new ByteArrayOutputStream(1 << 15);
        if (!ImageIO.write(BitmapEncoder.getBufferedImage(chart), "png", png)) {
            throw new IOException("this Java has no PNG writer for ImageIO");
        }
        return new ChartImage("data:image/png;base64," + Base64.getEncoder().encodeToString(png.toByteArray()), alt,
                chart.getWidth(), chart.getHeight());
    }

    /** The {@code <img>} element, alt text escaped. */
    String html() {
        return "<img src=\"" + dataUri + "\" width=\"" + width + "\" height=\"" + height + "\" alt=\""
                + Html.escape(alt) + "\">";
    }
}
