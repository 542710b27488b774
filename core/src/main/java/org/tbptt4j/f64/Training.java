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
 * weights, and a per-epoch record. A NaN or infinite loss or gradient ends training with
 * {@link TrainingHistory.Stop#DIVERGED}, the explanation in the history, and the last good weights
 * in the network.
 */
public final class Training {

    private Training() {
    }

    /**
     * @param train      the training stream: chunks in order, all with the same B rows (row b of one
     *                   chunk continues row b of the previous one)
     * @param validation the validation stream (any row count), possibly empty
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
        }
        TrainingListener hear = listener == null ? new TrainingListener() { } : listener;
        Loss loss = Loss.of(cfg.loss());
        Optimizer optimizer = Optimizer.of(cfg.optimizer(), net.params.length);
        TbpttTrainer trainer = new TbpttTrainer(net, cfg.tbptt(), loss, optimizer, cfg.optimizer().lr(), batch, cfg.seed());
        /*wide*/ double[] epochLoss = new /*wide*/ double[2]; // sum of loss * count, sum of count
        trainer.setListener((update, l, count, norm) -> {
            epochLoss[0] += l * count;
            epochLoss[1] += count;
        });
        List<EpochRecord> records = new ArrayList<>();
        /*wide*/ double best = /*wide*/ Double.POSITIVE_INFINITY;
        int bestEpoch = 0;
        double[] bestParams = cfg.patience() > 0 ? new double[net.params.length] : null;
        int sinceBest = 0;
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
                }
                trainer.flush();
            } catch (TrainingDivergedException ex) {
                return new TrainingHistory(records, records.size(), TrainingHistory.Stop.DIVERGED,
                        "epoch " + (e + 1) + ": " + ex.getMessage());
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
        }
        if (bestParams != null && bestEpoch > 0) {
            System.arraycopy(bestParams, 0, net.params, 0, bestParams.length);
        } else {
            bestEpoch = records.size();
        }
        return new TrainingHistory(records, bestEpoch, TrainingHistory.Stop.COMPLETED, "");
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
