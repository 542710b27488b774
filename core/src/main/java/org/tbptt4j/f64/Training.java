package org.tbptt4j.f64;

import java.util.ArrayList;
import java.util.List;
import org.tbptt4j.model.Evaluation;
import org.tbptt4j.model.TrainingDivergedException;
import org.tbptt4j.train.AdaptiveK2;
import org.tbptt4j.train.EpochRecord;
import org.tbptt4j.train.TrainingConfig;
import org.tbptt4j.train.TrainingHistory;
import org.tbptt4j.train.TrainingListener;

/**
 * The training loop: epochs over a training stream with TBPTT(k1, k2), validation after each epoch
 * on its own state, an optional learning-rate schedule, early stopping that restores the best
 * weights, and a per-epoch record.
 *
 * <p><b>Divergence.</b> A run stops as {@link TrainingHistory.Stop#DIVERGED}, the explanation in
 * the history, when
 * <ol>
 *   <li>an update's loss or gradient norm is NaN or infinite (the epoch is cut short), or an
 *       epoch's validation loss is; or</li>
 *   <li>an epoch's mean training loss exceeds {@value #DIVERGENCE_RATIO} times the loss of the very
 *       first update, which the untrained network made (its loss on the first k1 steps of every
 *       stream row).</li>
 * </ol>
 * The ratio is against the untrained network because every epoch of a healthy run does better
 * than, or about as well as, guessing with the initial weights: on standardised targets an untrained
 * network's MSE is about 1, its BCE ln 2, its cross-entropy ln(classes), so a mean loss 100 times
 * that means predictions off by ten standard deviations on average, or confidently wrong on most
 * steps. Healthy training stays below the untrained loss after its first epoch; runs at rates just
 * short of exploding were seen to peak at 25 times it (SGD on a sine, recovering) and 96 times (Adam
 * at lr 10 on Mackey-Glass, settling at the predict-the-mean loss), while exploding runs reached 100
 * to 1e30 times it within their first epoch. Rule 2 is judged on epoch means, never on one update
 * (one window of outliers can be far worse than the first), and it is off when the first loss is 0.
 *
 * <p><b>Budget.</b> With a {@link org.tbptt4j.train.TrainingBudget} the run stops as
 * {@link TrainingHistory.Stop#BUDGET} right after the update that spends it (exactly N updates, mid-epoch
 * if need be; or the first update past the time), validates and records that last, partial epoch.
 *
 * <p>After a divergence the network holds the weights of the best epoch before it when early
 * stopping kept them (patience &gt; 0 and an epoch finished with a finite loss; the history's
 * {@code bestEpoch} names it); otherwise no epoch's weights are kept and {@code bestEpoch} is 0
 * (the network then holds whatever the failed run left: not a model to use).
 */
public final class Training {

    /** An epoch whose mean training loss exceeds this many times the first update's loss has diverged. */
    public static final int DIVERGENCE_RATIO = 100;

    private Training() {
    }

    /**
     * @param train      the training stream: chunks in order, all with the same B rows (row b of one
     *                   chunk continues row b of the previous one)
     * @param validation the validation stream (any row count), possibly empty
     * @param listener   hears progress and every epoch's record; null for none
     * @throws IllegalArgumentException if a stream's width is not the network's (the message names both)
     */
    public static TrainingHistory fit(Network net, TrainingConfig cfg, List<StreamBatch> train,
                                      List<StreamBatch> validation, TrainingListener listener) {
        return fit(net, cfg, train, validation, listener, null);
    }

