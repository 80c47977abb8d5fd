package dev.graft.engine.train;

import dev.graft.core.run.RecipeField;

import dev.graft.core.run.Recipe;
import dev.graft.core.run.RunClaim;
import dev.graft.core.run.RunEvent;
import dev.graft.core.run.StopSignal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs real training in the test JVM and keeps its events. */
public final class TrainingRuns {

    private TrainingRuns() {}

    /**
     * A finished run and its events.
     *
     * @param finished the finished event
     * @param events all events
     */
    public record Result(RunEvent.Finished finished, List<RunEvent> events) {}

    /**
     * Trains.
     *
     * @param recipe the recipe
     * @param runDir run folder
     * @return what happened
     * @throws Exception if training fails
     */
    public static Result train(Recipe recipe, Path runDir) throws Exception {
        List<RunEvent> events = new ArrayList<>();
        try (RunClaim claim = RunClaim.claim(runDir, "test run")) {
            RunEvent.Finished finished = new FineTuner(recipe, claim.folder(), "test run", events::add,
                    new StopSignal()).run();
            return new Result(finished, events);
        }
    }

    /**
     * A quick recipe: 64 px, small batches, few epochs, no style views (each is one more backbone
     * pass per image), the head only (the default also trains backbone stages after a 30-epoch
     * warm-up; tests that mean that say so).
     *
     * @param data dataset folder
     * @return the builder
     */
    public static dev.graft.core.run.RecipeBuilder quick(Path data) {
        return Recipe.builder(data.toString()).set(RecipeField.IMAGE_SIZE, 64).set(RecipeField.BATCH_SIZE, 8).set(RecipeField.EPOCHS, 2).set(RecipeField.DEVICE, "cpu").set(RecipeField.VIEWS, 0)
                .set(RecipeField.FREEZE, "backbone");
    }
}
