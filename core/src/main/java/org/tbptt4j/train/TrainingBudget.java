package org.tbptt4j.train;

import java.util.Locale;

/**
 * An equal budget for every run compared: training stops after exactly {@code updates} updates
 * (mid-epoch if need be), or once {@code seconds} of training have passed (checked after every
 * update), whichever comes first. Epochs then repeat until the budget is spent. A budget of
 * updates is deterministic; one of seconds depends on the machine.
 *
 * <p>Written {@code 2000u} (updates) or {@code 30s}, {@code 5m}, {@code 1h} (time): {@link #parse}
 * reads it and {@link #text} writes it back.
 *
 * @param updates at most this many updates; 0 = no limit
 * @param seconds at most this much training time; 0 = no limit
 */
public record TrainingBudget(long updates, double seconds) {

    /** No budget: the run's epochs (and early stopping) decide alone. */
    public static final TrainingBudget NONE = new TrainingBudget(0, 0);

    public TrainingBudget {
        if (updates < 0 || !(seconds >= 0) || Double.isInfinite(seconds)) {
            throw new IllegalArgumentException("a training budget is a positive number of updates or seconds, got " + updates
                    + " updates and " + seconds + " s");
        }
    }

    /** Whether any limit is set. */
    public boolean limited() {
        return updates > 0 || seconds > 0;
    }

    /**
     * Reads {@code 2000u} (updates), {@code 30s}, {@code 5m} or {@code 1h} (training time).
     *
     * @throws IllegalArgumentException naming the text and the forms it may take
     */
    public static TrainingBudget parse(String text) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        try {
            if (s.endsWith("u")) {
                long n = Long.parseLong(s.substring(0, s.length() - 1));
                if (n >= 1) {
                    return new TrainingBudget(n, 0);
                }
            } else if (s.length() > 1 && "smh".indexOf(s.charAt(s.length() - 1)) >= 0) {
                double unit = switch (s.charAt(s.length() - 1)) {
                    case 'm' -> 60;
                    case 'h' -> 3600;
                    default -> 1;
                };
                double seconds = unit * Double.parseDouble(s.substring(0, s.length() - 1));
                if (seconds > 0 && Double.isFinite(seconds)) {
                    return new TrainingBudget(0, seconds);
                }
            }
        } catch (NumberFormatException e) {
            // the message below says what is allowed
        }
        throw new IllegalArgumentException("'" + text + "' is not a training budget: give updates such as 2000u, or a time such"
                + " as 30s, 5m or 1h");
    }

    /** The budget as {@link #parse} reads it ({@code 2000u}, {@code 30s}); empty for {@link #NONE}. */
    public String text() {
        if (updates > 0) {
            return updates + "u";
        }
        if (seconds > 0) {
            return (seconds == Math.rint(seconds) ? Long.toString((long) seconds) : Double.toString(seconds)) + "s";
        }
        return "";
    }
}
