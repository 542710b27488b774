package org.tbptt4j.experiment;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
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

    /** Where the trials run, for a progress line, e.g. "4 worker(s)" or "Spark at local[2]". */
    String where();

    /**
     * Makes one kind of engine and says what it takes; registered in {@code META-INF/services} (the
     * local engine in core, others in their modules), so a new engine needs no edit where engines are
     * chosen: the command line lists the providers it finds, their descriptions and their options.
     */
    interface Provider {

        /** The engine's name, e.g. "local" or "spark". */
        String name();

        /** One line saying where this engine runs trials, for a list of engines. */
        String description();

        /** The settings this engine takes (none by default); no two providers should declare one name. */
        default List<Setting> settings() {
            return List.of();
        }

        /**
         * An engine configured by the settings given (name to value; a setting left out takes its
         * default), checked before anything runs.
         *
         * @throws IllegalArgumentException naming the setting and what to give instead
         */
        TrialEngine create(Map<String, String> settings);

        /** Every provider on the class path, the local engine's first, then by name. */
        static List<Provider> all() {
            List<Provider> all = new ArrayList<>();
            ServiceLoader.load(Provider.class, Provider.class.getClassLoader()).forEach(all::add);
            all.sort(Comparator.comparing((Provider p) -> !p.name().equals(LocalEngine.NAME)).thenComparing(Provider::name));
            return all;
        }

        /** The provider of that name on the class path, or null. */
        static Provider find(String name) {
            return all().stream().filter(p -> p.name().equals(name)).findFirst().orElse(null);
        }
    }

    /**
     * A setting an engine takes.
     *
     * @param name      its name, e.g. "workers" (the command line's option is {@code --workers})
     * @param valueName what the value is, e.g. "N" or "URL"
     * @param help      what it does and its default, one sentence
     */
    record Setting(String name, String valueName, String help) {
    }
}
