package dev.graft.cli;

import com.google.gson.JsonObject;
import dev.graft.core.run.RunEvent;
import dev.graft.core.util.AtomicFiles;
import dev.graft.core.util.Json;
import dev.graft.engine.process.TrainingProcess;
import dev.graft.engine.train.EventLog;
import dev.graft.engine.train.FineTuner;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code graft train}: fine-tunes in a child process ({@code train-worker}) and shows its progress.
 * If the child dies (native crash, kill, out of memory) this process reports why, records the
 * failure in the run folder and exits non-zero; checkpoints already written stay intact.
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Fine-tune a pretrained model on a labelled image folder.")
final class TrainCommand implements Callable<Integer> {

    @Mixin
    RecipeOptions options;

    @Option(names = "--events", description = "jsonl: print one JSON event per line instead of a progress bar")
    String events;

    @Option(names = "--safe-cpu", description = "run libtorch with ONEDNN_MAX_CPU_ISA=SSE41 (avoids a SIGFPE on some"
            + " virtual CPUs; slower)")
    boolean safeCpu;

    @Override
    public Integer call() throws Exception {
        if (events != null && !events.equals("jsonl")) {
            System.err.println("graft: --events takes 'jsonl'");
            return 2;
        }
        try {
            options.toRecipe();
        } catch (IllegalArgumentException e) {
            System.err.println("graft: " + e.getMessage());
            return 2;
        }
        Path runDir = options.runDir().toAbsolutePath();
        boolean jsonl = events != null;
        ProgressPrinter printer = new ProgressPrinter(System.out, System.console() != null);
        TrainingProcess worker = new TrainingProcess(options.toArgs(runDir), runDir, safeCpu);
        String[] failure = new String[1];
        String[] status = new String[1];
        try (GracefulStop ignored = new GracefulStop(worker::stop, 150)) {
            TrainingProcess.Exit exit = worker.run(new TrainingProcess.Listener() {
                @Override
                public void onEvent(String line, JsonObject event) {
                    if (jsonl) {
                        System.out.println(line);
                    } else {
                        printer.accept(event);
                    }
                    if ("failed".equals(event.get("type").getAsString())) {
                        failure[0] = event.get("cause").getAsString();
                    }
                    if ("finished".equals(event.get("type").getAsString())) {
                        status[0] = event.get("status").getAsString();
                    }
                }

                @Override
                public void onLog(String line) {
                    // libtorch warnings and the JVM's crash banner (kept in the run's crash log) are noise here
                    if (!line.startsWith("[W") && !line.startsWith("#") && !line.isBlank()) {
                        System.err.println(line);
                    }
                }
            });
            if (exit.crashed()) {
                RunEvent.Failed failed = new RunEvent.Failed(exit.cause(), exit.hint());
                try (EventLog log = EventLog.open(runDir)) {
                    log.accept(failed);
                }
                AtomicFiles.writeString(runDir.resolve(FineTuner.RunFiles.STATUS), Json.PRETTY.toJson(Map.of(
                        "status", "crashed", "exitCode", exit.exitCode(), "cause", exit.cause(),
                        "hint", exit.hint() == null ? "" : exit.hint())));
                if (jsonl) {
                    System.out.println(failed.toJson());
                }
                System.err.println("graft: training failed: " + exit.cause());
                if (exit.hint() != null) {
                    System.err.println("graft: " + exit.hint());
                }
                return 3;
            }
            if (failure[0] != null) {
                if (!jsonl) {
                    System.err.println("graft: training failed: " + failure[0]);
                }
                return exit.exitCode() == 0 ? 1 : exit.exitCode();
            }
            return "stopped".equals(status[0]) ? 130 : 0;
        }
    }
}
