package dev.graft.ui.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.core.run.Recipe;
import dev.graft.core.run.RecipeField;
import dev.graft.core.run.RunCheckpoints;
import dev.graft.core.run.RunClaim;
import dev.graft.core.run.RunEvent;
import dev.graft.core.run.RunOutcome;
import dev.graft.core.run.RunRecord;
import dev.graft.core.run.RunRecords;
import dev.graft.engine.inference.ImageClassifier;
import dev.graft.engine.process.TrainingProcess;
import dev.graft.testing.TestData;
import dev.graft.ui.common.Background;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run whose training process was killed after two epochs is not a dead end: Results offers its
 * best whole-epoch checkpoint as the run's model (and a resume and a retry), and adopting it gives a
 * run that predicts.
 */
class CrashedRunRescueTest {

    @TempDir
    Path tmp;

    @Test
    void aKilledRunsBestCheckpointBecomesItsModelOnRequest() throws Exception {
        Path data = TestData.emojiSubset(tmp.resolve("data"), 6, "animal", "food");
        Path runDir = tmp.resolve("run");
        Recipe recipe = Recipe.builder(data.toString()).set(RecipeField.FREEZE, "backbone")
                .set(RecipeField.IMAGE_SIZE, 64).set(RecipeField.BATCH_SIZE, 8).set(RecipeField.EPOCHS, 500)
                .set(RecipeField.DEVICE, "cpu").build();
        TrainingProcess worker = new TrainingProcess(recipe, RunClaim.claim(runDir, "killed"), false, List.of());
        List<Integer> saved = new ArrayList<>();
        TrainingProcess.Exit exit = worker.run((line, e) -> {
            if (e instanceof RunEvent.Checkpoint c && !c.partial()) {
                saved.add(c.epoch());
                if (saved.size() == 2) {
                    try {
                        new ProcessBuilder("bash", "-c", "kill -KILL " + worker.handle().pid()).start()
                                .waitFor(10, TimeUnit.SECONDS);
                    } catch (Exception ex) {
                        throw new IllegalStateException(ex);
                    }
                }
            }
        });
        assertTrue(exit.crashed(), "killed after epoch 2: " + exit);
        RunRecord crashed = RunRecords.read(runDir);
        assertEquals(RunOutcome.CRASHED, crashed.status());
        assertFalse(crashed.hasModel());

        ResultsViewModel vm = new ResultsViewModel(Background.sameThread());
        RunRecord[] shownAgain = new RunRecord[1];
        vm.connect(new ResultsViewModel.RunActions() {
            @Override
            public void resume(RunRecord run, RunCheckpoints.Saved from) {
            }

            @Override
            public void retry(RunRecord run) {
            }

            @Override
            public void shown(RunRecord run) {
                shownAgain[0] = run;
            }
        });
        vm.show(crashed, null);
        assertTrue(vm.headlineProperty().get().startsWith("This run has no model"), vm.headlineProperty().get());
        assertTrue(vm.rescueProperty().get().startsWith("Its checkpoints hold epochs 1–"), vm.rescueProperty().get());
        RunCheckpoints.Saved offered = vm.rescueCheckpointProperty().get();
        assertNotNull(offered);
        double bestOfAll = RunCheckpoints.wholeEpochs(crashed.folder()).stream()
                .mapToDouble(RunCheckpoints.Saved::valAccuracy).max().orElseThrow();
        assertEquals(bestOfAll, offered.valAccuracy(), "the best on validation is offered");
        assertTrue(vm.canRetryProperty().get());

        vm.adoptCheckpoint();

        assertNotNull(shownAgain[0], "the run is shown again with its model");
        assertTrue(shownAgain[0].hasModel());
        assertEquals(RunOutcome.CRASHED, shownAgain[0].status(), "how it ended is not rewritten");
        assertEquals(offered.dir().getFileName().toString(), shownAgain[0].modelFrom());
        assertEquals(offered.valAccuracy(), shownAgain[0].valAccuracy());
        assertTrue(Files.isDirectory(crashed.folder().model()));
        try (ImageClassifier classifier = ImageClassifier.open(runDir)) {
            assertEquals(List.of("animal", "food"), classifier.classes(), "the adopted model predicts");
        }
    }
}