    /**
     * The same with adaptive truncation: k2 is re-estimated before every epoch after the first
     * (see {@link AdaptiveK2}); null = the configured k2 throughout.
     */
    public static TrainingHistory fit(Network net, TrainingConfig cfg, List<StreamBatch> train,
                                      List<StreamBatch> validation, TrainingListener listener, AdaptiveK2 adaptive) {
        if (train.isEmpty()) {
            throw new IllegalArgumentException("no training data: the training stream has no chunks");
        }
        int batch = train.get(0).batch;
        long stepsPerEpoch = 0;
        for (StreamBatch s : train) {
            if (s.batch != batch) {
                throw new IllegalArgumentException("every training chunk must have " + batch + " rows, one has " + s.batch);
            }
            stepsPerEpoch += (long) s.steps * batch;
            net.requireInputWidth(s, "the training data");
        }
        for (StreamBatch s : validation) {
            net.requireInputWidth(s, "the validation data");
        }
        TrainingListener hear = listener == null ? new TrainingListener() { } : listener;
        Loss loss = Loss.of(cfg.loss());
        Optimizer optimizer = Optimizer.of(cfg.optimizer(), net.params.length);
        TbpttTrainer trainer = new TbpttTrainer(net, cfg.tbptt(), loss, optimizer, cfg.optimizer().lr(), batch, cfg.seed());
        /*wide*/ double[] epochLoss = new /*wide*/ double[3]; // sum of loss * count, sum of count, the first update's loss
        epochLoss[2] = -1;
        trainer.setListener((update, l, count, norm) -> {
            epochLoss[0] += l * count;
            epochLoss[1] += count;
            if (epochLoss[2] < 0) {
                epochLoss[2] = l;
            }
        });
        List<EpochRecord> records = new ArrayList<>();
        /*wide*/ double best = /*wide*/ Double.POSITIVE_INFINITY;
        int bestEpoch = 0;
        double[] bestParams = cfg.patience() > 0 ? new double[net.params.length] : null;
        int sinceBest = 0;
        long startAll = System.nanoTime();
        trainer.setBudget(cfg.budget().updates() > 0 ? cfg.budget().updates() : Long.MAX_VALUE,
                cfg.budget().seconds() > 0 ? startAll + (long) (cfg.budget().seconds() * 1e9) : Long.MAX_VALUE);
        for (int e = 0; e < cfg.epochs(); e++) {
            /*wide*/ double lr = cfg.schedule().at(e, cfg.optimizer().lr(), cfg.epochs());
            trainer.setLearningRate(lr);
            trainer.resetState();
            if (adaptive != null && e > 0) {
                trainer.setK2(LagGradients.adaptiveK2(net, loss, train, adaptive, cfg.tbptt().k1()));
            }
            epochLoss[0] = 0;
            epochLoss[1] = 0;
            long updatesBefore = trainer.updates();
            long start = System.nanoTime();
            long done = 0;
            try {
                for (StreamBatch s : train) {
                    trainer.feed(s);
                    done += (long) s.steps * batch;
                    hear.progress(e + 1, done, stepsPerEpoch, trainer.lastLoss());
                    if (trainer.budgetSpent()) {
                        break; // the budget ends the epoch where it is spent, mid-stream
                    }
                }
                trainer.flush();
            } catch (TrainingDivergedException ex) {
                return diverged(net, records, bestParams, bestEpoch, "epoch " + (e + 1) + ": " + ex.getMessage());
            }
            /*wide*/ double seconds = (System.nanoTime() - start) / 1e9;
            /*wide*/ double trainLoss = epochLoss[1] > 0 ? epochLoss[0] / epochLoss[1] : /*wide*/ Double.NaN;
            Evaluation val = validate(net, validation, loss, cfg.carryStateToValidation() ? trainer.state() : null);
            /*wide*/ double metric = val == null ? trainLoss : val.loss();
            EpochRecord rec = new EpochRecord(e + 1, trainLoss, val == null ? /*wide*/ Double.NaN : val.loss(),
                    val == null || cfg.loss() != org.tbptt4j.model.LossType.CROSS_ENTROPY ? /*wide*/ Double.NaN : val.accuracy(),
                    lr, trainer.updates() - updatesBefore, seconds, stepsPerEpoch / Math.max(seconds, 1e-9),
                    trainer.config().k2());
            records.add(rec);
            hear.epochEnd(rec);
            String explosion = explosion(rec, val, epochLoss[2]);
            if (explosion != null) {
                return diverged(net, records, bestParams, bestEpoch, "epoch " + (e + 1) + ": training diverged: " + explosion
                        + ". Likely cause: a learning rate too high for this model, or exploding gradients over long "
                        + "windows. Try a lower learning rate (e.g. a tenth), gradient clipping (clip norm 1.0) or a shorter k2.");
            }
            if (metric < best) {
                best = metric;
                bestEpoch = e + 1;
                sinceBest = 0;
                if (bestParams != null) {
                    System.arraycopy(net.params, 0, bestParams, 0, bestParams.length);
                }
            } else {
                sinceBest++;
            }
            if (cfg.patience() > 0 && sinceBest >= cfg.patience()) {
                System.arraycopy(bestParams, 0, net.params, 0, bestParams.length);
                return new TrainingHistory(records, bestEpoch, TrainingHistory.Stop.EARLY_STOPPING, "");
            }
            if (trainer.budgetSpent()) {
                return finished(net, records, bestParams, bestEpoch, TrainingHistory.Stop.BUDGET);
            }
        }
        return finished(net, records, bestParams, bestEpoch, TrainingHistory.Stop.COMPLETED);
    }

