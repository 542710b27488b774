package org.tbptt4j.experiment;

import java.io.IOException;
import java.util.ServiceLoader;
import org.tbptt4j.data.Preparation;

/**
 * Where a grid's trials run: on a pool of local threads ({@link LocalEngine}) or on a cluster (the
 * {@code tbptt4j-spark} module's Spark engine, found through {@link Provider}). The engine only
 * runs trials; {@link GridSearch} keeps the journal, resumes, applies the budget and reports, the
 * same whatever runs the trials, so the journal and its results do not depend on the engine.
 */
public interface TrialEngine {

    /**
     * Starts a run of one grid on one prepared data set; the engine ships the data to where trials
     * run once, here.
     *
     * @param checksum the data file's SHA-256, recorded with every trial
     */
    Runner open(Preparation prep, Grid grid, String checksum) throws IOException;

    /** An open run: runs trials, {@link #slots()} of them at once, until closed. */
    interface Runner extends AutoCloseable {

        /** How many trials run at once (the grid keeps that many in flight). */
        int slots();

        /**
         * Runs repeat {@code repeat} of configuration {@code configIndex} to its end and returns its
         * journal record ({@link GridSearch#trial}). Called from {@link #slots()} threads at once.
         */
        TrialRecord run(int configIndex, int repeat) throws Exception;

        /** Releases what the run holds (threads, a cluster connection). */
        @Override
        void close();
    }

    /** Makes engines other than the local one; registered in {@code META-INF/services}. */
    interface Provider {

        /** The engine's name for {@code --engine}, e.g. "spark". */
        String name();

        /**
         * An engine bound to a cluster.
         *
         * @param master where to run, e.g. {@code local[2]} or {@code spark://host:7077}
         */
        TrialEngine create(String master);

        /** The provider of that name on the class path, or null. */
        static Provider find(String name) {
            for (Provider p : ServiceLoader.load(Provider.class)) {
                if (p.name().equals(name)) {
                    return p;
                }
            }
            return null;
        }
    }
}
