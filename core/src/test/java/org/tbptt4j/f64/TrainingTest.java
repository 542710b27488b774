package org.tbptt4j.f64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tbptt4j.model.CellType;
import org.tbptt4j.model.LossType;
import org.tbptt4j.model.ModelConfig;
import org.tbptt4j.model.OptimizerConfig;
import org.tbptt4j.model.TbpttConfig;
import org.tbptt4j.train.EpochRecord;
import org.tbptt4j.train.LrSchedule;
import org.tbptt4j.train.TrainingConfig;
import org.tbptt4j.train.TrainingHistory;
import org.tbptt4j.train.TrainingListener;

/** The training loop and streaming prediction. */
class TrainingTest {

    /** B rows of a sine wave, each row a different phase; target = the next value. */
    static StreamBatch sine(int batch, int steps, int offset) {
        StreamBatch s = new StreamBatch(batch, steps, 1, 1);
        for (int t = 0; t < steps; t++) {
            for (int b = 0; b < batch; b++) {
                double phase = 0.7 * b;
                s.x[t * batch + b] = Math.sin(0.3 * (t + offset) + phase);
                s.y[t * batch + b] = Math.sin(0.3 * (t + offset + 1) + phase);
                s.mask[t * batch + b] = true;
            }
        }
        return s;
    }

    private static TrainingConfig config(int epochs) {
        return TrainingConfig.of(TbpttConfig.of(10, 10), OptimizerConfig.adam(0.02), LossType.MSE, epochs);
    }

    @Test
    void theLossFallsOnASineWave() {
        Network net = TestStreams.network(ModelConfig.of(CellType.LSTM, 1, 8, 1, 1), 1);
        TrainingHistory h = Training.fit(net, config(15), List.of(sine(4, 200, 0)), List.of(sine(4, 50, 200)), null);
        assertThat(h.stop()).isEqualTo(TrainingHistory.Stop.COMPLETED);
        assertThat(h.epochs()).hasSize(15);
        assertThat(h.last().trainLoss()).isLessThan(h.epochs().get(0).trainLoss() / 5);
        assertThat(h.last().validationLoss()).isLessThan(0.05);
        assertThat(h.last().updates()).isEqualTo(20);
        assertThat(h.last().stepsPerSecond()).isPositive();
    }

    @Test
    void validationNeverDisturbsTheTrainingState() {
        ModelConfig c = ModelConfig.of(CellType.GRU, 1, 6, 2, 1);
        Network a = TestStreams.network(c, 2);
        Network b = TestStreams.network(c, 2);
        Training.fit(a, config(3), List.of(sine(3, 60, 0), sine(3, 60, 60)), List.of(sine(3, 30, 120)), null);
        Training.fit(b, config(3), List.of(sine(3, 60, 0), sine(3, 60, 60)), List.of(), null);
        assertThat(a.params).containsExactly(b.params, within(0.0));
    }

    @Test
    void earlyStoppingRestoresTheBestWeights() {
        ModelConfig c = ModelConfig.of(CellType.LSTM, 1, 6, 1, 1);
        Network net = TestStreams.network(c, 3);
        // a learning rate too high (though not so high that the loss explodes): validation soon stops improving,
        // early stopping must kick in
        TrainingConfig cfg = TrainingConfig.of(TbpttConfig.of(10, 10), OptimizerConfig.sgd(0.6), LossType.MSE, 30)
                .withPatience(2).withCarryStateToValidation(false);
        List<double[]> snapshots = new ArrayList<>();
        TrainingHistory h = Training.fit(net, cfg, List.of(sine(2, 100, 0)), List.of(sine(2, 40, 100)),
                new TrainingListener() {
                    @Override
                    public void epochEnd(EpochRecord r) {
                        snapshots.add(net.params.clone());
                    }
                });
        assertThat(h.stop()).as(h.message() + h.epochs()).isEqualTo(TrainingHistory.Stop.EARLY_STOPPING);
        EpochRecord best = h.epochs().get(h.bestEpoch() - 1);
        assertThat(h.epochs()).allSatisfy(r -> assertThat(r.validationLoss()).isGreaterThanOrEqualTo(best.validationLoss()));
        assertThat(h.epochs()).hasSize(h.bestEpoch() + 2);
        assertThat(net.params).containsExactly(snapshots.get(h.bestEpoch() - 1), within(0.0));
    }

