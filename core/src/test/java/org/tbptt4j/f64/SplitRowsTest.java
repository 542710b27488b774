package org.tbptt4j.f64;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tbptt4j.model.CellType;
import org.tbptt4j.model.ModelConfig;
import org.tbptt4j.model.TbpttConfig;

/**
 * The default path, the batch's rows split between two threads for each block forward and each window
 * down the backward chain, then each step's weight gradients split by gate units
 * ({@link TbpttTrainer.Path#SPLIT_ROWS}), against the per-step reference ({@link TbpttTrainer.Path#PER_STEP}:
 * every product per step over the whole batch, each step's weight gradients with it): every update's
 * gradient, bit for bit, on every cell, 1 and 2 layers, k1 &lt; k2 and k1 &gt; k2, with resets and masked
 * tails, dropout and an embedding, in both precisions, and the same on one thread.
 */
class SplitRowsTest {

    @ParameterizedTest(name = "{0} layers={1} F={2} H={3} B={4} k1={5} k2={6}")
    @CsvSource({ // shapes whose blocks (k1 or the window, times a step's products) reach Parallel.MIN_WORK, so both split
        "LSTM, 1, 3, 128, 32, 5, 5",
        "LSTM, 2, 3, 128, 32, 3, 12",
        "LSTM, 2, 1, 128, 16, 7, 3",
        "GRU, 1, 3, 128, 24, 4, 9",
        "GRU, 2, 1, 128, 24, 6, 4",
        "RNN, 1, 3, 256, 32, 2, 2",
        "RNN, 1, 1, 260, 32, 2, 3", // one input feature: its weight gradients in one pass, units past the last vector too
        "RNN, 2, 3, 256, 7, 5, 8", // 7 rows: 3 and 4, no whole row block of the kernels
    })
    void splitRowsGiveThePerStepReferenceBits(CellType cell, int layers, int features, int hidden, int batch, int k1, int k2) {
        ModelConfig c = ModelConfig.of(cell, features, hidden, layers, 2);
        StreamBatch s = TestStreams.random(batch, 23, features, 2, 11, true); // resets and masked tails
        assertSameBits(c, s, TbpttConfig.of(k1, k2));
    }

    @Test
    void dropoutAndAnEmbeddingGiveTheReferenceBitsToo() {
        ModelConfig dropped = ModelConfig.of(CellType.LSTM, 2, 128, 2, 2).withDropout(0.3);
        assertSameBits(dropped, TestStreams.random(32, 17, 2, 2, 5, true), TbpttConfig.of(4, 6));
        ModelConfig embedded = ModelConfig.of(CellType.GRU, 7, 128, 2, 2).withEmbedding(5);
        StreamBatch tokens = TestStreams.random(32, 17, 1, 2, 6, true);
        for (int i = 0; i < tokens.x.length; i++) {
            tokens.x[i] = (i * 5 + i / 7) % 7; // token ids, some repeated within a step (their gradients add in row order)
        }
        assertSameBits(embedded, tokens, TbpttConfig.of(3, 8));
    }

    private static void assertSameBits(ModelConfig c, StreamBatch s, TbpttConfig tbptt) {
        long splits = Parallel.blocksSplit();
        List<double[]> split = WindowGradientsTest.updateGradients(c, s, tbptt, TbpttTrainer.Path.SPLIT_ROWS);
        assertThat(Parallel.blocksSplit()).as("two threads took the rows").isGreaterThan(splits);
        List<double[]> reference = WindowGradientsTest.updateGradients(c, s, tbptt, TbpttTrainer.Path.PER_STEP);
        List<double[]> oneThread = oneThread(() -> WindowGradientsTest.updateGradients(c, s, tbptt, TbpttTrainer.Path.SPLIT_ROWS));
        assertThat(split).hasSameSizeAs(reference).hasSameSizeAs(oneThread).isNotEmpty();
        for (int u = 0; u < reference.size(); u++) {
            assertThat(Arrays.equals(split.get(u), reference.get(u))).as("update %d, two threads", u).isTrue();
            assertThat(Arrays.equals(oneThread.get(u), reference.get(u))).as("update %d, one thread", u).isTrue();
        }
    }

    @Test
    void float32SplitRowsGiveThePerStepReferenceBits() {
        ModelConfig c = ModelConfig.of(CellType.LSTM, 1, 128, 2, 2);
        StreamBatch s = TestStreams.random(32, 23, 1, 2, 13, true);
        TbpttConfig tbptt = TbpttConfig.of(3, 7);
        List<float[]> split = WindowGradientsTest.updateGradients32(c, s, tbptt, "SPLIT_ROWS");
        List<float[]> reference = WindowGradientsTest.updateGradients32(c, s, tbptt, "PER_STEP");
        assertThat(split).hasSameSizeAs(reference).isNotEmpty();
        for (int u = 0; u < reference.size(); u++) {
            assertThat(Arrays.equals(split.get(u), reference.get(u))).as("update %d", u).isTrue();
        }
    }

    @Test
    void smallBlocksStayOnTheCaller() {
        long splits = Parallel.blocksSplit();
        // H = 32, B = 32, TBPTT(2, 2): a block's products (2 x 32 x 128 x 32) are too little to hand over
        WindowGradientsTest.updateGradients(ModelConfig.of(CellType.LSTM, 1, 32, 1, 1), TestStreams.random(32, 6, 1, 1, 3, false),
                TbpttConfig.of(2, 2), TbpttTrainer.Path.SPLIT_ROWS);
        // one row
        WindowGradientsTest.updateGradients(ModelConfig.of(CellType.LSTM, 1, 256, 1, 1), TestStreams.random(1, 6, 1, 1, 3, false),
                TbpttConfig.of(3, 3), TbpttTrainer.Path.SPLIT_ROWS);
        assertThat(Parallel.blocksSplit()).isEqualTo(splits);
    }

    private static <T> T oneThread(Supplier<T> run) {
        Parallel.setThreads(1);
        try {
            return run.get();
        } finally {
            Parallel.setThreads(2);
        }
    }
}
