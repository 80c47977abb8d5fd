package dev.graft.cli;

import dev.graft.core.run.Recipe;
import dev.graft.engine.train.FineTuner;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * The process that actually trains: started by {@code graft train} (and by the workbench) so a
 * native crash ends only this process. Prints one JSON event per line on standard output and
 * appends the same lines to the run's events.jsonl. SIGINT/SIGTERM stop it after the current
 * batch, with a checkpoint.
 */
@Command(name = "train-worker", hidden = true, description = "Train in this process (used by `graft train`).")
final class TrainWorkerCommand implements Callable<Integer> {

    @Mixin
    RecipeOptions options;

    @Override
    public Integer call() throws Exception {
        Recipe recipe;
        try {
            recipe = options.toRecipe();
        } catch (IllegalArgumentException e) {
            System.err.println("graft: " + e.getMessage());
            return 2;
        }
        Path runDir = options.runDir();
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true,
                StandardCharsets.UTF_8);
        AtomicBoolean stop = new AtomicBoolean();
        try (GracefulStop ignored = new GracefulStop(() -> stop.set(true), 120)) {
            // FineTuner writes the run's events.jsonl; standard output carries the same lines
            new FineTuner(recipe, runDir, e -> out.println(e.toJson()), stop).run();
            return 0;
        } catch (Exception | OutOfMemoryError e) {
            return 1; // already reported as a failed event
        }
    }
}
