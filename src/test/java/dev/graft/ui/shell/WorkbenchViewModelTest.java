package dev.graft.ui.shell;

import dev.graft.core.run.RecipeField;
import dev.graft.core.run.RunRecord;
import dev.graft.core.run.Recipe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.core.model.CatalogueEntry;
import dev.graft.core.run.RunClaim;
import dev.graft.core.run.RunNames;
import dev.graft.engine.catalogue.ModelCatalogue;
import dev.graft.engine.catalogue.NetworkPreview;
import dev.graft.testing.ReplayLauncher;
import dev.graft.testing.TestData;
import dev.graft.testing.Workbenches;
import dev.graft.ui.common.Background;
import dev.graft.ui.engine.EngineService;
import dev.graft.ui.engine.EngineViewModel;
import dev.graft.ui.history.HistoryViewModel;
import dev.graft.ui.training.RunState;
import dev.graft.ui.training.TrainingMessages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole workbench without a toolkit: the real engine builds layer trees, real folders are
 * scanned, and training is a recorded run played back. Checks that Train is offered exactly when
 * it can work (with the reason in full when not) and that every view tells the same truth.
 */
class WorkbenchViewModelTest {

    @TempDir
    Path tmp;

    private WorkbenchViewModel workbench() {
        return Workbenches.replaying(tmp.resolve("runs"));
    }

    private static void drainUntilDone(WorkbenchViewModel vm) throws Exception {
        Workbenches.drainUntilDone(vm);
    }

    @Test
    void trainIsOfferedExactlyWhenItCanWorkAndOtherwiseSaysWhyInFull() throws Exception {
        WorkbenchViewModel vm = workbench();
        vm.loadPreview();
        assertEquals("Open a dataset first (Ctrl+O).", vm.trainBlockerBinding().get());

        Path one = TestData.emojiSubset(tmp.resolve("one"), 3, "animal");
        vm.openDataset(one);
        assertTrue(vm.trainBlockerBinding().get().contains("at least two class folders"),
                vm.trainBlockerBinding().get());

        Path data = TestData.emojiSubset(tmp.resolve("data"), 8, "animal", "food", "vehicle");
        vm.openDataset(data);
        assertNull(vm.trainBlockerBinding().get(), vm.trainBlockerBinding().get());
        assertTrue(vm.canTrainBinding().get());

        CatalogueEntry zoo = vm.models().visibleModels().stream().filter(e -> e.kind().equals("zoo")).findFirst()
                .orElseThrow();
        vm.models().selectedProperty().set(zoo);
        String why = vm.trainBlockerBinding().get();
        assertTrue(why.startsWith(zoo.name() + " is not downloaded yet: press Download"), why);
        assertNull(vm.layers().rootProperty().get(), "the old model's tree does not stay on screen");
        assertEquals(why, vm.layers().unavailableProperty().get());

        vm.models().selectedProperty().set(ModelCatalogue.entries().get(0));
        assertNull(vm.trainBlockerBinding().get(), "switching back clears the problem");
        assertNotNull(vm.layers().rootProperty().get());

        vm.recipe().text(RecipeField.EPOCHS).set("zero");
        assertEquals("Fix the recipe: Epochs must be a whole number.", vm.trainBlockerBinding().get());
        vm.recipe().text(RecipeField.EPOCHS).set("4");
        assertTrue(vm.canTrainBinding().get());
    }

    @Test
    void theWholeRunsTimeIsEstimatedBeforeTrainFromAnEarlierRunOfTheSameKind() throws Exception {
        // a data folder of its own: the speeds file must start empty
        String home = System.getProperty(dev.graft.core.run.RunLocations.DATA_HOME_PROPERTY);
        System.setProperty(dev.graft.core.run.RunLocations.DATA_HOME_PROPERTY, tmp.resolve("home").toString());
        try {
            estimates();
        } finally {
            System.setProperty(dev.graft.core.run.RunLocations.DATA_HOME_PROPERTY, home);
        }
    }

