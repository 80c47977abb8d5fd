package dev.graft.testing;

import dev.graft.core.run.Recipe;
import dev.graft.core.run.RecipeJson;

import dev.graft.core.run.RunClaim;
import dev.graft.core.run.RunEvent;
import dev.graft.core.run.RunOutcome;
import dev.graft.core.run.RunFolder;
import dev.graft.core.run.RunStatus;
import dev.graft.core.util.Json;
import dev.graft.engine.process.TrainingProcess;
import dev.graft.ui.training.TrainingLauncher;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;

/**
 * Plays back a run recorded from the real engine ({@code src/test/resources/dev/graft/runs/recorded},
 * made by {@code graft train} on 3 classes × 8 emoji at 64 px for 4 epochs) into a claimed run
 * folder, event by event, as the training process would. UI tests use it where the engine is not
 * the point; a few end-to-end tests still run real workers.
 *
 * <p>Stop ends the replay after the last complete epoch it reached, like a real stop; a "crash"
 * replay dies after a number of events as a killed worker would.
 */
public final class ReplayLauncher implements TrainingLauncher {

    private static final String BASE = "/dev/graft/runs/recorded/";

    private final long delayMillis;
    private final int crashAfter;
    private final CountDownLatch hold;

    /**
     * A replay.
     *
     * @param delayMillis pause between events
     * @param crashAfter die (as by SIGKILL) after this many events; -1 to play to the end
     * @param hold if not null, the replay waits for it after the first batch event
     */
    public ReplayLauncher(long delayMillis, int crashAfter, CountDownLatch hold) {
        this.delayMillis = delayMillis;
        this.crashAfter = crashAfter;
        this.hold = hold;
    }

    /** @return a quick replay to the end */
    public static ReplayLauncher quick() {
        return new ReplayLauncher(5, -1, null);
    }

    @Override
    public Handle start(Recipe recipe, RunClaim claim, boolean safeCpu, Consumer<RunEvent> onEvent,
            Consumer<TrainingProcess.Exit> onExit) {
        String data = recipe.data();
        RunFolder run = claim.folder();
        Map<String, String> vars = Map.of("${run}", run.dir().toString(), "${data}", data);
        boolean[] stop = new boolean[1];
        Thread t = new Thread(() -> {
            try {
                // as the real launcher does: the run folder records the recipe it was started with
                Files.writeString(run.recipe(), RecipeJson.write(recipe));
                Files.writeString(run.dataset(), resource("dataset.json", vars));
                int played = 0;
                int lastEpoch = 0;
                Double lastVal = null;
                Double lastTrain = null;
                for (String line : resource("events.jsonl", vars).lines().toList()) {
                    RunEvent e = RunEvent.parse(line);
                    if (crashAfter >= 0 && played >= crashAfter) {
                        RunEvent.Failed failed = new RunEvent.Failed("The training process was killed (SIGKILL), by"
                                + " a user or by the system when memory ran out.", "If memory ran out, lower the"
                                + " batch size or the image size.");
                        append(run, failed);
                        RunStatus.write(run, RunStatus.crashed(failed.cause(), failed.hint(), 137));
                        onEvent.accept(failed);
                        claim.close();
                        onExit.accept(new TrainingProcess.Exit(137, true, failed.cause(), failed.hint(), false));
                        return;
                    }
                    if (stop[0] && !(e instanceof RunEvent.Finished)) {
                        continue;
                    }
                    if (stop[0]) {
                        e = new RunEvent.Finished(RunOutcome.STOPPED, lastEpoch, lastTrain, lastVal, lastEpoch > 0
                                ? run.model().toString() : null, run.dir().toString(), 1.0, Map.of(),
                                "stopped on request");
                    }
                    if (e instanceof RunEvent.Epoch ep) {
                        lastEpoch = ep.epoch();
                        lastVal = ep.valAccuracy();
                        lastTrain = ep.accuracy();
                    }
                    if (e instanceof RunEvent.Finished f) {
                        if (f.epochsCompleted() > 0) {
                            Files.writeString(run.evaluation(), resource("evaluation.json", vars));
                        }
                        RunStatus.write(run, RunStatus.of(f));
                    }
                    append(run, e);
                    onEvent.accept(e);
                    played++;
                    if (hold != null && e instanceof RunEvent.Batch && hold.getCount() > 0) {
                        hold.await();
                    }
                    Thread.sleep(delayMillis);
                }
                claim.close();
                onExit.accept(new TrainingProcess.Exit(0, false, null, null, false));
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }, "replay");
        t.setDaemon(true);
        t.start();
        return () -> {
            stop[0] = true;
            if (hold != null) {
                while (hold.getCount() > 0) {
                    hold.countDown();
                }
            }
        };
    }

    private static void append(RunFolder run, RunEvent e) throws IOException {
        Files.writeString(run.events(), e.toJson() + "\n", StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
    }

    /**
     * A file of the recording with its paths filled in.
     *
     * @param name file name
     * @param vars placeholders and values
     * @return the text
     */
    public static String resource(String name, Map<String, String> vars) {
        try (InputStream in = ReplayLauncher.class.getResourceAsStream(BASE + name)) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            for (var v : vars.entrySet()) {
                text = text.replace(v.getKey(), v.getValue());
            }
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the recorded run's validation accuracy (what the replayed run must show everywhere) */
    public static double recordedValAccuracy() {
        return Json.COMPACT.fromJson(resource("status.json", Map.of()), RunStatus.class).valAccuracy();
    }
}
