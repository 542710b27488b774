package org.tbptt4j.experiment;

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

    public LocalEngine {
        if (workers < 1) {
            throw new ParameterException("workers = " + workers + " is less than 1", "workers");
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
