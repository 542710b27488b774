package org.tbptt4j.data;

/**
 * Parses a decimal number straight from a char range, without making a String for the common
 * case. A plain decimal with at most 18 significant digits and a small exponent is computed
 * exactly as m * 10^e or m / 10^e with m &lt; 2^53 and |e| &lt;= 22 (one correctly rounded
 * operation, Clinger's fast path); anything else that is still a decimal goes to
 * {@link Double#parseDouble}. Both give the correctly rounded double.
 *
 * <p>Missing-value spellings (compared ignoring case, after trimming spaces and tabs): the empty
 * text, {@code ?}, {@code NA}, {@code N/A}, {@code NaN}, {@code null}, {@code None}, and the
 * non-finite spellings {@code inf}, {@code infinity}, {@code nan} with an optional sign. They parse
 * to NaN, the readers' mark for "missing"; no NaN or infinity ever enters the data.
 */
final class Numbers {

    private static final double[] POW10 = {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    private static final String[] MISSING = {"", "?", "na", "n/a", "nan", "null", "none", "inf", "infinity"};

    private Numbers() {
    }

    /**
     * The number in c[off, off+len), NaN if it spells a missing value.
     *
     * @throws NumberFormatException if it is neither a decimal number nor a missing value, or is
     *                               beyond the double range; the message says which
     */
    static double parse(char[] c, int off, int len) {
        int end = off + len;
        while (off < end && (c[off] == ' ' || c[off] == '\t')) {
            off++;
        }
        while (end > off && (c[end - 1] == ' ' || c[end - 1] == '\t')) {
            end--;
        }
        double fast = fastParse(c, off, end);
        if (!Double.isNaN(fast)) {
            return fast;
        }
        if (isMissing(c, off, end)) {
            return Double.NaN;
        }
        String text = new String(c, off, end - off);
        if (!isDecimal(c, off, end)) {
            throw new NumberFormatException("'" + DataFormatException.excerpt(text) + "' is not a number");
        }
        double x = Double.parseDouble(text);
        if (Double.isInfinite(x)) {
            throw new NumberFormatException("'" + DataFormatException.excerpt(text) + "' is beyond the double range (about 1.8e308)");
        }
        return x;
    }

    /** Same as {@link #parse(char[], int, int)} for a String. */
    static double parse(String s) {
        return parse(s.toCharArray(), 0, s.length());
    }

    /** Whether c[off, end) (already trimmed) spells a missing value. */
    static boolean isMissing(char[] c, int off, int end) {
        if (end > off && (c[off] == '+' || c[off] == '-')) {
            int n = end - off - 1;
            return equalsIgnoreCase(c, off + 1, n, "nan") || equalsIgnoreCase(c, off + 1, n, "inf")
                    || equalsIgnoreCase(c, off + 1, n, "infinity");
        }
        for (String m : MISSING) {
            if (equalsIgnoreCase(c, off, end - off, m)) {
                return true;
            }
        }
        return false;
    }

    private static boolean equalsIgnoreCase(char[] c, int off, int n, String s) {
        if (n != s.length()) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (Character.toLowerCase(c[off + i]) != s.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** NaN when c[i, end) is not a short plain decimal; else its exact correctly rounded value. */
    private static double fastParse(char[] c, int i, int end) {
        if (i == end) {
            return Double.NaN;
        }
        boolean neg = false;
        if (c[i] == '-' || c[i] == '+') {
            neg = c[i] == '-';
            i++;
        }
        long m = 0;
        int digits = 0;      // significant digits held in m
        int exp10 = 0;       // value = m * 10^exp10
        boolean any = false;
        while (i < end && c[i] >= '0' && c[i] <= '9') {
            if (m != 0 || c[i] != '0') {
                if (++digits > 18) {
                    return Double.NaN;
                }
                m = m * 10 + (c[i] - '0');
            }
            any = true;
            i++;
        }
        if (i < end && c[i] == '.') {
            i++;
            while (i < end && c[i] >= '0' && c[i] <= '9') {
                if (m != 0 || c[i] != '0') {
                    if (++digits > 18) {
                        return Double.NaN;
                    }
                    m = m * 10 + (c[i] - '0');
                }
                exp10--;
                any = true;
                i++;
            }
        }
        if (!any) {
            return Double.NaN;
        }
        if (i < end && (c[i] == 'e' || c[i] == 'E')) {
            i++;
            boolean eneg = false;
            if (i < end && (c[i] == '-' || c[i] == '+')) {
                eneg = c[i] == '-';
                i++;
            }
            int e = 0;
            int start = i;
            while (i < end && c[i] >= '0' && c[i] <= '9' && i - start < 4) {
                e = e * 10 + (c[i] - '0');
                i++;
            }
            if (i == start) {
                return Double.NaN;
            }
            exp10 += eneg ? -e : e;
        }
        if (i != end) {
            return Double.NaN;
        }
        if (m == 0) {
            return neg ? -0.0 : 0.0;
        }
        if (m > (1L << 53) || exp10 < -22 || exp10 > 22) {
            return Double.NaN;
        }
        double x = exp10 >= 0 ? m * POW10[exp10] : m / POW10[-exp10];
        return neg ? -x : x;
    }

    /** [+-]? (digits [. digits?] | . digits) ([eE] [+-]? digits)? over c[i, end). */
    private static boolean isDecimal(char[] c, int i, int end) {
        if (i < end && (c[i] == '-' || c[i] == '+')) {
            i++;
        }
        int mantissa = 0;
        while (i < end && c[i] >= '0' && c[i] <= '9') {
            i++;
            mantissa++;
        }
        if (i < end && c[i] == '.') {
            i++;
            while (i < end && c[i] >= '0' && c[i] <= '9') {
                i++;
                mantissa++;
            }
        }
        if (mantissa == 0) {
            return false;
        }
        if (i < end && (c[i] == 'e' || c[i] == 'E')) {
            i++;
            if (i < end && (c[i] == '-' || c[i] == '+')) {
                i++;
            }
            int exp = 0;
            while (i < end && c[i] >= '0' && c[i] <= '9') {
                i++;
                exp++;
            }
            if (exp == 0) {
                return false;
            }
        }
        return i == end;
    }
}
