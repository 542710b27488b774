package org.tbptt4j.cli;

import java.io.PrintWriter;
import java.util.Locale;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.tbptt4j.train.EpochRecord;
import org.tbptt4j.train.TrainingListener;

/**
 * Shows training progress on the error stream: with {@code bar}, a progress bar per epoch (steps
 * done, the last update's loss, rate and time left) that gives way to the epoch's line when the
 * epoch ends; without (logs and pipes), a plain line at most every {@link #LINE_SECONDS} seconds
 * during a long epoch (steps done, rate, time left, the last loss) and the epoch lines. Close it when
 * training ends, so a bar cut short by divergence is taken down.
 */
final class ProgressListener implements TrainingListener, AutoCloseable {

    private static final int WIDTH = 100;

    /** Without a bar, the least time between two progress lines within an epoch. */
    static final double LINE_SECONDS = 10;

    private final PrintWriter err;
    private final int epochs;
    private final boolean bar;
    private final boolean validation;
    private final double lineSeconds;
    private ProgressBar current;
    private int currentEpoch;
    private long epochStart;          // System.nanoTime() of the epoch's first progress call (lines only)
    private long lastLine;            // of the last progress line
    private long doneAtStart;         // steps done at epochStart
    private int lastK2;               // the k2 of the last epoch ended (0 before the first)

    /**
     * @param err    where to draw
     * @param epochs the epochs asked for (for "epoch 3/10")
     * @param bar    draw a bar during each epoch (a terminal), else only the epoch lines
     * @param validation whether there is validation data (its loss is shown after each epoch)
     */
    ProgressListener(PrintWriter err, int epochs, boolean bar, boolean validation) {
        this(err, epochs, bar, validation, LINE_SECONDS);
    }

    /** @param lineSeconds without a bar, the least time between two progress lines (0: a line at every call) */
    ProgressListener(PrintWriter err, int epochs, boolean bar, boolean validation, double lineSeconds) {
        this.err = err;
        this.epochs = epochs;
        this.bar = bar;
        this.validation = validation;
        this.lineSeconds = lineSeconds;
    }

    @Override
    public void progress(int epoch, long done, long total, double lastLoss) {
        if (!bar) {
            line(epoch, done, total, lastLoss);
            return;
        }
        if (current == null || currentEpoch != epoch) {
            close();
            currentEpoch = epoch;
            current = new ProgressBarBuilder().setTaskName("epoch " + epoch + of()).setInitialMax(total)
                    .setStyle(ProgressBarStyle.ASCII).setUnit(" steps", 1).setUpdateIntervalMillis(250).clearDisplayOnFinish()
                    .setConsumer(new DelegatingProgressBarConsumer(this::draw, WIDTH)).build();
        }
        current.stepTo(done);
        current.setExtraMessage(String.format(Locale.ROOT, "loss %.4g", lastLoss));
    }

    @Override
    public void epochEnd(EpochRecord r) {
        close();
        String val = validation ? String.format(Locale.ROOT, "  validation %.5g", r.validationLoss()) : "";
        // adaptive truncation changes k2 between epochs: the line says when it did
        String k2 = lastK2 > 0 && r.k2() != lastK2 ? String.format(Locale.ROOT, ", k2 %d (was %d)", r.k2(), lastK2) : "";
        lastK2 = r.k2();
        err.printf(Locale.ROOT, "epoch %d%s  train %.5g%s  (%.1f s, %,.0f steps/s, %d updates%s)%n", r.epoch(), of(),
                r.trainLoss(), val, r.seconds(), r.stepsPerSecond(), r.updates(), k2);
        err.flush();
    }

    // a plain line for logs: "epoch 3/10: 45% (12,000 of 26,000 steps), 4,100 steps/s, about 3 s left, loss 0.0123"
    private void line(int epoch, long done, long total, double lastLoss) {
        long now = System.nanoTime();
        if (currentEpoch != epoch) {
            currentEpoch = epoch;
            epochStart = now;
            lastLine = now;
            doneAtStart = done;
            return;
        }
        if ((now - lastLine) / 1e9 < lineSeconds || done >= total) {
            return;
        }
        lastLine = now;
        double seconds = Math.max((now - epochStart) / 1e9, 1e-9);
        double rate = (done - doneAtStart) / seconds;
        err.printf(Locale.ROOT, "epoch %d%s: %.0f%% (%,d of %,d steps), %,.0f steps/s, about %.0f s left, loss %.4g%n", epoch, of(),
                100.0 * done / Math.max(1, total), done, total, rate, (total - done) / Math.max(rate, 1e-9), lastLoss);
        err.flush();
    }

    /** "/10" for a run of 10 epochs; nothing for a run that lasts until its budget is spent. */
    private String of() {
        return epochs == org.tbptt4j.experiment.RunConfig.UNTIL_BUDGET ? "" : "/" + epochs;
    }

    /** Takes down the bar of the current epoch, if one is up. */
    @Override
    public void close() {
        if (current != null) {
            current.close();
            current = null;
            draw("");
        }
    }

    // one line, redrawn in place: return to its start, write, blank what a longer line left behind
    private void draw(String line) {
        err.print('\r' + line + " ".repeat(Math.max(0, WIDTH - line.length())) + '\r');
        err.flush();
    }
}