    @Test
    void divergenceEndsTrainingWithTheReasonAndTheLastGoodWeights() {
        ModelConfig c = ModelConfig.of(CellType.RNN, 1, 4, 1, 1);
        Network net = TestStreams.network(c, 1);
        StreamBatch s = sine(2, 40, 0);
        s.y[37] = Double.NaN; // step 18: the second update's loss is NaN
        TrainingHistory h = Training.fit(net, config(2), List.of(s), List.of(), null);
        assertThat(h.stop()).isEqualTo(TrainingHistory.Stop.DIVERGED);
        assertThat(h.bestEpoch()).isZero();   // no epoch's weights are kept
        assertThat(h.message()).contains("epoch 1").contains("update 1").contains("learning rate");
        // the weights are those after the first update, the last good one
        Network oneUpdate = TestStreams.network(c, 1);
        Training.fit(oneUpdate, config(1), List.of(s.slice(0, 10)), List.of(), null);
        assertThat(net.params).containsExactly(oneUpdate.params, within(0.0));
    }

    @Test
    void anExplodingLossIsDivergenceEvenWhileItStaysFinite() {
        Network net = TestStreams.network(ModelConfig.of(CellType.LSTM, 1, 8, 1, 1), 1);
        // Adam moves every weight by about lr per update: the head's outputs reach ~1e6, the MSE ~1e12, never infinite
        TrainingConfig cfg = TrainingConfig.of(TbpttConfig.of(10, 10), OptimizerConfig.adam(1e6), LossType.MSE, 5);
        TrainingHistory h = Training.fit(net, cfg, List.of(sine(4, 200, 0)), List.of(sine(4, 50, 200)), null);
        assertThat(h.stop()).isEqualTo(TrainingHistory.Stop.DIVERGED);
        assertThat(h.epochs()).hasSize(1);
        assertThat(h.last().trainLoss()).isFinite().isGreaterThan(1e6);
        assertThat(h.bestEpoch()).isZero();
        assertThat(h.message()).contains("epoch 1").contains("more than 100 times").contains("learning rate");
    }

    @Test
    void divergenceWithEarlyStoppingKeepsTheBestEpochBeforeIt() {
        ModelConfig c = ModelConfig.of(CellType.LSTM, 1, 6, 1, 1);
        TrainingConfig cfg = config(6).withPatience(3).withCarryStateToValidation(false);
        for (boolean nan : new boolean[] {false, true}) {
            Network net = TestStreams.network(c, 3);
            List<double[]> snapshots = new ArrayList<>();
            StreamBatch train = sine(2, 100, 0);
            // half-way through epoch 4 the weights are blown up (as one huge update would), or made NaN (as an overflow would)
            TrainingHistory h = Training.fit(net, cfg, List.of(train.slice(0, 50), train.slice(50, 100)),
                    List.of(sine(2, 40, 100)), new TrainingListener() {
                        @Override
                        public void progress(int epoch, long done, long total, double lastLoss) {
                            if (epoch == 4 && done < total) {
                                for (int i = 0; i < net.params.length; i++) {
                                    net.params[i] = nan && i == 0 ? Double.NaN : net.params[i] * 1e4;
                                }
                            }
                        }

                        @Override
                        public void epochEnd(EpochRecord r) {
                            snapshots.add(net.params.clone());
                        }
                    });
            assertThat(h.stop()).as("nan=" + nan).isEqualTo(TrainingHistory.Stop.DIVERGED);
            assertThat(h.message()).contains("epoch 4");
            assertThat(h.epochs()).hasSize(nan ? 3 : 4);   // a NaN update cuts the epoch short, before its record
            assertThat(h.bestEpoch()).isBetween(1, 3);
            EpochRecord best = h.epochs().get(h.bestEpoch() - 1);
            assertThat(h.epochs().subList(0, 3))
                    .allSatisfy(r -> assertThat(r.validationLoss()).isGreaterThanOrEqualTo(best.validationLoss()));
            assertThat(net.params).containsExactly(snapshots.get(h.bestEpoch() - 1), within(0.0));
        }
    }

