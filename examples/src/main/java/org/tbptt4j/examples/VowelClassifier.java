package org.tbptt4j.examples;

import java.nio.file.Path;
import org.tbptt4j.Dataset;
import org.tbptt4j.Model;
import org.tbptt4j.Trainer;
import org.tbptt4j.data.Sequence;
import org.tbptt4j.experiment.StrategySpec;
import org.tbptt4j.metrics.ClassificationMetrics;
import org.tbptt4j.train.EpochRecord;

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
        Dataset data = Dataset.read(Path.of("data/japanese-vowels/JapaneseVowels_TRAIN.ts"));
        int longest = data.preparation().train().stream().mapToInt(Sequence::length).max().orElseThrow();
        // k1 = 10 steps between updates; k2 = k1 + longest backpropagates every utterance that ends in
        // a chunk back to its first step (the reset at that step stops the gradient there)
        int k1 = 10;
        Model model = Trainer.lstm(32).strategy(StrategySpec.packed(k1)).truncation(k1, k1 + longest).batch(BATCH).clipNorm(0)
                .epochs(epochs).patience(5).seed(42)   // 5 epochs without a better validation loss: stop, keep the best
                .onEpoch(e -> System.out.printf("epoch %2d  train %.4f  validation %.4f  accuracy %.3f%n",
                        e.epoch(), e.trainLoss(), e.validationLoss(), e.validationAccuracy()))
                .fit(data);
        EpochRecord best = model.history().epochs().get(model.history().bestEpoch() - 1);
        System.out.println("kept the weights of epoch " + best.epoch() + ", the best validation loss");

        // The test file, prepared exactly as the training part was: the same scaler and the same task.
        ClassificationMetrics test = model.evaluate(Path.of("data/japanese-vowels/JapaneseVowels_TEST.ts")).classification();
        System.out.printf("accuracy: validation %.3f (%d utterances), test %.3f (%d utterances)%n", best.validationAccuracy(),
                data.preparation().validation().size(), test.accuracy(), test.count());
    }
}
