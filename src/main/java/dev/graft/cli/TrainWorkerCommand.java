package dev.graft.cli;

import dev.graft.core.run.Recipe;
import dev.graft.core.run.RecipeJson;
import dev.graft.core.run.RunClaim;
import dev.graft.core.run.RunFolder;
import dev.graft.core.run.RunFolderException;
import dev.graft.core.run.StopSignal;
import dev.graft.engine.train.FineTuner;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The process that actually trains: started by {@code graft train} (and by the workbench) so a
 * native crash ends only this process. It trains from the claimed run folder's {@code recipe.json},
 * the one its supervisor wrote. Prints one JSON event per line on standard output and
 * appends the same lines to the run's events.jsonl. SIGINT/SIGTERM stop it after the current
 * batch, with a checkpoint; so does the end of its supervisor (see {@code --supervised}).
 */
@Command(name = "train-worker", hidden = true, description = "Train in this process (used by `graft train`).")
final class TrainWorkerCommand implements Callable<Integer> {

    @Option(names = "--recipe", required = true, description = "the claimed run folder's recipe.json")
    Path recipeFile;

    @Option(names = "--out", required = true, description = "the run folder claimed by graft train")
    Path out;

    @Option(names = "--run-token", required = true, description = "the owner id of the claimed run folder")
    String token;

    @Option(names = "--supervised", description = "stop when standard input ends (the supervisor died)")
    boolean supervised;

    @Override
    public Integer call() throws Exception {
        Recipe recipe;
        try {
            recipe = RecipeJson.read(recipeFile).build();
        } catch (IOException | IllegalArgumentException e) {
            System.err.println("graft: " + e.getMessage());
            return 2;
        }
        Path runDir = out.toAbsolutePath().normalize();
        RunClaim.Owner owner;
        try {
            owner = RunClaim.verify(runDir, token);
        } catch (RunFolderException e) {
            System.err.println("graft: " + e.getMessage());
            return 2;
        }
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true,
                StandardCharsets.UTF_8);
        StopSignal stop = new StopSignal();
        if (supervised) {
            watchSupervisor(System.in, stop);
        }
        try (GracefulStop ignored = new GracefulStop(() -> stop.request(StopSignal.ON_REQUEST), 120)) {
            // FineTuner writes the run's events.jsonl; standard output carries the same lines
            new FineTuner(recipe, new RunFolder(runDir), owner.name(), e -> out.println(e.toJson()), stop).run();
            return 0;
        } catch (Exception | OutOfMemoryError e) {
            return 1; // already reported as a failed event
        }
    }

    /**
     * The supervisor keeps this process's standard input open and never writes to it; when it
     * dies the OS closes the pipe, and the read below returns end-of-input.
     */
    static void watchSupervisor(InputStream in, StopSignal stop) {
        Thread t = new Thread(() -> {
            try {
                while (in.read() != -1) {
                    // nothing is ever sent; keep waiting for the end
                }
            } catch (IOException e) {
                // a broken pipe means the same as end-of-input
            }
            stop.request(StopSignal.SUPERVISOR_ENDED);
        }, "graft-supervisor-watch");
        t.setDaemon(true);
        t.start();
    }
}
