package org.tbptt4j.data;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * A categorical column: its level names, and per row the level's code (its index in
 * {@link #levels()}), stored in the series as a number (0, 1, 2, ...). The one definition behind a
 * sequence label, a per-step class target and a one-hot encoded feature.
 *
 * <p>Order (stable, whatever the order of the rows or the split): when every level reads as a
 * number (0/1/2, 2..8, 1.5), by numeric value (ties by text); otherwise by {@link String#compareTo}.
 * So the labels 2..8 get codes 0..6 and "cat", "dog" get 0, 1, in every file that has those levels.
 *
 * @param column the column's name
 * @param levels the distinct values, in the order above (code = index)
 */
public record Categorical(String column, List<String> levels) {

    public Categorical {
        levels = List.copyOf(levels);
        if (new LinkedHashSet<>(levels).size() != levels.size()) {
            throw new IllegalArgumentException("column '" + column + "': a level is listed twice in " + levels);
        }
    }

    /** The column with the distinct values it holds, put in the documented order. */
    public static Categorical of(String column, Collection<String> values) {
        return new Categorical(column, ordered(values));
    }

    /** The distinct values in the documented order: numeric when all are numbers, else by text. */
    public static List<String> ordered(Collection<String> values) {
        List<String> out = new ArrayList<>(new LinkedHashSet<>(values));
        if (out.stream().allMatch(Categorical::isNumber)) {
            out.sort(Comparator.comparingDouble(Categorical::number).thenComparing(Comparator.naturalOrder()));
        } else {
            out.sort(Comparator.naturalOrder());
        }
        return out;
    }

    /** K, the number of levels. */
    public int size() {
        return levels.size();
    }

    /** The level of a code. */
    public String level(int code) {
        return levels.get(code);
    }

    /** Whether every level reads as a number. */
    public boolean numeric() {
        return levels.stream().allMatch(Categorical::isNumber);
    }

    /** The first level that is a number but not a whole number (e.g. "0.37"), or null. */
    public String firstFraction() {
        for (String l : levels) {
            if (isNumber(l) && number(l) != Math.rint(number(l))) {
                return l;
            }
        }
        return null;
    }

    /** The one-hot feature names, {@code column=level}, in level order. */
    public List<String> oneHotNames() {
        List<String> out = new ArrayList<>(levels.size());
        for (String l : levels) {
            out.add(column + "=" + l);
        }
        return out;
    }

    /**
     * The codes of this column's levels in {@code target}'s levels (matched by name): map[c] is
     * the code in target of level c here, or -1 when target does not have it.
     */
    public int[] codesIn(List<String> target) {
        Map<String, Integer> at = new HashMap<>();
        for (int i = 0; i < target.size(); i++) {
            at.put(target.get(i), i);
        }
        int[] map = new int[levels.size()];
        for (int c = 0; c < map.length; c++) {
            map[c] = at.getOrDefault(levels.get(c), -1);
        }
        return map;
    }

    /** Short text for messages: the levels, the first few when there are many. */
    public String describeLevels() {
        return levels.size() <= 10 ? levels.toString() : levels.subList(0, 10) + "... (" + levels.size() + " in all)";
    }

    private static boolean isNumber(String s) {
        try {
            return Double.isFinite(Double.parseDouble(s));
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static double number(String s) {
        return Double.parseDouble(s);
    }
}
