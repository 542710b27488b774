package org.tbptt4j.f64;

import java.util.ArrayList;
import java.util.List;
import org.tbptt4j.model.TbpttRunResult;
import org.tbptt4j.model.LossType;
import org.tbptt4j.model.ModelConfig;
import org.tbptt4j.model.OptimizerConfig;
import org.tbptt4j.model.TbpttConfig;

/** Trains a model on one stream batch with TBPTT(k1, k2) and plain SGD: the computation of the tbptt fixtures. */
public final class TbpttRun {

    private TbpttRun() {
    }

    /**
     * @param initial the parameters in the model's flat layout
     * @param stream  the whole stream, fed at once then flushed
     */
    public static TbpttRunResult sgd(ModelConfig model, /*wide*/ double[] initial, StreamBatch stream, TbpttConfig tbptt,
                                     /*wide*/ double lr, MatMul mm) {
        Network net = new Network(model, mm);
        net.setParameters(initial);
        Optimizer sgd = Optimizer.of(OptimizerConfig.sgd(lr), net.params.length);
        TbpttTrainer trainer = new TbpttTrainer(net, tbptt, Loss.of(LossType.MSE), sgd, lr, stream.batch, 0);
        List</*wide*/ Double> losses = new ArrayList<>();
        /*wide*/ double[][] first = new /*wide*/ double[1][];
        trainer.setListener((update, loss, count, norm) -> {
            losses.add(loss);
            if (first[0] == null) {
                first[0] = Convert.widen(net.grads);
            }
        });
        trainer.feed(stream);
        trainer.flush();
        return new TbpttRunResult(losses.stream().mapToDouble(/*wide*/ Double::doubleValue).toArray(),
                first[0] == null ? new /*wide*/ double[0] : first[0], net.parametersAsDouble());
    }
}
