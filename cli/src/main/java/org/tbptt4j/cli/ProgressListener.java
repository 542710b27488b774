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
 * epoch ends; without, only the epoch lines (for logs and pipes). Close it when training ends, so a
 * bar cut short by divergence is taken down.
 */
final class ProgressListener implements TrainingListener, AutoCloseable {

    private static final int WIDTH = 100;

    private final PrintWriter err;
    private final int epochs;
    private final boolean bar;
    private final boolean validation;
    private ProgressBar current;
    private int currentEpoch;

    /**
     * @param err    where to draw
     * @param epochs the epochs asked for (for "epoch 3/10")
     * @param bar    draw a bar during each epoch (a terminal), else only the epoch lines
     * @param validation whether there is validation data (its loss is shown after each epoch)
     */
    ProgressListener(PrintWriter err, int epochs, boolean bar, boolean validation) {
        this.err = err;
        this.epochs = epochs;
        this.bar = bar;
        this.validation = validation;
    }

    @Override
    public void progress(int epoch, long done, long total, double lastLoss) {
        if (!bar) {
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
        err.printf(Locale.ROOT, "epoch %d%s  train %.5g%s  (%.1f s, %,.0f steps/s, %d updates)%n", r.epoch(), of(),
                r.trainLoss(), val, r.seconds(), r.stepsPerSecond(), r.updates());
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
