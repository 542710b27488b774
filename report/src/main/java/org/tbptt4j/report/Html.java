package org.tbptt4j.report;

import java.util.Locale;

/** Escaping and number formatting for the page: every text that reaches the HTML goes through {@link #escape}. */
final class Html {

    private Html() {
    }

    /** Escapes text for element content and for quoted attribute values; null becomes "". */
    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** A metric value with 4 significant digits; an en dash where there is none (null, NaN). */
    static String num(Double value) {
        if (value == null || value.isNaN()) {
            return "\u2013";
        }
        return String.format(Locale.ROOT, "%.4g", value);
    }

    /** A p-value as HTML: 3 decimals, or {@code &lt;0.001}. */
    static String p(Double value) {
        if (value == null || value.isNaN()) {
            return "\u2013";
        }
        return value < 0.001 ? "&lt;0.001" : String.format(Locale.ROOT, "%.3f", value);
    }
}
