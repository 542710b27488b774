package org.tbptt4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvReaderTest {

    /** Measurements worth a look, in the test's output file (target/surefire-reports), not on the console. */
    private static final System.Logger LOG = System.getLogger(CsvReaderTest.class.getName());

    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text, StandardCharsets.UTF_8);
        return p;
    }

    private static double[] column(Series s, int c) {
        double[] out = new double[s.length()];
        for (int t = 0; t < s.length(); t++) {
            out[t] = s.at(t, c);
        }
        return out;
    }

    // --- shared data sets

    @Test
    void airlinePassengersSkipsTheQuotedMonthColumn() throws IOException {
        SeriesSet set = CsvReader.read(Shared.datasets("airline-passengers").resolve("airline-passengers.csv"), CsvOptions.defaults());
        assertThat(set.columns()).containsExactly("Passengers");
        assertThat(set.series()).hasSize(1);
        Series s = set.series().get(0);
        assertThat(s.id()).isEqualTo("airline-passengers.csv");
        assertThat(s.length()).isEqualTo(144);
        assertThat(s.at(0, 0)).isEqualTo(112);
        assertThat(s.at(1, 0)).isEqualTo(118);
        assertThat(s.at(143, 0)).isEqualTo(432);
    }

    @Test
    void airlinePassengersSortedByTextMonth() throws IOException {
        SeriesSet set = CsvReader.read(Shared.datasets("airline-passengers").resolve("airline-passengers.csv"),
                CsvOptions.defaults().withTimeColumn("Month"));
        assertThat(set.columns()).containsExactly("Passengers");
        assertThat(set.series().get(0).at(0, 0)).isEqualTo(112);
    }

    @Test
    void mackeyGlassWithoutHeader() throws IOException {
        SeriesSet set = CsvReader.read(Shared.datasets("mackey-glass-t17").resolve("MackeyGlass_t17.txt"),
                CsvOptions.defaults().withHeader(false));
        assertThat(set.columns()).containsExactly("c0");
        Series s = set.series().get(0);
        assertThat(s.length()).isEqualTo(10_000);
        assertThat(s.at(0, 0)).isEqualTo(Double.parseDouble("1.220639965678425032e-01"));
        assertThat(s.at(1, 0)).isEqualTo(Double.parseDouble("4.719681589861720455e-02"));
    }

    @Test
    void pollutionFailsOnTheFirstNa() {
        Path f = Shared.datasets("beijing-pm25").resolve("pollution.csv");
        assertThatThrownBy(() -> CsvReader.read(f, CsvOptions.defaults()))
                .isInstanceOf(DataFormatException.class)
                .hasMessage("pollution.csv:line 2, column 'pm2.5': 'NA' is a missing value; "
                        + "choose missing = ffill|interpolate|drop, or clean the file");
    }

    @Test
    void pollutionForwardFillTrimsTheLeadingGapInsteadOfInventingIt() throws IOException {
        Path f = Shared.datasets("beijing-pm25").resolve("pollution.csv");
        SeriesSet in = CsvReader.read(f, CsvOptions.defaults().withMissing(Missing.FFILL).withColumns("pm2.5", "TEMP"));
        Series s = in.series().get(0);
        assertThat(s.length()).isEqualTo(43_824 - 24);    // pm2.5 has no value before line 26
        assertThat(s.at(0, 0)).isEqualTo(129);
        assertThat(in.notes()).containsExactly("pollution.csv: trimmed 24 leading and 0 trailing row(s) where a column has no "
                + "value to fill from (values are never invented outside the observed span)");
        assertThat(in.imputed()).containsExactly(2_067 - 24, 0);
    }

    @Test
    void pollutionInterpolatedAndDropped() throws IOException {
        Path f = Shared.datasets("beijing-pm25").resolve("pollution.csv");
        SeriesSet in = CsvReader.read(f, CsvOptions.defaults().withMissing(Missing.INTERPOLATE));
        // cbwd is text, so it is left out
        assertThat(in.columns()).containsExactly("No", "year", "month", "day", "hour", "pm2.5", "DEWP", "TEMP", "PRES",
                "Iws", "Is", "Ir");
        assertThat(in.unread()).containsExactly(java.util.Map.entry("cbwd", "is non-numeric ('NW' on line 2)"));
        Series s = in.series().get(0);
        assertThat(s.length()).isEqualTo(43_824 - 24);    // the leading gap is trimmed, not filled
        int pm = in.column("pm2.5");
        assertThat(s.at(0, pm)).isEqualTo(129);           // first present value (line 26)
        assertThat(s.observed(0, pm)).isTrue();
        assertThat(s.at(43_799, in.column("No"))).isEqualTo(43_824);
        for (double v : s.values()) {
            assertThat(v).isFinite();
        }
        assertThat(in.imputed()[pm]).isEqualTo(2_067 - 24);
        assertThat(s.imputed(in.column("TEMP"))).isZero();

        SeriesSet dropped = CsvReader.read(f, CsvOptions.defaults().withMissing(Missing.DROP).withColumns("pm2.5", "TEMP"));
        assertThat(dropped.columns()).containsExactly("pm2.5", "TEMP");
        assertThat(dropped.series().get(0).length()).isEqualTo(43_824 - 2_067);
        assertThat(dropped.series().get(0).at(0, 0)).isEqualTo(129);
        assertThat(dropped.series().get(0).observed()).isNull();
        assertThat(dropped.notes()).singleElement().asString()
                .startsWith("warning: pollution.csv: dropped 2,067 row(s) with a missing value, leaving ")
                .containsPattern("leaving [0-9,]+ gap\\(s\\) in time, longest [0-9,]+ row\\(s\\)");
    }

    // --- missing-value policies, exactly

    private static final String GAPS = "t,a,b\n1,1.0,10\n2,NA,\n3,3.0,30\n4,,40\n5,5.5,?\n";

    @Test
    void failNamesTheFirstMissingCell() throws IOException {
        Path f = write("gaps.csv", GAPS);
        assertThatThrownBy(() -> CsvReader.read(f, CsvOptions.defaults().withColumns("a", "b")))
                .isInstanceOf(DataFormatException.class)
                .hasMessage("gaps.csv:line 3, column 'a': 'NA' is a missing value; choose missing = ffill|interpolate|drop, or clean the file");
    }

    @Test
    void forwardFill() throws IOException {
        Series s = CsvReader.read(write("gaps.csv", GAPS), CsvOptions.defaults().withColumns("a", "b").withMissing(Missing.FFILL))
                .series().get(0);
        assertThat(column(s, 0)).containsExactly(1, 1, 3, 3, 5.5);
        assertThat(column(s, 1)).containsExactly(10, 10, 30, 40, 40);
    }

    @Test
    void interpolate() throws IOException {
        Series s = CsvReader.read(write("gaps.csv", GAPS), CsvOptions.defaults().withColumns("a", "b").withMissing(Missing.INTERPOLATE))
                .series().get(0);
        // b has no value after row 4, so row 5 is trimmed rather than given b's last value
        assertThat(column(s, 0)).containsExactly(1, 2, 3, 4.25);
        assertThat(column(s, 1)).containsExactly(10, 20, 30, 40);
        assertThat(s.observed()).containsExactly(true, true, false, false, true, true, false, true);
    }

    @Test
    void interpolateTrimsTheEndsItCannotInterpolate() throws IOException {
        SeriesSet set = CsvReader.read(write("ends.csv", "a\nNA\nNA\n2\n4\nNA\n"), CsvOptions.defaults().withMissing(Missing.INTERPOLATE));
        assertThat(set.series().get(0).values()).containsExactly(2, 4);
        assertThat(set.series().get(0).observed()).isNull();
        assertThat(set.notes()).singleElement().asString().startsWith("ends.csv: trimmed 2 leading and 1 trailing row(s)");
    }

    @Test
    void drop() throws IOException {
        SeriesSet set = CsvReader.read(write("gaps.csv", GAPS), CsvOptions.defaults().withMissing(Missing.DROP));
        assertThat(set.columns()).containsExactly("t", "a", "b");
        Series s = set.series().get(0);
        assertThat(s.length()).isEqualTo(2);
        assertThat(s.values()).containsExactly(1, 1, 10, 3, 3, 30);
    }

    @Test
    void policiesWorkPerSequence() throws IOException {
        String csv = "id,x\nA,1\nB,NA\nA,NA\nB,4\nA,3\n";
        Path f = write("seq.csv", csv);
        SeriesSet in = CsvReader.read(f, CsvOptions.defaults().withIdColumn("id").withMissing(Missing.INTERPOLATE));
        assertThat(in.series()).extracting(Series::id).containsExactly("A", "B");
        assertThat(in.series().get(0).values()).containsExactly(1, 2, 3);
        // B's first value is missing: it is trimmed, not filled from A
        assertThat(in.series().get(1).values()).containsExactly(4);
        SeriesSet ffill = CsvReader.read(f, CsvOptions.defaults().withIdColumn("id").withMissing(Missing.FFILL));
        assertThat(ffill.series().get(0).values()).containsExactly(1, 1, 3);
        assertThat(ffill.series().get(1).values()).containsExactly(4);
        assertThat(ffill.notes()).singleElement().asString().startsWith("seq.csv: trimmed 1 leading and 0 trailing row(s) in 1 sequence(s)");
    }

    @Test
    void nonFiniteTextCountsAsMissing() throws IOException {
        Path f = write("inf.csv", "x\n1\nInfinity\n-inf\nNaN\nnan\nnull\n 2 \n");
        Series s = CsvReader.read(f, CsvOptions.defaults().withMissing(Missing.FFILL)).series().get(0);
        assertThat(s.values()).containsExactly(1, 1, 1, 1, 1, 1, 2);
        assertThatThrownBy(() -> CsvReader.read(f, CsvOptions.defaults()))
                .hasMessage("inf.csv:line 3, column 'x': 'Infinity' is a missing value; choose missing = ffill|interpolate|drop, or clean the file");
    }

    @Test
    void interpolateFailsOnAnAllMissingColumn() throws IOException {
        Path f = write("none.csv", "a,b\n1,NA\n2,NA\n");
        assertThatThrownBy(() -> CsvReader.read(f, CsvOptions.defaults().withColumns("a", "b").withMissing(Missing.INTERPOLATE)))
                .isInstanceOf(DataFormatException.class)
                .hasMessage("none.csv: column 'b': no value in any of its 2 row(s), so there is nothing to interpolate from; "
                        + "leave this column out of the columns read (columns = NAME,...), or fill in values");
        assertThatThrownBy(() -> CsvReader.read(f, CsvOptions.defaults().withColumns("a", "b").withMissing(Missing.DROP)))
                .isInstanceOf(DataFormatException.class)
                .hasMessageStartingWith("none.csv:line 2: every row has a missing value in [a, b]");
    }

    // --- CSV syntax

    @Test
    void quotesCrlfBomAndBlankTrailingLines() throws IOException {
        String csv = "\uFEFF\"id\",\"note, with comma\",\"x\",y\r\n"
                + "\"s1\",\"say \"\"hi\"\"\",\"1.5\",2\r\n"
                + "s1,\"two\r\nlines\",-3e2, 4 \r\n"
                + "s1,,+.5,6\r\n\r\n\r\n";
        SeriesSet set = CsvReader.read(write("q.csv", csv), CsvOptions.defaults().withIdColumn("id"));
        assertThat(set.columns()).containsExactly("x", "y");
        Series s = set.series().get(0);
        assertThat(s.id()).isEqualTo("s1");
        assertThat(s.values()).containsExactly(1.5, 2, -300, 4, 0.5, 6);
    }

    @Test
    void quotedFieldsAcrossBufferRefills() throws IOException {
        // ~2 MB of quoted fields, ids and line breaks inside quotes: every field boundary meets a 64K refill somewhere
        StringBuilder b = new StringBuilder("id,note,v\r\n");
        int n = 40_000;
        for (int i = 0; i < n; i++) {
            b.append('"').append(i % 3).append("\",\"x \"\"").append(i).append("\"\"\ny\",\"").append(i * 0.25).append("\"\r\n");
        }
        SeriesSet set = CsvReader.read(write("many.csv", b.toString()), CsvOptions.defaults().withIdColumn("id"));
        assertThat(set.columns()).containsExactly("v");
        assertThat(set.series()).extracting(Series::id).containsExactly("0", "1", "2");
        assertThat(set.totalSteps()).isEqualTo(n);
        Series s1 = set.series().get(1);
        for (int t = 0; t < s1.length(); t++) {
            assertThat(s1.at(t, 0)).isEqualTo((3 * t + 1) * 0.25);
        }
        Path bad = write("badline.csv", b.append("0,\"x\",NA\r\n").toString());
        assertThatThrownBy(() -> CsvReader.read(bad, CsvOptions.defaults().withIdColumn("id")))
                .hasMessageStartingWith("badline.csv:line " + (2 * n + 2) + ", column 'v': 'NA' is a missing value");
    }

    @Test
    void otherDelimiterAndNoHeader() throws IOException {
        SeriesSet set = CsvReader.read(write("semi.csv", "1;2,5\n3;4\n"), CsvOptions.defaults().withHeader(false).withDelimiter(';')
                .withColumns("c0"));
        assertThat(set.series().get(0).values()).containsExactly(1, 3);
    }

    @Test
    void idsSplitInOrderOfFirstAppearanceAndTimeSortsStably() throws IOException {
        String csv = "time,id,v\n3,b,30\n2,a,20\n1,a,10\n1,b,11\n2,a,21\n";
        SeriesSet set = CsvReader.read(write("t.csv", csv), CsvOptions.defaults().withIdColumn("id").withTimeColumn("time"));
        assertThat(set.columns()).containsExactly("v");
        assertThat(set.series()).extracting(Series::id).containsExactly("b", "a");
        assertThat(set.series().get(0).values()).containsExactly(11, 30);
        assertThat(set.series().get(1).values()).containsExactly(10, 20, 21);   // equal times keep file order
    }

    @Test
    void textTimeSortsLexicographically() throws IOException {
        String csv = "when,v\n2020-01-03T00:00,3\n2020-01-01T12:00,1\n2020-01-02,2\n";
        SeriesSet set = CsvReader.read(write("iso.csv", csv), CsvOptions.defaults().withTimeColumn("when"));
        assertThat(set.series().get(0).values()).containsExactly(1, 2, 3);
    }

    @Test
    void missingCellsAfterTimeSortAreFilledInTimeOrder() throws IOException {
        String csv = "t,v\n3,3\n1,1\n2,NA\n4,NA\n";
        Series s = CsvReader.read(write("ts.csv", csv), CsvOptions.defaults().withTimeColumn("t").withMissing(Missing.FFILL))
                .series().get(0);
        assertThat(s.values()).containsExactly(1, 1, 3, 3);
        Path lead = write("lead.csv", "t,v\n2,2\n1,NA\n");
        assertThat(CsvReader.read(lead, CsvOptions.defaults().withTimeColumn("t").withMissing(Missing.FFILL)).series().get(0)
                .values()).containsExactly(2);
    }

    // --- bad files

    @Test
    void emptyFile() throws IOException {
        Path f = write("empty.csv", "\n\n");
        assertThatThrownBy(() -> CsvReader.read(f, CsvOptions.defaults()))
                .isInstanceOf(DataFormatException.class)
                .hasMessageStartingWith("empty.csv: the file is empty");
    }

    @Test
    void headerOnly() throws IOException {
        Path f = write("head.csv", "a,b\r\n");
        assertThatThrownBy(() -> CsvReader.read(f, CsvOptions.defaults()))
                .isInstanceOf(DataFormatException.class)
                .hasMessageStartingWith("head.csv:line 1: the header is the only line; add data rows");
    }

    @Test
    void unknownColumnListsTheColumns() throws IOException {
        Path f = write("u.csv", "a,b\n1,2\n");
        assertThatThrownBy(() -> CsvReader.read(f, CsvOptions.defaults().withColumns("a", "c")))
                .isInstanceOf(DataFormatException.class)
                .hasMessage("u.csv:line 1, column 'c': no such column; the columns are [a, b]");
        assertThatThrownBy(() -> CsvReader.read(f, CsvOptions.defaults().withIdColumn("key")))
                .hasMessage("u.csv:line 1, column 'key': no such column; the columns are [a, b]");
    }

    @Test
    void nonNumericCell() throws IOException {
        Path f = write("n.csv", "a,b\n1,2\n3,x7\n");
        assertThatThrownBy(() -> CsvReader.read(f, CsvOptions.defaults().withColumns("a", "b")))
                .isInstanceOf(DataFormatException.class)
                .hasMessage("n.csv:line 3, column 'b': 'x7' is not a number; fix the cell, or leave this column out of the columns read (columns = NAME,...)");
        assertThatThrownBy(() -> CsvReader.read(write("n2.csv", "a\n1d\n"), CsvOptions.defaults().withColumns("a")))
                .hasMessageStartingWith("n2.csv:line 2, column 'a': '1d' is not a number");
        assertThatThrownBy(() -> CsvReader.read(write("n3.csv", "a\n1e999\n"), CsvOptions.defaults().withColumns("a")))
                .hasMessageStartingWith("n3.csv:line 2, column 'a': '1e999' is beyond the double range");
    }

    @Test
    void textAfterTheSampleInAnAutoColumn() throws IOException {
        StringBuilder b = new StringBuilder("a,b\n");
        for (int i = 0; i < CsvReader.SAMPLE_ROWS + 5; i++) {
            b.append(i).append(',').append(i == CsvReader.SAMPLE_ROWS + 2 ? "oops" : "1").append('\n');
        }
        Path f = write("late.csv", b.toString());
        assertThatThrownBy(() -> CsvReader.read(f, CsvOptions.defaults()))
                .isInstanceOf(DataFormatException.class)
                .hasMessageStartingWith("late.csv:line " + (CsvReader.SAMPLE_ROWS + 4) + ", column 'b': 'oops' is not a number")
                .hasMessageContaining("columns = NAME,...");
    }

    @Test
    void raggedRow() throws IOException {
        Path f = write("r.csv", "a,b,c\n1,2,3\n4,5\n");
        assertThatThrownBy(() -> CsvReader.read(f, CsvOptions.defaults()))
                .isInstanceOf(DataFormatException.class)
                .hasMessage("r.csv:line 3: expected 3 fields as in the header, got 2; check for a missing or extra ',' "
                        + "(quote a field that contains one)");
    }

    @Test
    void duplicateColumnNames() throws IOException {
        Path f = write("d.csv", "a,b,a\n1,2,3\n");
        assertThatThrownBy(() -> CsvReader.read(f, CsvOptions.defaults()))
                .isInstanceOf(DataFormatException.class)
                .hasMessage("d.csv:line 1, column 'a': the header names this column twice (fields 1 and 3); rename one so every column has its own name");
    }

    @Test
    void unclosedQuoteAndTextAfterQuote() throws IOException {
        assertThatThrownBy(() -> CsvReader.read(write("uq.csv", "a,b\n1,\"2\n3,4\n"), CsvOptions.defaults()))
                .isInstanceOf(DataFormatException.class)
                .hasMessageStartingWith("uq.csv:line 2, column 2: the quoted field opened here is never closed");
        assertThatThrownBy(() -> CsvReader.read(write("aq.csv", "a,b\n1,\"2\"x\n"), CsvOptions.defaults()))
                .isInstanceOf(DataFormatException.class)
                .hasMessageStartingWith("aq.csv:line 2, column 2: unexpected 'x' after the closing quote");
    }

    @Test
    void missingIdOrTime() throws IOException {
        assertThatThrownBy(() -> CsvReader.read(write("mi.csv", "id,v\na,1\n,2\n"), CsvOptions.defaults().withIdColumn("id")))
                .isInstanceOf(DataFormatException.class)
                .hasMessageStartingWith("mi.csv:line 3, column 'id': the sequence id is missing");
        assertThatThrownBy(() -> CsvReader.read(write("mt.csv", "t,v\n1,1\nNA,2\n"), CsvOptions.defaults().withTimeColumn("t")))
                .isInstanceOf(DataFormatException.class)
                .hasMessageStartingWith("mt.csv:line 3, column 't': the time value 'NA' is missing");
        assertThatThrownBy(() -> CsvReader.read(write("mx.csv", "t,v\n1,1\n2020-01-01,2\n"), CsvOptions.defaults().withTimeColumn("t")))
                .isInstanceOf(DataFormatException.class)
                .hasMessageStartingWith("mx.csv:line 3, column 't': '2020-01-01' is not a number, but the first time value was a number");
    }

    @Test
    void noNumericColumn() throws IOException {
        Path f = write("txt.csv", "name\nann\nbob\n");
        assertThatThrownBy(() -> CsvReader.read(f, CsvOptions.defaults()))
                .isInstanceOf(DataFormatException.class)
                .hasMessageStartingWith("txt.csv: no column starts with a number")
                .hasMessageContaining("[name]");
    }

    @Test
    void badOptions() {
        assertThatThrownBy(() -> CsvOptions.defaults().withDelimiter('"')).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot separate fields");
        assertThatThrownBy(() -> CsvOptions.defaults().withColumns("a", "a")).hasMessageContaining("listed twice");
        assertThatThrownBy(() -> CsvOptions.defaults().withIdColumn("k").withColumns("k")).hasMessageContaining("the id column");
        assertThatThrownBy(() -> CsvOptions.defaults().withMissing(null)).hasMessageContaining("FFILL");
    }

    // --- numbers and size

    @Test
    void parsedNumbersEqualDoubleParseDouble() {
        Random r = new Random(7);
        for (int i = 0; i < 200_000; i++) {
            double x = switch (i % 4) {
                case 0 -> r.nextGaussian() * Math.pow(10, r.nextInt(30) - 15);
                case 1 -> r.nextInt(2_000_001) - 1_000_000;
                case 2 -> r.nextDouble();
                default -> r.nextLong() / 1e3;
            };
            String[] texts = {Double.toString(x), String.format(Locale.ROOT, "%.6f", x), String.format(Locale.ROOT, "%.3e", x),
                String.format(Locale.ROOT, "%.17g", x)};
            for (String t : texts) {
                assertThat(Numbers.parse(t)).as(t).isEqualTo(Double.parseDouble(t));
            }
        }
        assertThat(Numbers.parse("-0")).isEqualTo(-0.0);
        assertThat(Numbers.parse("007.50")).isEqualTo(7.5);
        assertThat(Numbers.parse("9007199254740993")).isEqualTo(9007199254740993.0);
        assertThat(Numbers.parse("1.7976931348623157e308")).isEqualTo(Double.MAX_VALUE);
        assertThat(Numbers.parse("4.9e-324")).isEqualTo(Double.MIN_VALUE);
    }

    @Test
    void millionRowsLoad() throws IOException {
        int n = 1_000_000;
        Path f = dir.resolve("big.csv");
        try (BufferedWriter w = Files.newBufferedWriter(f)) {
            w.write("step,x,y\n");
            for (int i = 0; i < n; i++) {
                w.write(i + "," + (i % 1000) / 8.0 + "," + (-i * 0.001) + "\n");
            }
        }
        long t0 = System.nanoTime();
        SeriesSet set = CsvReader.read(f, CsvOptions.defaults());
        double seconds = (System.nanoTime() - t0) / 1e9;
        LOG.log(System.Logger.Level.INFO, () -> String.format(Locale.ROOT, "CsvReaderTest: %,d rows x 3 columns in %.2f s = %,.0f rows/s", n, seconds, n / seconds));
        Series s = set.series().get(0);
        assertThat(set.columns()).isEqualTo(List.of("step", "x", "y"));
        assertThat(s.length()).isEqualTo(n);
        assertThat(s.values()).hasSize(3 * n);
        for (int i : new int[] {0, 1, 999, 123_457, n - 1}) {
            assertThat(s.at(i, 0)).isEqualTo(i);
            assertThat(s.at(i, 1)).isEqualTo((i % 1000) / 8.0);
            assertThat(s.at(i, 2)).isEqualTo(-i * 0.001);
        }
    }
}
