package io.neuralstyle.spark;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A Spark standalone cluster on loopback, each part in its own JVM: a master and workers of one core
 * each, started from Spark's own deploy classes (in spark-core, no distribution to download). A
 * worker launches executors the way a real one does, from a Spark home whose {@code jars/} holds
 * Spark and Hadoop alone (the job's jars come from the application jar). Closing it stops every JVM
 * it started, the executors included.
 */
final class LoopbackCluster implements AutoCloseable {
    private static final String HOST = "127.0.0.1";
    private static final List<String> SPARKS_TOO = List.of("jackson-", "commons-codec-", "commons-io-");
    private final Path dir;
    private final Path sparkHome;
    private final List<Process> processes = new ArrayList<>();
    private final List<Path> workerDirs = new ArrayList<>();
    private final List<Process> workerProcesses = new ArrayList<>();
    private final String masterUrl;

    /**
     * @param sparkJars the folder of Spark's and Hadoop's jars (spark/target/spark-lib)
     * @param workers   how many workers, one core and {@code memory} each
     */
    LoopbackCluster(Path dir, Path sparkJars, int workers, String memory, long deadlineNanos)
            throws IOException, InterruptedException {
        this.dir = dir;
        sparkHome = Files.createDirectories(dir.resolve("spark-home"));
        Path jars = Files.createDirectories(sparkHome.resolve("jars"));
        try (Stream<Path> list = Files.list(sparkJars)) {
            for (Path jar : list.toList()) {
                Files.createSymbolicLink(jars.resolve(jar.getFileName()), jar.toAbsolutePath());
            }
        }
        // Spark's own dependencies that Maven counts as the job's too (the core uses them), so they are in
        // target/lib rather than spark-lib: a Spark distribution has them in its jars/ all the same.
        try (Stream<Path> list = Files.list(sparkJars.resolveSibling("lib"))) {
            for (Path jar : list.filter(j -> SPARKS_TOO.stream().anyMatch(j.getFileName().toString()::startsWith))
                    .toList()) {
                Files.createSymbolicLink(jars.resolve(jar.getFileName()), jar.toAbsolutePath());
            }
        }
        int port = freePort();
        masterUrl = "spark://" + HOST + ":" + port;
        try {
            Path masterLog = dir.resolve("master.log");
            Process master = start(masterLog, "org.apache.spark.deploy.master.Master", "--host", HOST, "--port",
                    Integer.toString(port), "--webui-port", Integer.toString(freePort()));
            awaitLine(master, masterLog, "I have been elected leader", deadlineNanos);
            List<Process> started = new ArrayList<>();
            for (int i = 0; i < workers; i++) { // all started at once, then awaited
                Path work = Files.createDirectories(dir.resolve("worker-" + i));
                workerDirs.add(work);
                started.add(start(dir.resolve("worker-" + i + ".log"), "org.apache.spark.deploy.worker.Worker", "--host",
                        HOST, "--cores", "1", "--memory", memory, "--work-dir", work.toString(), "--webui-port",
                        Integer.toString(freePort()), masterUrl));
            }
            workerProcesses.addAll(started);
            for (int i = 0; i < workers; i++) {
                awaitLine(started.get(i), dir.resolve("worker-" + i + ".log"), "Successfully registered with master",
                        deadlineNanos);
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            close();
            throw e;
        }
    }

    String masterUrl() {
        return masterUrl;
    }

    /** Each worker's work folder: WORK/APP-ID/EXECUTOR-ID/stderr holds an executor's log. */
    List<Path> workerDirs() {
        return workerDirs;
    }

    /** Kills worker {@code i} and its executors at once, as a machine that dies: no JVM of it says goodbye. */
    void killWorker(int i) throws InterruptedException {
        Process worker = workerProcesses.get(i);
        worker.descendants().forEach(ProcessHandle::destroyForcibly);
        worker.destroyForcibly();
        worker.waitFor(20, TimeUnit.SECONDS);
    }

    /** A JVM on Spark's jars alone (as bin/spark-class starts one), its output to {@code log}. */
    Process start(Path log, String mainClass, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(javaCommand());
        cmd.add("-cp");
        cmd.add(sparkHome.resolve("jars") + "/*");
        cmd.add(mainClass);
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().put("SPARK_HOME", sparkHome.toString());
        pb.environment().put("SPARK_SCALA_VERSION", "2.13"); // else Spark's launcher looks for its build folders
        pb.environment().put("SPARK_LOCAL_IP", HOST);
        pb.environment().put("TF_CPP_MIN_LOG_LEVEL", "2");
        Process p = pb.start();
        processes.add(p);
        return p;
    }

    /** java, with this JVM's options that Spark needs on Java 17 (--add-opens, as surefire's argLine). */
    static List<String> javaCommand() {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(jvmOptions());
        return cmd;
    }

    static List<String> jvmOptions() {
        return ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-opens") || a.startsWith("-Djdk.reflect") || a.startsWith("-Dio.netty"))
                .toList();
    }

    /** Polls {@code log} until it holds {@code text}; fails at once if {@code p} ends, or at the deadline. */
    static void awaitLine(Process p, Path log, String text, long deadlineNanos) throws IOException, InterruptedException {
        while (System.nanoTime() < deadlineNanos && p.isAlive()) {
            if (Files.exists(log) && Files.readString(log).contains(text)) {
                return;
            }
            Thread.sleep(100); // polled until the deadline, not a fixed wait
        }
        throw new IllegalStateException("no '" + text + "' in " + log + (p.isAlive() ? " in time" : ", which ended")
                + ":\n"
                + (Files.exists(log) ? Files.readString(log) : "(no log)"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName(HOST))) {
            return s.getLocalPort();
        }
    }

    /** Stops the executors first (a worker's children), then the workers and the master. */
    @Override
    public void close() throws InterruptedException {
        for (int i = processes.size() - 1; i >= 0; i--) {
            Process p = processes.get(i);
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroy();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
