package org.tbptt4j.cli;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.tbptt4j.data.Preparation;
import org.tbptt4j.experiment.Grid;
import org.tbptt4j.experiment.LocalEngine;
import org.tbptt4j.experiment.TrialEngine;
import org.tbptt4j.experiment.TrialRecord;

/**
 * A third engine, registered only in the tests' {@code META-INF/services}: the local engine with one
 * worker that counts the trials it ran. It shows that an engine plugs in with no edit to the command
 * line: {@code --engine recording} and its setting {@code --slots} come from this provider alone.
 */
record RecordingEngine(int slots) implements TrialEngine {

    /** Trials run by any recording engine in this JVM. */
    static final AtomicInteger TRIALS = new AtomicInteger();

    @Override
    public Runner open(Preparation prep, Grid grid, String checksum) {
        Runner local = new LocalEngine(1).open(prep, grid, checksum);
        return new Runner() {
            @Override
            public int slots() {
                return slots;
            }

            @Override
            public TrialRecord run(int configIndex, int repeat) throws Exception {
                TRIALS.incrementAndGet();
                return local.run(configIndex, repeat);
            }

            @Override
            public void close() {
                local.close();
            }
        };
    }

    @Override
    public String where() {
        return "the recording engine (" + slots + " slot(s))";
    }

    /** {@code --engine recording}, setting "slots" (default 1). */
    public static final class Provider implements TrialEngine.Provider {
        @Override
        public String name() {
            return "recording";
        }

        @Override
        public String description() {
            return "the tests' engine that counts its trials";
        }

        @Override
        public List<Setting> settings() {
            return List.of(new Setting("slots", "N", "Trials in flight. Default: 1."));
        }

        @Override
        public TrialEngine create(Map<String, String> settings) {
            int slots = Integer.parseInt(settings.getOrDefault("slots", "1"));
            if (slots < 1) {
                throw new IllegalArgumentException("slots = " + slots + ": give at least 1");
            }
            return new RecordingEngine(slots);
        }
    }
}
