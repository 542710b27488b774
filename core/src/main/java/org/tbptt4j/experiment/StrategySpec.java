package org.tbptt4j.experiment;

import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import org.tbptt4j.analysis.DomainSplit;
import org.tbptt4j.data.Sequence;
import org.tbptt4j.data.Strategy;
import org.tbptt4j.model.ParameterException;

/**
 * A strategy as chosen, before the data is seen: the one definition of the strategy names, the
 * parameters each takes, their checks and their defaults. {@link #strategy} resolves it against the
 * training sequences into the {@link Strategy} that lays them out (domain without a length: the
 * autocorrelation analysis).
 *
 * <p>A length that is not given is empty: naive and packed then cut {@value #DEFAULT_LENGTH}-step
 * pieces (classification: the longest training sequence, see {@link Experiment#trainingLayout}).
 * A truncation (k1, k2) on top of a strategy's own is the run's ({@link RunConfig#k1()}); only
 * decoupled is defined by it, and one-step (TBPTT(1,1)) refuses it.
 *
 * <p>The flat form that journals and saved models keep (strategy name, length, k1, k2, each 0 where
 * not given) is read by {@link #of(String, int, int, int)} and written by {@link RunConfig#withStrategy}.
 */
public sealed interface StrategySpec {

    /** The length of naive and packed pieces when none is given. */
    int DEFAULT_LENGTH = 50;

    /** Every strategy's name, as {@link #of} reads it. */
    List<String> NAMES = List.of(AsIs.NAME, Naive.NAME, Domain.NAME, OneStep.NAME, Decoupled.NAME, Packed.NAME);

    /** The strategies whose length is a free choice, which a grid searches (domain's comes from the data). */
    List<String> FREE_LENGTH = List.of(Naive.NAME, Packed.NAME);

    /** The name, as {@link #NAMES} lists it. */
    String name();

    /** The subsequence length given; empty where the strategy chooses it or takes none. */
    default OptionalInt length() {
        return OptionalInt.empty();
    }

    /** The strategy that lays out these training sequences in {@code batch} rows. */
    Strategy strategy(List<Sequence> train, int batch);

    /** The same strategy with pieces of {@code steps} (naive, domain, packed); the others have none and stay as they are. */
    default StrategySpec withLength(int steps) {
        return this;
    }

    /** A short label, e.g. {@code naive L=50}, {@code decoupled (10,50)}. */
    default String label() {
        return name() + (length().isPresent() ? " L=" + length().getAsInt() : "");
    }

    /** Each sequence as one sample, shorter ones padded and masked: full backpropagation through every sequence. */
    record AsIs() implements StrategySpec {
        public static final String NAME = "as-is";

        @Override
        public String name() {
            return NAME;
        }

        @Override
        public Strategy strategy(List<Sequence> train, int batch) {
            return new Strategy.AsIs();
        }
    }

    /** Consecutive pieces of {@code length} steps (default {@value StrategySpec#DEFAULT_LENGTH}), laid out statefully. */
    record Naive(OptionalInt length) implements StrategySpec {
        public static final String NAME = "naive";

        public Naive {
            requireLength(length);
        }

        @Override
        public String name() {
            return NAME;
        }

        @Override
        public Strategy strategy(List<Sequence> train, int batch) {
            return new Strategy.Naive(length.orElse(DEFAULT_LENGTH));
        }

        @Override
        public StrategySpec withLength(int steps) {
            return naive(steps);
        }
    }

    /** Pieces of the length the autocorrelation analysis of the training data suggests, or of {@code length} when given. */
    record Domain(OptionalInt length) implements StrategySpec {
        public static final String NAME = "domain";

        public Domain {
            requireLength(length);
        }

        @Override
        public String name() {
            return NAME;
        }

        @Override
        public Strategy strategy(List<Sequence> train, int batch) {
            return length.isPresent() ? new Strategy.Domain(length.getAsInt(), "the given length")
                    : DomainSplit.strategy(train, batch);
        }

        @Override
        public StrategySpec withLength(int steps) {
            return new Domain(OptionalInt.of(steps));
        }
    }

    /** TBPTT(1,1): one step per update, all memory in the carried state. */
    record OneStep() implements StrategySpec {
        public static final String NAME = "one-step";

        @Override
        public String name() {
            return NAME;
        }

        @Override
        public Strategy strategy(List<Sequence> train, int batch) {
            return new Strategy.OneStep();
        }
    }

    /** Continuous stateful streams, {@code k1} steps between updates and {@code k2} steps of backpropagation. */
    record Decoupled(int k1, int k2) implements StrategySpec {
        public static final String NAME = "decoupled";

        public Decoupled {
            requireSteps("k1", k1);
            requireSteps("k2", k2);
        }

        @Override
        public String name() {
            return NAME;
        }

        @Override
        public Strategy strategy(List<Sequence> train, int batch) {
            return new Strategy.Decoupled(k1, k2);
        }

        @Override
        public String label() {
            return NAME + " (" + k1 + "," + k2 + ")";
        }
    }