    private void estimates() throws Exception {
        WorkbenchViewModel vm = workbench();
        vm.loadPreview();
        Path data = TestData.emojiSubset(tmp.resolve("data"), 8, "animal", "food", "vehicle");
        vm.openDataset(data);
        assertTrue(vm.canTrainBinding().get());
        vm.recipe().text(RecipeField.IMAGE_SIZE).set("112");
        assertEquals("", vm.estimateProperty().get(), "24 images and nothing measured: nothing to say");
        dev.graft.core.run.Recipe recipe = vm.recipe().recipe(data.toString(),
                vm.models().selectedProperty().get().id(), vm.layers().freezeArgument(), vm.layers().trainLastChoice());
        dev.graft.core.run.RunSpeeds.user().record(recipe, new dev.graft.core.run.RunSpeeds.Speed(3, 0.5, 0.1, 500));

        vm.recipe().text(RecipeField.EPOCHS).set("10"); // any change of the form recomputes it
        // 3 s + 0.5 s × 24 images + 0.1 s × 10 epochs × 19 training images (a fifth validates)
        assertEquals("Estimated time: about 34 s (measured on this machine in an earlier run of this recipe on 500"
                + " images).", vm.estimateProperty().get());
        vm.recipe().text(RecipeField.IMAGE_SIZE).set("128");
        assertEquals("", vm.estimateProperty().get(), "another image size has not been measured");
    }

    @Test
    void theLayerChoiceSurvivesAnotherDatasetAndAResetIsAnnounced() throws Exception {
        WorkbenchViewModel vm = workbench();
        vm.openDataset(TestData.emojiSubset(tmp.resolve("a"), 3, "animal", "food"));
        vm.layers().trainLast(1); // not the default: the default would look kept after a reset too
        String choice = vm.layers().freezeArgument();
        assertEquals("last 1 stage", vm.layers().choiceInWords());

        vm.openDataset(TestData.emojiSubset(tmp.resolve("b"), 3, "animal", "food", "vehicle"));

        assertEquals(choice, vm.layers().freezeArgument(), "same network, new head: the choice is kept");
        assertEquals(3, vm.layers().rootProperty().get().children().stream()
                .filter(c -> c.name().equals("head")).findFirst().orElseThrow().outputShape()[0]);
    }

    @Test
    void aFinishedRunIsDescribedTheSameInStatusTrainingResultsAndHistory() throws Exception {
        WorkbenchViewModel vm = workbench();
        Path data = TestData.emojiSubset(tmp.resolve("data"), 8, "animal", "food", "vehicle");
        vm.openDataset(data);
        vm.recipe().text(RecipeField.EPOCHS).set("4");
        vm.recipe().runNameProperty().set("my first run");

        vm.train();
        assertTrue(vm.statusProperty().get().startsWith("Training run 'my first run'"), vm.statusProperty().get());
        drainUntilDone(vm);

        assertEquals(RunState.COMPLETED, vm.training().stateProperty().get(), vm.training().messageProperty().get());
        String acc = TrainingMessages.accuracy(ReplayLauncher.recordedValAccuracy());
        String done = "Run 'my first run' done: 4 epochs · validation accuracy " + acc;
        assertEquals(done, vm.statusProperty().get());
        assertEquals(done, vm.training().messageProperty().get());
        assertEquals("Run 'my first run'", vm.results().titleProperty().get());
        assertTrue(vm.results().headlineProperty().get().startsWith("Validation accuracy " + acc),
                vm.results().headlineProperty().get());
        assertEquals(1, vm.history().runs().size());
        assertEquals("4 epochs · validation " + acc, HistoryViewModel.outcome(vm.history().runs().get(0)));

        // an earlier run shown from History says so in the status bar, with its own number
        vm.showEarlierRun(vm.history().runs().get(0));
        assertTrue(vm.statusProperty().get().startsWith("Showing the results of run 'my first run' · 4 epochs"
                + " · validation " + acc), vm.statusProperty().get());

        // coming back later to label more: the newest run with a model pre-sorts the inbox at once
        WorkbenchViewModel later = workbench();
        assertFalse(later.labelling().modelInfoProperty().get().startsWith("Run"));
        later.openDataset(data);
        assertTrue(later.labelling().modelInfoProperty().get().startsWith("Run 'my first run'"),
                later.labelling().modelInfoProperty().get());
        later.openDataset(TestData.emojiSubset(tmp.resolve("unrelated"), 3, "animal", "food"));
        assertTrue(later.labelling().modelInfoProperty().get().startsWith("Train a model"),
                "another dataset's run does not pre-sort this one: " + later.labelling().modelInfoProperty().get());

        // another dataset: the old dataset's results do not stay on screen as if they were its own
        vm.openDataset(TestData.emojiSubset(tmp.resolve("other"), 3, "animal", "food"));
        assertNull(vm.results().evaluationProperty().get());
        assertTrue(vm.results().titleProperty().get().startsWith("No results for other yet"));
        assertFalse(Files.exists(tmp.resolve("other/runs")), "nothing was written into a dataset");
    }

