package dev.graft.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The {@code graft} command run as a real process, as a user's shell runs it: its own JVM, its own
 * working folder and environment, output captured to files.
 */
public final class GraftProcess {

    private final Process process;
    private final Path stdout;
    private final Path stderr;

    private GraftProcess(Process process, Path stdout, Path stderr) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /**
     * Starts {@code graft ARGS}.
     *
     * @param workDir working folder of the process
     * @param dataHome Graft's data folder for this process ({@code GRAFT_DATA_HOME})
     * @param logs folder for the captured output
     * @param args graft's arguments
     * @return the running process
     * @throws IOException if it cannot start
     */
    public static GraftProcess start(Path workDir, Path dataHome, Path logs, String... args) throws IOException {
        return start(workDir, dataHome, logs, java.util.Map.of(), args);
    }

    /**
     * Starts {@code graft ARGS} with more environment variables (e.g. {@code GRAFT_ZOO_URL}).
     *
     * @param workDir working folder of the process
     * @param dataHome Graft's data folder for this process ({@code GRAFT_DATA_HOME})
     * @param logs folder for the captured output
     * @param env further environment variables
     * @param args graft's arguments
     * @return the running process
     * @throws IOException if it cannot start
     */
    public static GraftProcess start(Path workDir, Path dataHome, Path logs, java.util.Map<String, String> env,
            String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dai.djl.offline=true", "-cp", System.getProperty("java.class.path"), "dev.graft.cli.GraftCli"));
        cmd.addAll(List.of(args));
        Files.createDirectories(logs);
        Path out = Files.createTempFile(logs, "graft-out-", ".txt");
        Path err = Files.createTempFile(logs, "graft-err-", ".txt");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().put("GRAFT_DATA_HOME", dataHome.toString());
        pb.environment().putAll(env);
        return new GraftProcess(pb.start(), out, err);
    }

    /**
     * Waits for the process to end.
     *
     * @param seconds at most this long
     * @return its exit code
     * @throws Exception if it does not end in time
     */
    public int waitFor(int seconds) throws Exception {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new IllegalStateException("graft did not end within " + seconds + " s; output: " + out()
                    + "\nerrors: " + err());
        }
        return process.exitValue();
    }

    /**
     * Waits until a condition holds.
     *
     * @param seconds at most this long
     * @param condition the condition
     * @throws Exception if it does not hold in time
     */
    public void await(int seconds, BooleanSupplier condition) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new IllegalStateException("condition not met within " + seconds + " s; output: " + out()
                        + "\nerrors: " + err());
            }
            Thread.sleep(100);
        }
    }

    /** @return the process handle */
    public ProcessHandle handle() {
        return process.toHandle();
    }

    /** @return standard output so far */
    public String out() {
        return read(stdout);
    }

    /** @return standard error so far */
    public String err() {
        return read(stderr);
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