    /** Sequences packed end to end into the rows, longest first, cut into pieces of {@code length} steps (default 50). */
    record Packed(OptionalInt length) implements StrategySpec {
        public static final String NAME = "packed";

        public Packed {
            requireLength(length);
        }

        @Override
        public String name() {
            return NAME;
        }

        @Override
        public Strategy strategy(List<Sequence> train, int batch) {
            return new Strategy.Packed(length.orElse(DEFAULT_LENGTH));
        }

        @Override
        public StrategySpec withLength(int steps) {
            return packed(steps);
        }
    }

    /** {@link AsIs}. */
    static StrategySpec asIs() {
        return new AsIs();
    }

    /** {@link Naive} pieces of {@code length} steps. */
    static StrategySpec naive(int length) {
        return new Naive(OptionalInt.of(length));
    }

    /** {@link Domain}: the length from the autocorrelation analysis. */
    static StrategySpec domain() {
        return new Domain(OptionalInt.empty());
    }

    /** {@link OneStep}: TBPTT(1,1). */
    static StrategySpec oneStep() {
        return new OneStep();
    }

    /** {@link Decoupled} TBPTT(k1, k2). */
    static StrategySpec decoupled(int k1, int k2) {
        return new Decoupled(k1, k2);
    }

    /** {@link Packed} pieces of its own length: {@value #DEFAULT_LENGTH} steps, for classification the longest sequence. */
    static StrategySpec packed() {
        return new Packed(OptionalInt.empty());
    }

    /** {@link Packed} pieces of {@code length} steps. */
    static StrategySpec packed(int length) {
        return new Packed(OptionalInt.of(length));
    }

    /**
     * The strategy called {@code name} with the parameters given (null: not given), each checked
     * against it: a length for naive, domain and packed only; k1 and k2 both for decoupled; no k1 or
     * k2 for one-step. k1 and k2 on other strategies are a truncation on top of theirs: checked here,
     * kept by the caller.
     *
     * @throws ParameterException naming the parameter that is unknown, missing, out of range or does not apply
     */
    static StrategySpec of(String name, Integer length, Integer k1, Integer k2) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        if (!NAMES.contains(n)) {
            throw new ParameterException("strategy = " + name + " is not a strategy: use " + String.join(", ", NAMES), "strategy");
        }
        for (Object[] p : new Object[][] {{"length", length}, {"k1", k1}, {"k2", k2}}) {
            if (p[1] != null) {
                requireSteps((String) p[0], (Integer) p[1]);
            }
        }
        OptionalInt len = length == null ? OptionalInt.empty() : OptionalInt.of(length);
        switch (n) {
            case OneStep.NAME -> {
                String why = " does not apply to strategy = one-step, which is TBPTT(1,1): one step per update, all memory in "
                        + "the carried state; ";
                refuse("length", length, why + "for pieces of " + length + " steps use strategy = naive with length = " + length);
                refuse("k1", k1, why + "for other truncation lengths use strategy = decoupled with k1 = K1 and k2 = K2");
                refuse("k2", k2, why + "for other truncation lengths use strategy = decoupled with k1 = K1 and k2 = K2");
            }
            case AsIs.NAME -> refuse("length", length, " does not apply to strategy = as-is, which trains each sequence whole, at "
                    + "its own length; use strategy = naive with length = " + length + " (or packed) to cut them");
            case Decoupled.NAME -> {
                refuse("length", length, " does not apply to strategy = decoupled, which is cut by k1 (steps between updates) "
                        + "and k2 (steps of backpropagation) alone; leave the length out");
                if (k1 == null || k2 == null) {
                    throw new ParameterException("strategy = decoupled needs both k1 = K1 (steps between updates) and k2 = K2 "
                            + "(steps of backpropagation)", "strategy", "k1", "k2");
                }
            }
            default -> {
            }
        }
        return switch (n) {
            case AsIs.NAME -> new AsIs();
            case Naive.NAME -> new Naive(len);
            case Domain.NAME -> new Domain(len);
            case OneStep.NAME -> new OneStep();
            case Decoupled.NAME -> new Decoupled(k1, k2);
            default -> new Packed(len);
        };
    }

    /** {@link #of(String, Integer, Integer, Integer)} from the flat form: 0 = not given. */
    static StrategySpec of(String name, int length, int k1, int k2) {
        return of(name, length == 0 ? null : length, k1 == 0 ? null : k1, k2 == 0 ? null : k2);
    }

    private static void refuse(String parameter, Integer value, String why) {
        if (value != null) {
            throw new ParameterException(parameter + " = " + value + why, parameter, "strategy", "length", "k1", "k2");
        }
    }

    private static void requireLength(OptionalInt length) {
        if (length.isPresent()) {
            requireSteps("length", length.getAsInt());
        }
    }

    private static void requireSteps(String parameter, int steps) {
        if (steps < 1) {
            throw new ParameterException(parameter + " = " + steps + " is less than 1 step", parameter);
        }
    }
}