    /** The history of a run that ended well: the best epoch's weights restored with early stopping, else the last epoch's. */
    private static TrainingHistory finished(Network net, List<EpochRecord> records, double[] bestParams, int bestEpoch,
                                            TrainingHistory.Stop stop) {
        if (bestParams != null && bestEpoch > 0) {
            System.arraycopy(bestParams, 0, net.params, 0, bestParams.length);
        } else {
            bestEpoch = records.size();
        }
        return new TrainingHistory(records, bestEpoch, stop, "");
    }

    /** Why an epoch counts as diverged (rules 1 and 2 of the class comment, at the epoch's end), or null. */
    private static String explosion(EpochRecord rec, Evaluation val, /*wide*/ double firstLoss) {
        if (!Convert.isFinite(rec.trainLoss()) && rec.updates() > 0) {
            return "the epoch's training loss is " + rec.trainLoss();
        }
        if (val != null && val.count() > 0 && !Convert.isFinite(val.loss())) {
            return "the validation loss is " + val.loss();
        }
        if (firstLoss > 0 && rec.trainLoss() > DIVERGENCE_RATIO * firstLoss) {
            return String.format(java.util.Locale.ROOT, "the epoch's mean training loss %.4g is more than %d times the "
                    + "untrained network's (%.4g, the first update's)", rec.trainLoss(), DIVERGENCE_RATIO, firstLoss);
        }
        return null;
    }

    /**
     * A diverged run's history: the best epoch's weights restored into the network when early
     * stopping kept them, else bestEpoch 0 (no epoch's weights held).
     */
    private static TrainingHistory diverged(Network net, List<EpochRecord> records, double[] bestParams, int bestEpoch,
                                            String message) {
        if (bestParams == null || bestEpoch == 0) {
            return new TrainingHistory(records, 0, TrainingHistory.Stop.DIVERGED, message);
        }
        System.arraycopy(bestParams, 0, net.params, 0, bestParams.length);
        return new TrainingHistory(records, bestEpoch, TrainingHistory.Stop.DIVERGED, message);
    }

    /**
     * The loss over the validation stream, run on a predictor of its own: from a copy of
     * {@code carried} when given and the row counts match, else from zero state. Null without data.
     */
    public static Evaluation validate(Network net, List<StreamBatch> validation, Loss loss, Network.State carried) {
        if (validation == null || validation.isEmpty()) {
            return null;
        }
        Predictor p = new Predictor(net, validation.get(0).batch);
        if (carried != null && carried.batch == p.batch()) {
            p.state().copyFrom(carried);
        }
        /*wide*/ double sum = 0;
        long count = 0;
        long correct = 0;
        for (StreamBatch s : validation) {
            Evaluation ev = p.evaluate(s, loss);
            sum += ev.sum();
            count += ev.count();
            correct += ev.correct();
        }
        return new Evaluation(sum, count, count == 0 ? /*wide*/ Double.NaN : sum / loss.type.normaliser(count, net.config.outputs()),
                correct);
    }
}
