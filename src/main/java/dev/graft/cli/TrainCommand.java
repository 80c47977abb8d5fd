package dev.graft.cli;

import dev.graft.core.model.FreezeException;
import dev.graft.core.model.TrainingScope;
import dev.graft.core.run.Failures;
import dev.graft.core.run.Recipe;
import dev.graft.core.run.RecipeBuilder;
import dev.graft.core.run.RecipeJson;
import dev.graft.core.run.RunClaim;
import dev.graft.core.run.RunEvent;
import dev.graft.core.run.RunFolderException;
import dev.graft.core.run.RunLocations;
import dev.graft.core.run.RunNames;
import dev.graft.core.run.RunSpeeds;
import dev.graft.engine.catalogue.NetworkPreview;
import dev.graft.engine.process.TrainingProcess;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code graft train}: fine-tunes in a child process ({@code train-worker}) and shows its progress.
 * The run folder is claimed first (a new folder in the user's data folder, or an empty or new
 * {@code --out}); if the child dies (native crash, kill, out of memory) this process reports why,
 * records the failure in the run folder and exits non-zero; checkpoints already written stay
 * intact.
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        modelTransformer = RecipeCli.Options.class,
        customSynopsis = {"graft train --data DIR [OPTIONS]", "       graft train --recipe FILE [OPTIONS]"},
        description = "Fine-tune a pretrained model on a labelled image folder.",
        footer = "%nEvery recipe option is recorded in the run folder's recipe.json; `graft train --recipe"
                + " <run>/recipe.json` trains the same recipe again (options given with it change its fields).")
