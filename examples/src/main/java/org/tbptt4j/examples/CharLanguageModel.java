package org.tbptt4j.examples;

import java.nio.file.Files;
import java.nio.file.Path;
import org.tbptt4j.Dataset;
import org.tbptt4j.Model;
import org.tbptt4j.Trainer;
import org.tbptt4j.data.DataSpec;
import org.tbptt4j.experiment.StrategySpec;

/**
 * A character-level language model of the bundled Tiny Shakespeare, trained with decoupled TBPTT(25, 75):
 * every 25 steps the loss of those steps is backpropagated through the last 75, so windows overlap
 * without running any step forward twice. Then it writes 200 characters of its own.
 * Usage: {@code CharLanguageModel [epochs [characters]]}.
 */
public final class CharLanguageModel {

    public static void main(String[] args) throws Exception {
        int epochs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int characters = args.length > 1 ? Integer.parseInt(args[1]) : 200_000;   // of 1,115,394: short epochs
        Path slice = Files.createTempFile("tiny-shakespeare", ".txt");
        Files.writeString(slice, Files.readString(Path.of("data/tiny-shakespeare/input.txt")).substring(0, characters));
        Dataset data = Dataset.read(DataSpec.of(slice, DataSpec.Format.CHARS));   // 70/15/15 in time order
        Files.delete(slice);
        double ln2 = Math.log(2);   // cross-entropy in nats / ln 2 = bits per character
        // 16 contiguous stateful streams; each character embedded in 16 values (the default), LSTM 64, clipped at norm 1;
        // validation: one stream from zero state; it begins Richard III, a play the training part never saw
        Model model = Trainer.lstm(64).strategy(StrategySpec.decoupled(25, 75)).batch(16).epochs(epochs).seed(42)
                .onEpoch(e -> System.out.printf("epoch %2d  train %.3f  validation %.3f bits/char  (%.1f s)%n",
                        e.epoch(), e.trainLoss() / ln2, e.validationLoss() / ln2, e.seconds()))
                .fit(data);

        // Sampling: the state carries the text so far; each drawn character is fed back in (start after a line end)
        String text = model.sample("\n", 200, 0.8, 7);   // softmax(logits / 0.8), seeded
        System.out.println("--- 200 characters sampled at temperature 0.8 ---\n" + text);
        System.out.printf("validation %.3f bits per character after %d epoch(s)%n",
                model.history().last().validationLoss() / ln2, model.history().epochs().size());
    }
}
