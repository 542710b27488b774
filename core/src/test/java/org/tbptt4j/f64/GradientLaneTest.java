package org.tbptt4j.f64;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tbptt4j.model.CellType;
import org.tbptt4j.model.ModelConfig;
import org.tbptt4j.model.TbpttConfig;

/**
 * The per-step path with its weight gradients on the second thread ({@link GradientLane}, two kernel
 * threads) against the same path on one thread, which runs {@link RecurrentCell#backward}, the
 * reference: every update's gradient, bit for bit, on every cell, 1 and 2 layers, k1 < k2 and k1 > k2,
 * with resets and masked tails.
 */
class GradientLaneTest {

    @ParameterizedTest(name = "{0} layers={1} F={2} H={3} B={4} k1={5} k2={6}")
    @CsvSource({ // shapes whose step products (B x G*H x H) the lane takes: 2^20 multiply-adds and up
        "LSTM, 1, 3, 128, 32, 5, 5",
        "LSTM, 2, 3, 128, 32, 3, 12", // a window (12 steps, 2 layers) longer than the lane's ring of 8 steps a layer
        "LSTM, 2, 1, 128, 16, 7, 3",
        "GRU, 1, 3, 128, 32, 4, 9",
        "GRU, 2, 1, 128, 24, 6, 4",
        "RNN, 1, 3, 256, 32, 2, 2",
        "RNN, 2, 3, 256, 20, 5, 8",
    })
    void twoThreadsGiveTheOneThreadReferenceBits(CellType cell, int layers, int features, int hidden, int batch, int k1, int k2) {
        ModelConfig c = ModelConfig.of(cell, features, hidden, layers, 2);
        StreamBatch s = TestStreams.random(batch, 23, features, 2, 11, true); // resets and masked tails
        TbpttConfig tbptt = TbpttConfig.of(k1, k2);
        long opened = GradientLane.timesOpened();
        List<double[]> two = WindowGradientsTest.updateGradients(c, s, tbptt, true);
        assertThat(GradientLane.timesOpened()).as("the lane ran the weight gradients").isGreaterThan(opened);
        List<double[]> one = oneThread(() -> WindowGradientsTest.updateGradients(c, s, tbptt, true));
        assertThat(two).hasSameSizeAs(one).isNotEmpty();
        for (int u = 0; u < one.size(); u++) {
            assertThat(Arrays.equals(two.get(u), one.get(u))).as("update %d", u).isTrue();
        }
    }

    @Test
    void float32TwoThreadsGiveTheOneThreadReferenceBits() {
        ModelConfig c = ModelConfig.of(CellType.LSTM, 1, 128, 2, 2);
        StreamBatch s = TestStreams.random(32, 23, 1, 2, 13, true);
        TbpttConfig tbptt = TbpttConfig.of(3, 7);
        List<float[]> two = WindowGradientsTest.updateGradients32(c, s, tbptt, true);
        org.tbptt4j.f32.Parallel.setThreads(1);
        try {
            List<float[]> one = WindowGradientsTest.updateGradients32(c, s, tbptt, true);
            assertThat(two).hasSameSizeAs(one).isNotEmpty();
            for (int u = 0; u < one.size(); u++) {
                assertThat(Arrays.equals(two.get(u), one.get(u))).as("update %d", u).isTrue();
            }
        } finally {
            org.tbptt4j.f32.Parallel.setThreads(2);
        }
    }

    @Test
    void smallProductsLargeProductsAndOneStepWindowsKeepTheLaneClosed() {
        long opened = GradientLane.timesOpened();
        // H = 512, B = 32: a step's recurrent product (32 x 2048 x 512) splits between the threads instead
        assertThat(RecurrentCell.of(CellType.LSTM, 1, 512, 0, MatMul.fast()).stepWork(32)).isGreaterThanOrEqualTo(Parallel.MIN_WORK);
        WindowGradientsTest.updateGradients(ModelConfig.of(CellType.LSTM, 1, 512, 1, 1), TestStreams.random(32, 4, 1, 1, 3, false),
                TbpttConfig.of(2, 2), true);
        // H = 32, B = 32: its weight gradients (32 x 128 x 32) are too little to hand over
        assertThat(RecurrentCell.of(CellType.LSTM, 1, 32, 0, MatMul.fast()).stepWork(32)).isLessThan(Network.LANE_MIN_WORK);
        WindowGradientsTest.updateGradients(ModelConfig.of(CellType.LSTM, 1, 32, 1, 1), TestStreams.random(32, 4, 1, 1, 3, false),
                TbpttConfig.of(2, 2), true);
        // k1 = k2 = 1: windows of one step
        WindowGradientsTest.updateGradients(ModelConfig.of(CellType.LSTM, 1, 128, 1, 1), TestStreams.random(32, 4, 1, 1, 3, false),
                TbpttConfig.of(1, 1), true);
        assertThat(GradientLane.timesOpened()).isEqualTo(opened);
    }

    @Test
    void tasksRunInOrderOnceEachAndAFailureReachesTheCaller() {
        long[] order = new long[5000];
        int[] at = new int[1];
        assertThat(GradientLane.open(index -> order[at[0]++] = index)).isTrue();
        for (int i = 0; i < order.length; i++) {
            GradientLane.post();
            if (i % 7 == 0) {
                GradientLane.awaitDone(i / 2); // the caller sometimes takes the next tasks itself
            }
        }
        GradientLane.close();
        assertThat(at[0]).isEqualTo(order.length);
        for (int i = 0; i < order.length; i++) {
            assertThat(order[i]).isEqualTo(i);
        }
        assertThat(GradientLane.open(index -> {
            throw new ArithmeticException("boom");
        })).isTrue();
        GradientLane.post();
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(GradientLane::close);
        assertThat(thrown).hasCauseInstanceOf(ArithmeticException.class);
        assertThat(GradientLane.open(index -> { })).as("released after a failure").isTrue();
        GradientLane.close();
    }

    private static <T> T oneThread(java.util.function.Supplier<T> run) {
        Parallel.setThreads(1);
        try {
            return run.get();
        } finally {
            Parallel.setThreads(2);
        }
    }
}
