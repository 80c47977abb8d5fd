package dev.graft.engine.process;

import dev.graft.core.run.Recipe;
import dev.graft.core.run.RecipeJson;
import dev.graft.core.run.RunClaim;
import dev.graft.core.run.RunEvent;
import dev.graft.core.run.RunStatus;
import dev.graft.core.util.AtomicFiles;
import dev.graft.engine.train.EventLog;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@code graft train-worker} in a child JVM and reads its JSON event stream. A native crash
 * (the SIGFPE quirk of docs/gpu.md), an out-of-memory kill or a user's kill ends only the child; this
 * class turns how it ended into a cause and a hint in words and records it in the run folder. The
 * CLI and the workbench both use it.
 *
 * <p>This process is the run's supervisor: it holds the run folder's claim (its lock) while the
 * worker runs, and keeps the worker's standard input open. When the supervisor dies, even by
 * {@code kill -9}, the OS closes that pipe; the worker sees end-of-input and stops as a graceful
 * stop would, instead of training on for hours with nobody watching.
 */
public final class TrainingProcess {

    /** Environment that avoids oneDNN's division by zero on CPUs that report no cache sizes. */
    public static final Map<String, String> SAFE_CPU_ENV = WorkerEnvironment.SAFE_CPU;

    /**
     * System properties the worker JVM inherits from this one when they are set: Graft's data
     * folder, DJL's cache and, in the installed app, the libtorch unpacked in the image and JNA's
     * native library (its launcher sets these; environment variables of the same names still take
     * precedence in the child).
     */
    public static final List<String> FORWARDED_PROPERTIES = List.of("graft.dataHome", "ENGINE_CACHE_DIR", "DJL_CACHE_DIR",
            "PYTORCH_LIBRARY_PATH", "PYTORCH_VERSION", "PYTORCH_FLAVOR", "jna.boot.library.path", "jna.nounpack",
            "ai.djl.offline");

    /** The training worker's niceness: below the window's priority (see the constructor). */
    public static final int WORKER_NICENESS = 10;

    private static final Logger LOG = LoggerFactory.getLogger(TrainingProcess.class);

    /** Receives the child's output, line by line, on the reading thread. */
    public interface Listener {
        /**
         * One event of the worker.
         *
         * @param line the raw JSON line
         * @param event the decoded event
         */
        void onEvent(String line, RunEvent event);

        /**
         * A diagnostic line the worker wrote to standard error (also kept in the run's worker.log).
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

    private final Recipe recipe;
    private final List<String> command;
    private final Map<String, String> env;
    private final RunClaim claim;
    private volatile Process process;

    /**
     * Prepares a worker for a claimed run folder.
     *
     * @param recipe what to train; written to the run folder's {@code recipe.json}, which the worker
     *     reads
     * @param claim the run folder's claim; released when the worker has ended
     * @param safeCpu true to run with {@link #SAFE_CPU_ENV} (always with {@link WorkerEnvironment})
     * @param javaOptions extra JVM options for the worker (e.g. {@code -Xmx2g})
     */
    public TrainingProcess(Recipe recipe, RunClaim claim, boolean safeCpu, List<String> javaOptions) {
        this(recipe, claim, safeCpu, javaOptions, EngineSettings.load());
    }

    /**
     * Prepares a worker that loads a chosen libtorch (the app's engine setting).
     *
     * @param recipe what to train; written to the run folder's {@code recipe.json}, which the worker
     *     reads
     * @param claim the run folder's claim; released when the worker has ended
     * @param safeCpu true to run with {@link #SAFE_CPU_ENV} (always with {@link WorkerEnvironment})
     * @param javaOptions extra JVM options for the worker (e.g. {@code -Xmx2g})
     * @param natives which libtorch the worker loads
     */
    public TrainingProcess(Recipe recipe, RunClaim claim, boolean safeCpu, List<String> javaOptions,
            NativeLibrary natives) {
        this.recipe = recipe;
        this.claim = claim;
        Map<String, String> environment = new java.util.LinkedHashMap<>(WorkerEnvironment.of(safeCpu));
        environment.putAll(natives.environment());
        this.env = Map.copyOf(environment);
        Path runDir = claim.folder().dir();
        List<String> cmd = new ArrayList<>();
        // Below normal priority: training saturates every core, and the window (or the shell)
        // that started it must stay responsive. Same total work, same speed on an idle machine.
        Path nice = Path.of("/usr/bin/nice");
        if (Files.isExecutable(nice)) {
            cmd.add(nice.toString());
            cmd.add("-n");
            cmd.add(Integer.toString(WORKER_NICENESS));
        }
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-XX:ErrorFile=" + runDir.resolve("crash-jvm-%p.log"));
        cmd.addAll(javaOptions);
        if (System.getProperty("ai.djl.offline") == null) {
            cmd.add("-Dai.djl.offline=true");
        }
        for (String key : FORWARDED_PROPERTIES) {
            if (System.getProperty(key) != null) {
                cmd.add("-D" + key + "=" + System.getProperty(key));
            }
        }
        if (natives.downloadsNatives()) {
            cmd.add("-Dai.djl.offline=false"); // the last -D wins: DJL may fetch the CUDA build
        }
        cmd.add("-cp");
        cmd.add(natives.classPath(System.getProperty("java.class.path")));
        cmd.add("dev.graft.cli.GraftCli");
        cmd.add("train-worker");
        cmd.addAll(List.of("--recipe", claim.folder().recipe().toString(), "--out", runDir.toString(),
                "--run-token", claim.owner().id(), "--supervised"));
        this.command = List.copyOf(cmd);
    }

