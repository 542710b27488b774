package org.tbptt4j.data;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * How to read and prepare one data file: its format and reader options, the task (which columns
 * are seen and predicted), scaling, and the time-ordered split into training, validation and test
 * parts. Immutable; {@link Preparation#prepare} carries it out.
 *
 * @param file       the data file
 * @param format     how to read it ({@link Format#detect} picks one from the file)
 * @param csv        CSV reader options (columns to read, sequence id, time column, missing values)
 * @param features   columns the network sees (empty: every column read that is not a target, or all for forecasting)
 * @param targets    columns the network predicts (empty: for forecasting, the features; per-step needs them); for
 *                   classification of a CSV, the one label column (see {@link CsvOptions#labelColumn()}); a per-step
 *                   target that holds text, or is listed in {@link CsvOptions#categorical()}, is learnt as classes
 * @param task       what is learnt
 * @param horizon    forecasting horizon h (1 = next step)
 * @param scale      scaling fitted on the training part, or null for none
 * @param train      fraction of the data for training (time-ordered)
 * @param validation fraction for validation (the rest is test)
 * @param seed       seeds the split of many sequences into parts
 */
public record DataSpec(Path file, Format format, CsvOptions csv, List<String> features, List<String> targets, TaskKind task,
                       int horizon, Scaler.Kind scale, double train, double validation, long seed) {

    /** File formats. */
    public enum Format {
        /** Delimited numbers with a header (or a single column of numbers without one). */
        CSV,
        /** UEA/UCR .ts: variable-length multivariate sequences with class labels. */
        TS,
        /** Plain text, one token per character. */
        CHARS,
        /** Plain text, whitespace-separated words, one sentence per line (PTB). */
        WORDS;

        /** .ts is TS, .csv is CSV; other files are CSV when their first line is a number, else characters. */
        public static Format detect(Path file, String firstLine) {
            String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
            if (name.endsWith(".ts")) {
                return TS;
            }
            if (name.endsWith(".csv") || name.endsWith(".tsv")) {
                return CSV;
            }
            String s = firstLine == null ? "" : firstLine.trim();
            try {
                Double.parseDouble(s.split("[,;\\t ]")[0]);
                return CSV;
            } catch (NumberFormatException e) {
                return CHARS;
            }
        }

        /** The format {@link #detect(Path, String)} picks for the file, from its name and first line. */
        public static Format detect(Path file) throws java.io.IOException {
            return detect(file, Preparation.firstLine(file));
        }

        public static Format parse(String s) {
            return switch (s.toLowerCase(Locale.ROOT)) {
                case "csv" -> CSV;
                case "ts" -> TS;
                case "chars", "text", "characters" -> CHARS;
                case "words" -> WORDS;
                default -> throw new IllegalArgumentException("unknown format '" + s + "': use csv, ts, chars or words");
            };
        }
    }

    /** What is learnt. */
    public enum TaskKind {
        /** Predict the target columns h steps ahead (next-step forecasting for h = 1). */
        FORECAST,
        /** Predict the target columns at the same step from the feature columns. */
        PER_STEP,
        /** One label per sequence, predicted at its last step. */
        CLASSIFY,
        /** Predict the next token. */
        LANGUAGE_MODEL;

        public static TaskKind parse(String s) {
            return switch (s.toLowerCase(Locale.ROOT)) {
                case "forecast" -> FORECAST;
                case "per-step" -> PER_STEP;
                case "classify" -> CLASSIFY;
                case "lm", "language-model" -> LANGUAGE_MODEL;
                default -> throw new IllegalArgumentException("unknown task '" + s + "': use forecast, per-step, classify or lm");
            };
        }

        /** The usual task for a format: forecasting for CSV, classification for .ts, language modelling for text. */
        public static TaskKind defaultFor(Format f) {
            return switch (f) {
                case CSV -> FORECAST;
                case TS -> CLASSIFY;
                case CHARS, WORDS -> LANGUAGE_MODEL;
            };
        }
    }

    public DataSpec {
        if (file == null) {
            throw new IllegalArgumentException("no data file: give --data FILE");
        }
        if (horizon < 1) {
            throw new IllegalArgumentException("--horizon must be at least 1 step, got " + horizon);
        }
        if (!(train > 0 && train <= 1) || !(validation >= 0 && train + validation <= 1)) {
            throw new IllegalArgumentException("--split " + train + "," + validation
                    + ": the training fraction must be in (0, 1] and training + validation at most 1");
        }
        features = List.copyOf(features);
        targets = List.copyOf(targets);
    }

    /** Defaults for a file, its format detected from the file. */
    public static DataSpec of(Path file) throws java.io.IOException {
        return of(file, Format.detect(file, Preparation.firstLine(file)));
    }

    /** Defaults for a file: the format's usual task, next-step horizon, standard scaling (none for text), 70/15/15 split. */
    public static DataSpec of(Path file, Format format) {
        return new DataSpec(file, format, CsvOptions.defaults(), List.of(), List.of(), TaskKind.defaultFor(format), 1,
                format == Format.CSV || format == Format.TS ? Scaler.Kind.STANDARD : null, 0.7, 0.15, 1);
    }

    public DataSpec withSplit(double trainFraction, double validationFraction) {
        return new DataSpec(file, format, csv, features, targets, task, horizon, scale, trainFraction, validationFraction, seed);
    }

    public DataSpec withColumns(List<String> featureColumns, List<String> targetColumns) {
        return new DataSpec(file, format, csv, featureColumns, targetColumns, task, horizon, scale, train, validation, seed);
    }
}
