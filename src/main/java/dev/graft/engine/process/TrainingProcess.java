package dev.graft.engine.process;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Runs {@code graft train-worker} in a child JVM and reads its JSON event stream. A native crash
 * (the SIGFPE quirk of GUIDE §5), an out-of-memory kill or a user's kill ends only the child; this
 * class turns how it ended into a cause and a hint in words. The CLI and the workbench both use it.
 */
public final class TrainingProcess {

    /** Environment that avoids oneDNN's division by zero on CPUs that report no cache sizes. */
    public static final Map<String, String> SAFE_CPU_ENV = Map.of("ONEDNN_MAX_CPU_ISA", "SSE41");

    /** System properties the worker JVM inherits from this one when they are set. */
    static final List<String> FORWARDED_PROPERTIES = List.of("ENGINE_CACHE_DIR", "DJL_CACHE_DIR",
            "PYTORCH_LIBRARY_PATH", "PYTORCH_VERSION", "PYTORCH_FLAVOR", "jna.boot.library.path", "jna.nounpack");

    /** Receives the child's output, line by line, on the reading thread. */
    public interface Listener {
        /**
         * One event line of the worker.
         *
         * @param line the raw JSON line
         * @param event the parsed event
         */
        void onEvent(String line, JsonObject event);

        /**
         * A diagnostic line the worker wrote to standard error.
         *
         * @param line the line
         */
        default void onLog(String line) {}
    }

    /**
     * How the worker ended.
     *
     * @param exitCode the process exit code
     * @param crashed true when it died without reporting (signal, native crash)
     * @param cause in words, null on success
     * @param hint what to do, or null
     * @param sigfpe true when the cause was the SIGFPE quirk (retry with the safe CPU setting)
     */
    public record Exit(int exitCode, boolean crashed, String cause, String hint, boolean sigfpe) {}

    private final List<String> command;
    private final Map<String, String> env;
    private final Path runDir;
    private volatile Process process;

    /**
     * Prepares a worker.
     *
     * @param workerArgs arguments after {@code train-worker}
     * @param runDir the run folder (crash logs go there)
     * @param safeCpu true to run with {@link #SAFE_CPU_ENV}
     */
    public TrainingProcess(List<String> workerArgs, Path runDir, boolean safeCpu) {
        this.runDir = runDir;
        this.env = safeCpu ? SAFE_CPU_ENV : Map.of();
        List<String> cmd = new ArrayList<>();
        // Below normal priority: training saturates every core, and the window (or the shell)
        // that started it must stay responsive. Same total work, same speed on an idle machine.
        Path nice = Path.of("/usr/bin/nice");
        if (java.nio.file.Files.isExecutable(nice)) {
            cmd.add(nice.toString());
            cmd.add("-n");
            cmd.add("10");
        }
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-XX:ErrorFile=" + runDir.toAbsolutePath().resolve("crash-jvm-%p.log"));
        cmd.add("-Dai.djl.offline=" + System.getProperty("ai.djl.offline", "true"));
        // DJL's cache and, in the installed app, the libtorch unpacked in the image (its launcher sets
        // these; environment variables of the same names still take precedence in the child)
        for (String key : FORWARDED_PROPERTIES) {
            if (System.getProperty(key) != null) {
                cmd.add("-D" + key + "=" + System.getProperty(key));
            }
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("dev.graft.cli.GraftCli");
        cmd.add("train-worker");
        cmd.addAll(workerArgs);
        this.command = List.copyOf(cmd);
    }

    /** @return the command line of the worker */
    public List<String> command() {
        return command;
    }

    /**
     * Starts the worker and blocks until it ends, feeding its output to the listener.
     *
     * @param listener receives events and log lines
     * @return how it ended
     * @throws IOException if the worker cannot be started
     * @throws InterruptedException if this thread is interrupted (the worker is then stopped)
     */
    public Exit run(Listener listener) throws IOException, InterruptedException {
        Files.createDirectories(runDir);
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().putAll(env);
        process = pb.start();
        process.getOutputStream().close();
        Thread errReader = new Thread(() -> pump(new BufferedReader(
                new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8)), listener::onLog), "graft-worker-err");
        errReader.setDaemon(true);
        errReader.start();
        boolean[] reported = new boolean[1];
        pump(new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)), line -> {
            JsonObject event;
            try {
                event = JsonParser.parseString(line).getAsJsonObject();
            } catch (RuntimeException e) {
                listener.onLog(line);
                return;
            }
            String type = event.has("type") ? event.get("type").getAsString() : "";
            if (type.equals("failed") || type.equals("finished")) {
                reported[0] = true;
            }
            listener.onEvent(line, event);
        });
        int code;
        try {
            code = process.waitFor();
        } catch (InterruptedException e) {
            stop();
            throw e;
        }
        errReader.join(2000);
        if (code == 0 || reported[0]) {
            return new Exit(code, false, null, null, false);
        }
        return diagnose(code);
    }

    /** Asks the worker to stop after its current batch (it writes a checkpoint first). */
    public void stop() {
        Process p = process;
        if (p != null && p.isAlive()) {
            // SIGTERM through the handle: Process.destroy() would also close the pipes, and the
            // events the worker writes while stopping (checkpoint, finished) would be lost.
            p.toHandle().destroy();
        }
    }

    /** Kills the worker at once, as a crash would. */
    public void kill() {
        Process p = process;
        if (p != null) {
            p.destroyForcibly();
        }
    }

    /** @return the worker's process handle while it runs, else null */
    public ProcessHandle handle() {
        Process p = process;
        return p == null ? null : p.toHandle();
    }

    Exit diagnose(int code) {
        String crashLog = readCrashLog();
        boolean fpe = code == 128 + 8 || crashLog.contains("SIGFPE");
        if (fpe) {
            return new Exit(code, true, "libtorch crashed with a floating-point exception (SIGFPE) in its CPU"
                    + " convolution code. This happens on virtual CPUs that report no cache sizes: oneDNN then"
                    + " divides by zero.", "Retry with the safe CPU setting (--safe-cpu, ONEDNN_MAX_CPU_ISA=SSE41):"
                    + " slower, but it avoids the crash. Checkpoints already written are intact.", true);
        }
        if (code == 128 + 9) {
            return new Exit(code, true, "The training process was killed (SIGKILL), by a user or by the system"
                    + " when memory ran out.", "If memory ran out, lower --batch-size or --image-size.", false);
        }
        if (code == 128 + 11 || code == 134 || !crashLog.isEmpty()) {
            return new Exit(code, true, "The training process crashed in native code (exit " + code + ")"
                    + (crashLog.isEmpty() ? "." : "; see the crash log in " + runDir + "."),
                    "Retry; if it repeats, try --safe-cpu or --device cpu.", false);
        }
        if (code > 128) {
            return new Exit(code, true, "The training process was ended by signal " + (code - 128) + ".", null, false);
        }
        return new Exit(code, true, "The training process exited with code " + code + " without reporting why.",
                null, false);
    }

    private String readCrashLog() {
        try (Stream<Path> files = Files.list(runDir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().startsWith("crash-jvm-")).toList()) {
                return Files.readString(f, StandardCharsets.ISO_8859_1);
            }
        } catch (IOException e) {
            return "";
        }
        return "";
    }

    private static void pump(BufferedReader reader, java.util.function.Consumer<String> sink) {
        try (reader) {
            String line;
            while ((line = reader.readLine()) != null) {
                sink.accept(line);
            }
        } catch (IOException e) {
            // the process ended; nothing more to read
        }
    }
}