    /** @return the command line of the worker */
    public List<String> command() {
        return command;
    }

    /** @return the run folder's claim */
    public RunClaim claim() {
        return claim;
    }

    /**
     * Starts the worker and blocks until it ends, feeding its output to the listener. A crash is
     * recorded in the run folder (a {@code failed} event and {@code status.json}); the claim is
     * released when this returns.
     *
     * @param listener receives events and log lines
     * @return how it ended
     * @throws IOException if the worker cannot be started
     * @throws InterruptedException if this thread is interrupted (the worker is then stopped)
     */
    public Exit run(Listener listener) throws IOException, InterruptedException {
        try {
            // the recipe travels as the run folder's own file: the worker trains from exactly what
            // the run records, never from a second copy of the options
            AtomicFiles.writeString(claim.folder().recipe(), RecipeJson.write(recipe));
            ProcessBuilder pb = new ProcessBuilder(command);
            pb.environment().putAll(env);
            process = pb.start();
            // stdin stays open: its end-of-file tells the worker that this supervisor is gone
            OutputStream keepAlive = process.getOutputStream();
            Thread errReader = new Thread(() -> pumpStderr(listener), "graft-worker-err");
            errReader.setDaemon(true);
            errReader.start();
            boolean[] reported = new boolean[1];
            pump(new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)), line -> {
                RunEvent event;
                try {
                    event = RunEvent.parse(line);
                } catch (IllegalArgumentException e) {
                    LOG.warn("worker printed a line that is not an event: {}", e.getMessage());
                    listener.onLog(line);
                    return;
                }
                if (event instanceof RunEvent.Failed || event instanceof RunEvent.Finished) {
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
            keepAlive.close();
            if (code == 0 || reported[0]) {
                return new Exit(code, false, null, null, false);
            }
            Exit exit = diagnose(code);
            record(exit, listener);
            return exit;
        } finally {
            claim.close();
        }
    }

    /** The worker died without a word: the run folder must still say how it ended. */
    private void record(Exit exit, Listener listener) {
        RunEvent.Failed failed = new RunEvent.Failed(exit.cause(), exit.hint());
        try (EventLog log = EventLog.open(claim.folder())) {
            log.accept(failed);
            RunStatus.write(claim.folder(), RunStatus.crashed(exit.cause(), exit.hint(), exit.exitCode()));
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot record the crash in {}: {}", claim.folder().dir(), e.getMessage());
        }
        listener.onEvent(failed.toJson(), failed);
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
        Path runDir = claim.folder().dir();
        String crashLog = readCrashLog(runDir);
        boolean fpe = code == 128 + 8 || crashLog.contains("SIGFPE");
        if (fpe) {
            return new Exit(code, true, "libtorch crashed with a floating-point exception (SIGFPE) in its CPU"
                    + " convolution code. This happens on virtual CPUs that report no cache sizes: oneDNN then"
                    + " divides by zero.", "Retry with the safe CPU setting (slower, but it avoids the crash)."
                    + " Checkpoints already written are intact.", true);
        }
        if (code == 128 + 9) {
            return new Exit(code, true, "The training process was killed (SIGKILL), by a user or by the system"
                    + " when memory ran out.", "If memory ran out, lower the batch size or the image size.", false);
        }
        if (code == 128 + 11 || code == 134 || !crashLog.isEmpty()) {
            return new Exit(code, true, "The training process crashed in native code (exit " + code + ")"
                    + (crashLog.isEmpty() ? "." : "; see the crash log in " + runDir + "."),
                    "Retry; if it repeats, try the safe CPU setting or the CPU device.", false);
        }
        if (code > 128) {
            return new Exit(code, true, "The training process was ended by signal " + (code - 128) + ".", null, false);
        }
        return new Exit(code, true, "The training process exited with code " + code + " without reporting why"
                + " (see " + claim.folder().workerLog() + ").", null, false);
    }

    private static String readCrashLog(Path runDir) {
        try (Stream<Path> files = Files.list(runDir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().startsWith("crash-jvm-")).toList()) {
                return Files.readString(f, StandardCharsets.ISO_8859_1);
            }
        } catch (IOException e) {
            return "";
        }
        return "";
    }

    /** Copies the worker's standard error into the run's worker.log and to the listener. */
    private void pumpStderr(Listener listener) {
        BufferedWriter log;
        try {
            log = Files.newBufferedWriter(claim.folder().workerLog(), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            log = null;
        }
        BufferedWriter out = log;
        pump(new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8)), line -> {
            if (out != null) {
                try {
                    out.write(line);
                    out.newLine();
                    out.flush();
                } catch (IOException e) {
                    // the disk may be full: the listener still gets the line
                }
            }
            listener.onLog(line);
        });
        if (out != null) {
            try {
                out.close();
            } catch (IOException e) {
                // nothing more to write
            }
        }
    }

    private static void pump(BufferedReader reader, Consumer<String> sink) {
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
