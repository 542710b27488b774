package org.tbptt4j.examples;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.tbptt4j.data.DataSpec;
import org.tbptt4j.data.Layout;
import org.tbptt4j.data.Preparation;
import org.tbptt4j.data.Strategy;
import org.tbptt4j.f32.Network;
import org.tbptt4j.f32.Predictor;
import org.tbptt4j.f32.StreamBatch;
import org.tbptt4j.f32.Training;
import org.tbptt4j.model.CellType;
import org.tbptt4j.model.Initializer;
import org.tbptt4j.model.LossType;
import org.tbptt4j.model.ModelConfig;
import org.tbptt4j.model.OptimizerConfig;
import org.tbptt4j.model.Softmax;
import org.tbptt4j.model.TbpttConfig;
import org.tbptt4j.train.TrainingConfig;
import org.tbptt4j.train.TrainingHistory;

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
        Preparation data = Preparation.prepare(DataSpec.of(slice, DataSpec.Format.CHARS));   // 70/15/15 in time order
        Files.delete(slice);
        int V = data.vocabulary().size();
        Layout train = new Strategy.Decoupled(25, 75).layout(data.train(), 16);   // 16 contiguous stateful streams
        // validation: one stream from zero state; it begins Richard III, a play the training part never saw
        Layout valid = new Strategy.OneStep().layout(data.validation(), 1);
        Network net = new Network(new ModelConfig(CellType.LSTM, V, 16, 64, 1, V, 0));   // embed 16, LSTM 64
        net.setParameters(Initializer.pytorchDefault().initialise(net.config, 42));
        TrainingConfig cfg = TrainingConfig.of(TbpttConfig.of(train.k1(), train.k2()).withClipNorm(1),
                OptimizerConfig.adam(0.01), LossType.CROSS_ENTROPY, epochs);
        double ln2 = Math.log(2);   // cross-entropy in nats / ln 2 = bits per character
        TrainingHistory history = Training.fit(net, cfg, List.of(StreamBatch.fromLayout(train)),
                List.of(StreamBatch.fromLayout(valid)), null);
        history.epochs().forEach(e -> System.out.printf("epoch %2d  train %.3f  validation %.3f bits/char  (%.1f s)%n",
                e.epoch(), e.trainLoss() / ln2, e.validationLoss() / ln2, e.seconds()));

        // Sampling: the predictor's state carries the text so far; each drawn character is fed back in.
        Predictor p = new Predictor(net, 1);
        SplittableRandom rnd = new SplittableRandom(7);
        float[] x = {data.vocabulary().id("\n")};   // (B=1 x 1) token id: start after a line end
        float[] logits = new float[V];  // (B=1 x V)
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            p.step(x, 0, null, 0, logits, 0);
            int id = Softmax.sample(logits, 0, logits.length, 0.8, rnd);   // softmax(logits / 0.8), seeded
            text.append(data.vocabulary().token(id));
            x[0] = id;
        }
        System.out.println("--- 200 characters sampled at temperature 0.8 ---\n" + text);
        System.out.printf("validation %.3f bits per character after %d epoch(s)%n",
                history.last().validationLoss() / ln2, history.epochs().size());
    }
}
