package org.tbptt4j.spark;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.tbptt4j.data.Preparation;
import org.tbptt4j.experiment.Grid;
import org.tbptt4j.experiment.TrialEngine;
import org.tbptt4j.experiment.TrialRecord;

/**
 * Runs a grid's trials on Apache Spark: each trial is one Spark job of one task, so a cluster runs
 * as many trials at once as it has cores, and the driver journals each trial when its job ends.
 * The data file's bytes and the grid are broadcast once; every executor prepares the data from them
 * once ({@link TrialTask}) and runs trials exactly as the local engine does, so a trial's result is
 * the same on either engine.
 *
 * <p>Spark retries a task whose executor was lost; its job still ends once, with one result, and
 * the journal appends a trial's key only once, so a retry never duplicates a trial. Nothing of
 * tbptt4j is Java-serialised: trials travel as "index:repeat" strings, results as JSON records,
 * the data as the file's own bytes.
 *
 * @param master where to run: {@code local[N]}, {@code spark://host:7077}, ...; null takes
 *               {@code spark.master} from the environment (spark-submit sets it), else {@code local[*]}
 */
public record SparkEngine(String master, Set<String> failFirstAttempt) implements TrialEngine {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The master URLs Spark accepts (SparkContext.createTaskScheduler), checked before starting anything. */
    private static final java.util.regex.Pattern MASTER = java.util.regex.Pattern.compile(
            "local(\\[(\\*|[1-9][0-9]*)(,[1-9][0-9]*)?])?|local-cluster\\[[0-9]+,[0-9]+,[0-9]+]"
                    + "|spark://[^\\s/:,]+(:[0-9]+)?(,[^\\s/:,]+(:[0-9]+)?)*|yarn|k8s://\\S+");

    /** An engine for a master URL. */
    public SparkEngine(String master) {
        this(master, Set.of());
    }

    /**
     * @param failFirstAttempt trials (as "index:repeat") whose first task attempt throws, as if its
     *                         executor were lost mid-trial; for the tests of retries, empty otherwise
     */
    public SparkEngine {
        if (master != null && !MASTER.matcher(master).matches()) {
            throw new IllegalArgumentException("master = '" + master + "' is not a Spark master URL: use local[N] (N cores here),"
                    + " spark://HOST:PORT (a standalone cluster), yarn or k8s://https://HOST:PORT");
        }
        failFirstAttempt = Set.copyOf(failFirstAttempt);
    }

    /** {@code --engine spark}: found by the command line through {@code META-INF/services}. */
    public static final class Factory implements TrialEngine.Provider {
        @Override
        public String name() {
            return "spark";
        }

        @Override
        public String description() {
            return "one Spark task per trial, on a local Spark or a cluster";
        }

        @Override
        public List<Setting> settings() {
            return List.of(new Setting("master", "URL", "The Spark master for --engine spark: local[2], spark://host:7077, ..."
                    + " Default: spark-submit's, else local[*]."));
        }

        /** Checks the master URL, and that a standalone master answers, before the command writes anything. */
        @Override
        public TrialEngine create(Map<String, String> settings) {
            String master = settings.get("master");
            SparkEngine engine = new SparkEngine(master);
            checkReachable(master);
            return engine;
        }
    }

    @Override
    public String where() {
        return "Spark" + (master != null ? " at " + master : "");
    }

    @Override
    public Runner open(Preparation prep, Grid grid, String checksum) throws IOException {
        checkReachable(master);
        byte[] bytes = Files.readAllBytes(prep.spec().file());
        String job = JSON.writeValueAsString(TrialTask.describe(prep.spec(), grid, checksum));
        JavaSparkContext sc = new JavaSparkContext(conf());
        try {
            Broadcast<byte[]> data = sc.broadcast(bytes);
            Broadcast<String> described = sc.broadcast(job);
            TrialTask task = new TrialTask(data, described, failFirstAttempt);
            int slots = Math.max(1, sc.defaultParallelism());
            return new Runner() {
                @Override
                public int slots() {
                    return slots;
                }

                @Override
                public TrialRecord run(int configIndex, int repeat) throws IOException {
                    String record = sc.parallelize(List.of(configIndex + ":" + repeat), 1).map(task).collect().get(0);
                    return TrialRecord.fromJson(record);
                }

                @Override
                public void close() {
                    sc.close();
                }
            };
        } catch (RuntimeException e) {
            sc.close();
            throw e;
        }
    }

    /** The Spark configuration: the master, quiet, and on a cluster our jar and the Vector API for the executors. */
    SparkConf conf() {
        SparkConf conf = new SparkConf().setAppName("tbptt4j grid");
        if (master != null) {
            conf.setMaster(master);
        } else if (!conf.contains("spark.master")) {
            conf.setMaster("local[*]");
        }
        conf.setIfMissing("spark.ui.showConsoleProgress", "false");
        // the executors run the same kernels as a local run (results do not depend on the engine)
        conf.setIfMissing("spark.executor.extraJavaOptions", "--add-modules=jdk.incubator.vector");
        if (!conf.get("spark.master").startsWith("local")) {
            Path jar = ownJar();
            if (jar != null && !conf.contains("spark.jars")) {
                conf.setJars(new String[] {jar.toString()});
            }
        }
        return conf;
    }

    /**
     * For a standalone master, whether one of its hosts takes a connection: Spark itself would retry
     * for a minute, log a stack trace per try, then give up.
     */
    static void checkReachable(String master) {
        if (master == null || !master.startsWith("spark://")) {
            return;
        }
        List<String> refused = new java.util.ArrayList<>();
        for (String hostPort : master.substring("spark://".length()).split(",")) {
            int colon = hostPort.lastIndexOf(':');
            String host = colon < 0 ? hostPort : hostPort.substring(0, colon);
            int port = colon < 0 ? 7077 : Integer.parseInt(hostPort.substring(colon + 1));
            try (java.net.Socket socket = new java.net.Socket()) {
                socket.connect(new java.net.InetSocketAddress(host, port), 5000);
                return;
            } catch (IOException e) {
                refused.add(host + ":" + port + " (" + e.getMessage() + ")");
            }
        }
        throw new IllegalArgumentException("master = " + master + ": no Spark master answers at " + String.join(", ", refused)
                + "; start one ($SPARK_HOME/sbin/start-master.sh, or spark/standalone.sh here) or check the host and port");
    }

    /** The jar this class was loaded from (tbptt4j-spark.jar, which holds all of tbptt4j), or null when run from classes. */
    static Path ownJar() {
        try {
            Path p = Path.of(SparkEngine.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return Files.isRegularFile(p) ? p : null;
        } catch (URISyntaxException | RuntimeException e) {
            return null;
        }
    }
}
