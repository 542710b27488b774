package org.tbptt4j.experiment;

import java.util.List;
import java.util.Map;
import org.tbptt4j.data.Preparation;
import org.tbptt4j.model.ParameterException;

/**
 * Runs trials on this machine: {@code workers} trials at once, each single-threaded (a grid gets its
 * parallelism from running trials side by side, which scales better than splitting one trial's
 * small products across cores).
 *
 * @param workers trials at once
 */
public record LocalEngine(int workers) implements TrialEngine {

    /** This engine's name. */
    public static final String NAME = "local";

    public LocalEngine {
        if (workers < 1) {
            throw new ParameterException("workers = " + workers + ": give at least 1", "workers");
        }
    }

    @Override
    public String where() {
        return workers + " worker(s)";
    }

    /** Makes the local engine: setting "workers", by default the number of cores. */
    public static final class Provider implements TrialEngine.Provider {

        @Override
        public String name() {
            return NAME;
        }

        @Override
        public String description() {
            return "a pool of single-threaded workers on this machine";
        }

        @Override
        public List<Setting> settings() {
            return List.of(new Setting("workers", "N", "Parallel trials on this machine (each single-threaded). Default: the number of cores."));
        }

        @Override
        public TrialEngine create(Map<String, String> settings) {
            String w = settings.get("workers");
            if (w == null) {
                return new LocalEngine(Runtime.getRuntime().availableProcessors());
            }
            try {
                return new LocalEngine(Integer.parseInt(w.trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("workers = '" + w + "' is not a whole number: give at least 1", e);
            }
        }
    }

    @Override
    public Runner open(Preparation prep, Grid grid, String checksum) {
        return new Runner() {
            @Override
            public int slots() {
                return workers;
            }

            @Override
            public TrialRecord run(int configIndex, int repeat) {
                org.tbptt4j.f32.Parallel.singleThreadedHere();
                return GridSearch.trial(prep, grid, configIndex, repeat, checksum);
            }

            @Override
            public void close() {
            }
        };
    }
}
