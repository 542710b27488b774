package org.tbptt4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code tbptt4j bench --layers} and {@code --rounds}: a stacked LSTM on the peer workload, repeated runs, and the values they refuse. */
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

    @Test
    void everyRoundRetrainsTheSameModelAndPrintsItsOwnLine() throws Exception {
        PlanCommandTest.Run r = PlanCommandTest.run("bench", "--hidden", "8", "--batch", "4", "--steps", "60", "--k1", "10",
                "--k2", "10", "--warmup", "1", "--threads", "1", "--rounds", "3");
        assertThat(r.code()).as(r.err()).isZero();
        String[] lines = r.out().strip().split("\n");
        assertThat(lines).hasSize(3);
        JsonNode first = JSON.readTree(lines[0]);
        for (int i = 0; i < 3; i++) {
            JsonNode round = JSON.readTree(lines[i]);
            assertThat(round.get("round").asInt()).isEqualTo(i + 1);
            assertThat(round.get("steps_per_s").asDouble()).isPositive();
            // from the same initial weights on the same data: the same training, to the last printed digit
            assertThat(round.get("final_loss").asText()).isEqualTo(first.get("final_loss").asText());
        }
        assertThat(first.get("final_loss").asDouble()).isPositive().isFinite();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--layers | 0  | stacked LSTM layers",
            "--layers | -1 | stacked LSTM layers",
            "--rounds | 0  | runs of the whole workload in this JVM",
            "--rounds | -2 | runs of the whole workload in this JVM"})
    void refusesFewerThanOne(String option, String value, String what) {
        PlanCommandTest.Run r = PlanCommandTest.run("bench", option, value, "--steps", "100", "--k1", "10", "--warmup", "1");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().strip()).isEqualTo("tbptt4j: " + option + " must be at least 1 (" + what + "), got " + value);
    }
}
