package org.tbptt4j.examples;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.tbptt4j.data.DataSpec;
import org.tbptt4j.data.Layout;
import org.tbptt4j.data.Preparation;
import org.tbptt4j.data.Sequence;
import org.tbptt4j.data.SeriesSet;
import org.tbptt4j.data.Strategy;
import org.tbptt4j.data.TsReader;
import org.tbptt4j.f32.Loss;
import org.tbptt4j.f32.Network;
import org.tbptt4j.f32.Predictor;
import org.tbptt4j.f32.StreamBatch;
import org.tbptt4j.f32.Training;
import org.tbptt4j.model.CellType;
import org.tbptt4j.model.Evaluation;
import org.tbptt4j.model.Initializer;
import org.tbptt4j.model.LossType;
import org.tbptt4j.model.ModelConfig;
import org.tbptt4j.model.OptimizerConfig;
import org.tbptt4j.model.TbpttConfig;
import org.tbptt4j.train.TrainingConfig;
import org.tbptt4j.train.TrainingHistory;

/**
 * Speaker recognition on the bundled Japanese Vowels set: 12 cepstrum coefficients per step, 7 to 26
 * steps per utterance, 9 speakers. The utterances are packed end to end into stateful rows that
 * reset where an utterance starts; the label's loss counts at each utterance's last step.
 * Usage: {@code VowelClassifier [epochs]}.
 */
public final class VowelClassifier {

    static final int BATCH = 8;

    public static void main(String[] args) throws Exception {
        int epochs = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        // TRAIN is split 70/15/15 by whole utterances; the scaler is fitted on the training part only
        Preparation data = Preparation.prepare(DataSpec.of(Path.of("data/japanese-vowels/JapaneseVowels_TRAIN.ts")));
        int longest = data.train().stream().mapToInt(Sequence::length).max().orElseThrow();
        // k1 = 10 steps between updates; k2 = k1 + longest backpropagates every utterance that ends in
        // a chunk back to its first step (the reset at that step stops the gradient there)
        int k1 = 10;
        int k2 = k1 + longest;
        Layout train = new Strategy.Packed(k1).layout(data.train(), BATCH)
                .withTruncation(k1, k2, "packed --length " + k1 + " (" + k1 + "," + k2 + ")");
        Network net = new Network(ModelConfig.of(CellType.LSTM, 12, 32, 1, data.classes().size()));
        net.setParameters(Initializer.pytorchDefault().initialise(net.config, 42));
        TrainingConfig cfg = TrainingConfig.of(TbpttConfig.of(train.k1(), train.k2()), OptimizerConfig.adam(0.01),
                LossType.CROSS_ENTROPY, epochs).withPatience(5);   // 5 epochs without a better validation loss: stop
        TrainingHistory history = Training.fit(net, cfg, List.of(StreamBatch.fromLayout(train)),
                List.of(stream(data.validation())), null);
        history.epochs().forEach(e -> System.out.printf("epoch %2d  train %.4f  validation %.4f  accuracy %.3f%n",
                e.epoch(), e.trainLoss(), e.validationLoss(), e.validationAccuracy()));
        System.out.println("kept the weights of epoch " + history.bestEpoch() + ", the best validation loss");

        // The test file, prepared exactly as the training part was: the same scaler and the same task.
        SeriesSet test = data.scaler().apply(TsReader.read(Path.of("data/japanese-vowels/JapaneseVowels_TEST.ts")));
        List<Sequence> testSeqs = data.task().applyAll(test, new ArrayList<>());
        System.out.printf("accuracy: validation %.3f (%d utterances), test %.3f (%d utterances)%n",
                accuracy(net, data.validation()), data.validation().size(), accuracy(net, testSeqs), testSeqs.size());
    }

    /** Each utterance one sample from zero state, padded at the end and masked, BATCH at a time. */
    static StreamBatch stream(List<Sequence> seqs) {
        return StreamBatch.fromLayout(new Strategy.AsIs().layout(seqs, BATCH));
    }

    /** Fraction of utterances whose most likely speaker at the last step is the right one. */
    static double accuracy(Network net, List<Sequence> seqs) {
        Evaluation ev = new Predictor(net, BATCH).evaluate(stream(seqs), Loss.of(LossType.CROSS_ENTROPY));
        return ev.accuracy();
    }
}
