package org.tbptt4j.report;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Pulls the parts the tests check out of a report page. */
final class PageAssertions {

    private static final Pattern IMAGE = Pattern.compile("<img src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"");
    private static final Pattern LINK = Pattern.compile("\\b(?:src|href)\\s*=\\s*[\"']?([^\"'\\s>]*)", Pattern.CASE_INSENSITIVE);
    private static final Pattern ROW = Pattern.compile("<tr[^>]*data-rank=\"(\\d+)\"><td>([^<]*)(?:<span class=\"tie\">([^<]*)</span>)?"
            + "</td><td>c\\d+</td><td class=\"label\">([^<]*)");

    private PageAssertions() {
    }

    /** The decoded bytes of every embedded PNG, in page order. */
    static List<byte[]> pngs(String html) {
        List<byte[]> images = new ArrayList<>();
        Matcher m = IMAGE.matcher(html);
        while (m.find()) {
            images.add(Base64.getDecoder().decode(m.group(1)));
        }
        return images;
    }

    /** Every src and href value. */
    static List<String> links(String html) {
        List<String> links = new ArrayList<>();
        Matcher m = LINK.matcher(html);
        while (m.find()) {
            links.add(m.group(1));
        }
        return links;
    }

    /** One ranked-table row: the rank cell's text, its badge ("tied with #1", "#1, tied", "out after round 2"; "" for none), the label (escaped). */
    record Row(String rank, String note, String label) {
    }

    static List<Row> rows(String html) {
        List<Row> rows = new ArrayList<>();
        Matcher m = ROW.matcher(html);
        while (m.find()) {
            rows.add(new Row(m.group(2), m.group(3) == null ? "" : m.group(3), m.group(4)));
        }
        return rows;
    }
}
