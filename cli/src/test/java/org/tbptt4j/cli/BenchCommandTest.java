package org.tbptt4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code tbptt4j bench --layers}: a stacked LSTM on the peer workload, and the values it refuses. */
class BenchCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A tiny run: H=8, B=4, 6 updates of TBPTT(10, 10), 1 before the clock. */
    private static JsonNode bench(String layers) throws Exception {
        PlanCommandTest.Run r = PlanCommandTest.run("bench", "--hidden", "8", "--batch", "4", "--steps", "60", "--k1", "10",
                "--k2", "10", "--warmup", "1", "--threads", "1", "--layers", layers);
        assertThat(r.code()).as(r.err()).isZero();
        return JSON.readTree(r.out());
    }

    @Test
    void trainsAStackOfLayersAndSaysHowMany() throws Exception {
        JsonNode one = bench("1");
        JsonNode two = bench("2");
        assertThat(one.get("layers").asInt()).isEqualTo(1);
        assertThat(two.get("layers").asInt()).isEqualTo(2);
        assertThat(two.get("steps_per_s").asDouble()).isPositive();
        assertThat(two.get("final_loss").asDouble()).isPositive().isFinite();
        // same seed, same data: a second layer is a different model, so a different loss
        assertThat(two.get("final_loss").asDouble()).isNotEqualTo(one.get("final_loss").asDouble());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1"})
    void refusesFewerThanOneLayer(String layers) {
        PlanCommandTest.Run r = PlanCommandTest.run("bench", "--layers", layers, "--steps", "100", "--k1", "10", "--warmup", "1");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().strip()).isEqualTo("tbptt4j: --layers must be at least 1 (stacked LSTM layers), got " + layers);
    }
}