final class TrainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @ArgGroup(heading = "Run:%n", exclusive = false, validate = false, order = 2)
    RunOptions run = new RunOptions();

    /** What concerns this run rather than its recipe. */
    static final class RunOptions {
        @Option(names = "--recipe", paramLabel = "FILE", description = "start from a run's recipe.json (e.g."
                + " <run folder>/recipe.json); the recipe options given here change its fields")
        Path recipe;

        @Option(names = "--name", description = "a name for the run (default: its model and what it trains, e.g."
                + " 'mobilenet_v2 last 2 stages', 'mobilenet_v2 head only'); the run folder is named after it")
        String name;

        @Option(names = "--out", paramLabel = "DIR", description = "run folder: new or empty, outside the dataset"
                + " (default: a new folder in Graft's data folder, grouped by dataset; see docs/cli.md)")
        Path out;

        @Option(names = "--events", description = "jsonl: print one JSON event per line instead of a progress bar")
        String events;

        @Option(names = "--safe-cpu", description = "run libtorch with ONEDNN_MAX_CPU_ISA=SSE41 (avoids a SIGFPE on"
                + " some virtual CPUs; slower)")
        boolean safeCpu;

        @Option(names = "--max-heap", paramLabel = "SIZE", description = "Java heap of the training process, e.g. 2g"
                + " (default: the JVM's, a quarter of the machine's memory); caches beyond it spill to disk")
        String maxHeap;
    }

    /** The smallest heap a training process is started with (a 224 px run fits in 48 MB). */
    static final int MIN_HEAP_MB = 32;

    private static long heapBytes(String size) {
        char unit = Character.toLowerCase(size.charAt(size.length() - 1));
        long n = Long.parseLong(Character.isDigit(unit) ? size : size.substring(0, size.length() - 1));
        return switch (unit) {
            case 'k' -> n << 10;
            case 'm' -> n << 20;
            case 'g' -> n << 30;
            default -> n;
        };
    }

    @Override
    public Integer call() throws Exception {
        String events = run.events;
        String maxHeap = run.maxHeap;
        if (events != null && !events.equals("jsonl")) {
            System.err.println("graft: --events takes 'jsonl'");
            return 2;
        }
        if (maxHeap != null && !maxHeap.matches("\\d{1,6}[kKmMgG]?")) {
            System.err.println("graft: --max-heap takes a size like 2g or 1500m, not '" + maxHeap + "'");
            return 2;
        }
        if (maxHeap != null && heapBytes(maxHeap) < MIN_HEAP_MB << 20) {
            // below this the JVM does not start at all ("Too small maximum heap"), after the run folder exists
            System.err.println("graft: --max-heap must be at least " + MIN_HEAP_MB + "m, not '" + maxHeap + "'");
            return 2;
        }
        Recipe recipe;
        try {
            RecipeBuilder base = run.recipe == null ? Recipe.builder() : RecipeJson.read(run.recipe);
            recipe = RecipeCli.apply(spec.commandLine().getParseResult(), base).build();
        } catch (IOException | IllegalArgumentException e) {
            System.err.println("graft: " + e.getMessage());
            return 2;
        }
        // what trains is resolved on the model's own layers before a run folder is claimed: the run's
        // name says exactly that, and a choice that trains nothing leaves no failed run behind
        TrainingScope scope;
        try {
            scope = NetworkPreview.of(recipe).scope(recipe);
        } catch (FreezeException | IllegalArgumentException e) {
            System.err.println("graft: " + e.getMessage());
            return 2;
        } catch (Exception e) {
            System.err.println("graft: cannot use the model " + recipe.model() + ": " + Failures.describe(e));
            return 2;
        }
        Path data = Path.of(recipe.data());
        String name = run.name == null || run.name.isBlank() ? RunNames.describe(recipe, scope) : run.name.trim();
        boolean jsonl = events != null;
        RunClaim claim;
        try {
            if (run.out != null) {
                RunLocations.requireOutsideDataset(run.out, data);
                claim = RunClaim.claim(run.out, name);
            } else {
                claim = RunClaim.claimDefault(data, name);
                RunLocations.requireOutsideDataset(claim.folder().dir(), data);
            }
        } catch (RunFolderException e) {
            System.err.println("graft: " + e.getMessage());
            return 2;
        }
        // the first line says where everything goes (standard error when standard output is JSON)
        (jsonl ? System.err : System.out).println("run " + claim.folder().dir());
        ProgressPrinter printer = new ProgressPrinter(System.out, System.console() != null);
        printer.expect(RunSpeeds.user().of(recipe), recipe.epochs());
        List<String> javaOptions = new ArrayList<>();
        if (maxHeap != null) {
            javaOptions.add("-Xmx" + maxHeap);
        }
        TrainingProcess worker = new TrainingProcess(recipe, claim, run.safeCpu, javaOptions);
        RunEvent[] last = new RunEvent[1];
        try (GracefulStop ignored = new GracefulStop(worker::stop, 150)) {
            TrainingProcess.Exit exit = worker.run(new TrainingProcess.Listener() {
                @Override
                public void onEvent(String line, RunEvent event) {
                    if (jsonl) {
                        System.out.println(line);
                    } else {
                        event.dispatch(printer);
                    }
                    if (event instanceof RunEvent.Failed || event instanceof RunEvent.Finished) {
                        last[0] = event;
                    }
                }

                @Override
                public void onLog(String line) {
                    // libtorch warnings and the JVM's crash banner (kept in worker.log) are noise here
                    if (!line.startsWith("[W") && !line.startsWith("#") && !line.isBlank()) {
                        System.err.println(line);
                    }
                }
            });
            if (exit.crashed()) {
                System.err.println("graft: training failed: " + exit.cause());
                if (exit.hint() != null) {
                    System.err.println("graft: " + exit.hint());
                }
                if (exit.sigfpe()) {
                    System.err.println("graft: the safe CPU setting is --safe-cpu");
                }
                return 3;
            }
            if (last[0] instanceof RunEvent.Failed failed) {
                if (jsonl) {
                    System.err.println("graft: training failed: " + failed.cause());
                }
                return exit.exitCode() == 0 ? 1 : exit.exitCode();
            }
            return last[0] instanceof RunEvent.Finished f && f.stopped() ? 130 : 0;
        }
    }
}