    @Test
    void trainAgainStartsANewRunWithTheEarlierRunsWholeRecipe() throws Exception {
        WorkbenchViewModel vm = workbench();
        Path data = TestData.emojiSubset(tmp.resolve("data"), 8, "animal", "food", "vehicle");
        vm.openDataset(data);
        vm.layers().trainLast(1);
        vm.recipe().text(RecipeField.EPOCHS).set("4");
        vm.recipe().text(RecipeField.SEED).set("7");
        vm.train();
        drainUntilDone(vm);
        RunRecord first = vm.history().runs().get(0);
        assertEquals("mobilenet_v2 last 1 stage", first.name(), "named after what it trains");
        // a setting the form does not show, as `graft train --views 2` would have recorded it
        Recipe recorded = first.recipe().toBuilder().set(RecipeField.VIEWS, 2).build();
        Files.writeString(first.folder().recipe(), dev.graft.core.run.RecipeJson.write(recorded));
        vm.history().refresh(data);

        vm.layers().featureExtractor();
        vm.recipe().text(RecipeField.EPOCHS).set("9");
        vm.recipe().text(RecipeField.SEED).set("1");
        vm.trainAgain(vm.history().runs().get(0));
        drainUntilDone(vm);

        List<RunRecord> runs = vm.history().runs();
        assertEquals(2, runs.size());
        Recipe again = runs.get(0).recipe();
        assertEquals(1, again.trainLast(), "the earlier run's layer choice");
        assertEquals(4, again.epochs());
        assertEquals(7L, again.seed());
        assertEquals(2, again.views(), "also what the form does not show");
        assertEquals("last 1 stage", vm.layers().choiceInWords(), "the window shows what the new run trains");
        assertEquals("4", vm.recipe().text(RecipeField.EPOCHS).get());
        assertTrue(vm.recipe().carriedProperty().get().contains("augmented views per image 2"),
                vm.recipe().carriedProperty().get());
    }

    @Test
    void aCannotTrainMessageLeavesTheStatusBarWhenItsReasonIsFixed() throws Exception {
        WorkbenchViewModel vm = workbench();
        vm.openDataset(TestData.emojiSubset(tmp.resolve("data"), 3, "animal", "food"));
        vm.loadPreview();
        vm.recipe().text(RecipeField.EPOCHS).set("zero");
        vm.train();
        assertEquals("Cannot train yet: Fix the recipe: Epochs must be a whole number.", vm.statusProperty().get());
        vm.recipe().text(RecipeField.BATCH_SIZE).set("0");
        assertTrue(vm.statusProperty().get().startsWith("Cannot train yet: Fix the recipe: Epochs must be a whole"
                + " number; Batch size"), "a changed reason is said in full: " + vm.statusProperty().get());
        vm.recipe().text(RecipeField.EPOCHS).set("4");
        vm.recipe().text(RecipeField.BATCH_SIZE).set("8");
        assertEquals("Ready to train: press Train (Ctrl+Enter)", vm.statusProperty().get());
        vm.say("something else");
        vm.recipe().text(RecipeField.EPOCHS).set("zero");
        assertEquals("something else", vm.statusProperty().get(), "other messages are not replaced");
    }

    @Test
    void whileARunTrainsTheModelAndTheLayerChoiceAreLocked() throws Exception {
        WorkbenchViewModel vm = workbench();
        vm.openDataset(TestData.emojiSubset(tmp.resolve("data"), 3, "animal", "food"));
        vm.loadPreview();
        assertFalse(vm.layers().lockedProperty().get());
        vm.train();
        assertTrue(vm.training().busyProperty().get());
        assertTrue(vm.layers().lockedProperty().get());
        assertTrue(vm.models().lockedProperty().get());
        Path model = Files.writeString(tmp.resolve("another.pt"), "not looked at: the choice is locked");
        IllegalArgumentException refused = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class, () -> vm.models().addLocal(model));
        assertEquals(dev.graft.ui.models.ModelBrowserViewModel.LOCKED, refused.getMessage());
        drainUntilDone(vm);
        assertFalse(vm.layers().lockedProperty().get(), "unlocked when the run has ended");
        assertFalse(vm.models().lockedProperty().get());
    }
}
