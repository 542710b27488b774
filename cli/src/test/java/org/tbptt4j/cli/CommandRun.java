package org.tbptt4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import picocli.CommandLine;

/**
 * Runs a command through {@link Main#execute} with captured output, for the commands' tests.
 *
 * @param code the exit code
 * @param out  what went to standard output
 * @param err  what went to standard error
 */
record CommandRun(int code, String out, String err) {

    /** Runs the command of {@code command}'s class (by its name, through Main) with {@code args}. */
    static CommandRun of(Object command, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] all = new String[args.length + 1];
        all[0] = command.getClass().getAnnotation(CommandLine.Command.class).name();
        System.arraycopy(args, 0, all, 1, args.length);
        int code = Main.execute(new PrintWriter(out), new PrintWriter(err), all);
        return new CommandRun(code, out.toString(), err.toString());
    }

    /** A user error: exit 2 and one line on the error stream that names {@code what}, without a stack trace. */
    CommandRun assertUserError(String what) {
        assertThat(code).as(err).isEqualTo(2);
        assertThat(err.strip().lines().count()).as(err).isEqualTo(1);
        assertThat(err).startsWith("tbptt4j: ").contains(what).doesNotContain("\tat ");
        return this;
    }

    /** The bundled Mackey-Glass series of the repository. */
    static Path mackeyGlass() {
        return Path.of(System.getProperty("maven.multiModuleProjectDirectory", ".."))
                .resolve("data/mackey-glass-t17/MackeyGlass_t17.txt");
    }

    /** A file of the shared data sets (../shared beside the checkout). */
    static Path shared(String rel) {
        return Path.of(System.getProperty("tbptt4j.shared", "../../shared")).resolve(rel);
    }

    /** Trains a small forecaster on Mackey-Glass into {@code dir}/mg, checking that it succeeded, and returns its path. */
    static Path trainedForecaster(Path dir) {
        Path model = dir.resolve("mg");
        CommandRun r = trainForecaster(model);
        assertThat(r.code()).as(r.err()).isZero();
        return model;
    }

    /**
     * The bundled Japanese Vowels training set (270 sequences of 7-26 steps, speakers 1-9; CC BY 4.0,
     * see data/japanese-vowels/README.md) written as a long-format CSV, one row per step:
     * {@code sequence_id,step,ch1..ch12,label}, sequence ids {@code u1, u2, ...}. Derived at test time,
     * so no copy is committed.
     */
    static Path vowelsCsv(Path dir) throws java.io.IOException {
        org.tbptt4j.data.SeriesSet set = org.tbptt4j.data.TsReader.read(Path.of(System.getProperty(
                "maven.multiModuleProjectDirectory", "..")).resolve("data/japanese-vowels/JapaneseVowels_TRAIN.ts"));
        StringBuilder b = new StringBuilder("sequence_id,step");
        for (int d = 1; d <= set.columns().size(); d++) {
            b.append(",ch").append(d);
        }
        b.append(",label\n");
        for (org.tbptt4j.data.Series s : set.series()) {
            for (int t = 0; t < s.length(); t++) {
                b.append('u').append(s.id()).append(',').append(t);
                for (int d = 0; d < s.width(); d++) {
                    b.append(',').append(s.at(t, d));
                }
                b.append(',').append(set.classes().get(s.label())).append('\n');
            }
        }
        Path f = dir.resolve("vowels.csv");
        java.nio.file.Files.writeString(f, b);
        return f;
    }

    /** Trains a small forecaster on Mackey-Glass into {@code dir} (a few seconds). */
    static CommandRun trainForecaster(Path dir, String... more) {
        String[] base = {"--data", mackeyGlass().toString(), "--hidden", "8", "--epochs", "2", "--batch", "8", "--length", "50",
                "--out", dir.toString()};
        String[] args = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, args, base.length, more.length);
        return of(new TrainCommand(), args);
    }
}