    @Test
    void noisyTrainingNeverCountsAsDiverged() {
        // pure-noise targets and a rate high enough to make the loss jump around: worse than the start, never 100 times
        for (long seed = 1; seed <= 3; seed++) {
            Network net = TestStreams.network(ModelConfig.of(CellType.GRU, 2, 8, 1, 1), seed);
            TrainingConfig cfg = TrainingConfig.of(TbpttConfig.of(5, 5), OptimizerConfig.sgd(0.5), LossType.MSE, 20)
                    .withSeed(seed);
            TrainingHistory h = Training.fit(net, cfg, List.of(TestStreams.random(3, 60, 2, 1, seed, true)),
                    List.of(TestStreams.random(3, 20, 2, 1, seed + 10, false)), null);
            assertThat(h.stop()).as(h.message()).isEqualTo(TrainingHistory.Stop.COMPLETED);
            double lo = h.epochs().stream().mapToDouble(EpochRecord::trainLoss).min().orElseThrow();
            double hi = h.epochs().stream().mapToDouble(EpochRecord::trainLoss).max().orElseThrow();
            assertThat(hi / lo).as("the loss moved").isGreaterThan(1.05);
        }
    }

    @Test
    void schedulesGiveTheDocumentedRates() {
        assertThat(LrSchedule.constant().at(7, 0.1, 10)).isEqualTo(0.1);
        assertThat(LrSchedule.step(2, 0.5).at(5, 0.1, 10)).isCloseTo(0.1 * 0.25, within(1e-15));
        assertThat(LrSchedule.cosine(0.1).at(0, 1.0, 11)).isCloseTo(1.0, within(1e-15));
        assertThat(LrSchedule.cosine(0.1).at(5, 1.0, 11)).isCloseTo(0.55, within(1e-12));
        assertThat(LrSchedule.cosine(0.1).at(10, 1.0, 11)).isCloseTo(0.1, within(1e-12));
        Network net = TestStreams.network(ModelConfig.of(CellType.RNN, 1, 4, 1, 1), 1);
        TrainingHistory h = Training.fit(net, config(4).withSchedule(LrSchedule.step(1, 0.5)), List.of(sine(2, 20, 0)),
                List.of(), null);
        assertThat(h.epochs()).extracting(EpochRecord::learningRate).containsExactly(0.02, 0.01, 0.005, 0.0025);
    }

    @Test
    void sameSeedSameResultWithDropout() {
        ModelConfig c = ModelConfig.of(CellType.LSTM, 1, 6, 2, 1).withDropout(0.3);
        Network a = TestStreams.network(c, 5);
        Network b = TestStreams.network(c, 5);
        Network d = TestStreams.network(c, 5);
        Training.fit(a, config(2).withSeed(9), List.of(sine(2, 50, 0)), List.of(), null);
        Training.fit(b, config(2).withSeed(9), List.of(sine(2, 50, 0)), List.of(), null);
        Training.fit(d, config(2).withSeed(10), List.of(sine(2, 50, 0)), List.of(), null);
        assertThat(a.params).containsExactly(b.params, within(0.0));
        assertThat(a.params).isNotEqualTo(d.params);
    }

    @Test
    void streamingPredictionStepByStepEqualsWholeAndIsIndependentOfBatchSize() {
        ModelConfig c = ModelConfig.of(CellType.LSTM, 1, 5, 2, 1);
        Network net = TestStreams.network(c, 4);
        StreamBatch three = sine(3, 12, 0);
        double[] whole = new Predictor(net, 3).predict(three);
        Predictor stepwise = new Predictor(net, 3);
        double[] pred = new double[3];
        for (int t = 0; t < 12; t++) {
            stepwise.step(three.x, t * 3, null, 0, pred, 0);
            assertThat(pred).containsExactly(java.util.Arrays.copyOfRange(whole, t * 3, t * 3 + 3), within(0.0));
        }
        // row 1 alone, with a batch of one, gives the same outputs
        Predictor one = new Predictor(net, 1);
        double[] p1 = new double[1];
        for (int t = 0; t < 12; t++) {
            one.step(three.x, t * 3 + 1, null, 0, p1, 0);
            assertThat(p1[0]).isCloseTo(whole[t * 3 + 1], within(1e-15));
        }
    }
}
