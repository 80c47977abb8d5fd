package dev.graft.ui.shell;

import static dev.graft.testing.WorkbenchWindows.onFx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.testing.ReplayLauncher;
import dev.graft.testing.TestData;
import dev.graft.testing.WorkbenchWindows;
import dev.graft.ui.training.RunState;
import dev.graft.ui.training.TrainingLauncher;
import dev.graft.ui.training.TrainingMessages;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.function.BooleanSupplier;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import org.controlsfx.control.StatusBar;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The real window in headless Monocle, driven as a person would; a fresh window for every test.
 * Training is a recorded run played back where the engine is not the point; one test trains for
 * real in a child process.
 */
class WorkbenchTest {

    @TempDir
    Path tmp;

    private final FxRobot robot = new FxRobot();
    private WorkbenchViewModel vm;

    @BeforeAll
    static void toolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    @AfterEach
    void close() throws Exception {
        if (vm != null) {
            robot.interact(vm::stop); // its properties are bound to the window: changed on the FX thread
        }
        FxToolkit.cleanupStages();
    }

    /** Opens a new window on a fresh dataset with the given way of training. */
    private Path open(TrainingLauncher launcher) throws Exception {
        Path data = TestData.emojiSubset(tmp.resolve("data"), 8, "animal", "food", "vehicle");
        vm = WorkbenchWindows.open(tmp.resolve("runs"), launcher, data);
        waitUntil(() -> text("#trainableStatus").contains("parameters train"), 300);
        waitUntil(() -> text("#datasetSummary").contains("3 classes"), 60);
        try {
            waitUntil(() -> !disabled("#train"), 60);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("Train stayed disabled: " + vm.trainBlockerBinding().get(), e);
        }
        return data;
    }

    static void waitUntil(BooleanSupplier condition, int seconds) throws Exception {
        WorkbenchWindows.waitUntil(condition, seconds);
    }

    /** Replaces a field's text as a person does: select all, type. */
    private void type(String query, String value) {
        robot.clickOn(query).push(KeyCode.SHORTCUT, KeyCode.A).write(value);
    }

    private String text(String query) {
        return onFx(() -> robot.lookup(query).queryAs(Label.class).getText());
    }

    private String status() {
        return onFx(() -> robot.lookup("#statusBar").queryAs(StatusBar.class).getText());
    }

    private boolean disabled(String query) {
        return onFx(() -> robot.lookup(query).queryButton().isDisabled());
    }

    @Test
    void tickingAStageOnTheTreeChangesWhatTrainsEverywhere() throws Exception {
        open(ReplayLauncher.quick());
        String before = text("#trainSummary");
        // the status bar shows the same live count, without the words
        assertTrue(before.startsWith(text("#trainableStatus").replace(" train", " will train")), before);
        robot.clickOn("#presetFull");
        WaitForAsyncUtils.waitForFxEvents();
        assertNotEquals(before, text("#trainSummary"));
        assertTrue(text("#trainSummary").startsWith(text("#trainableStatus").replace(" train", " will train")));
        assertTrue(text("#trainSummary").endsWith("· full fine-tuning"), text("#trainSummary"));
        robot.clickOn("#presetHead");
        robot.clickOn("#train-stage7");
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(onFx(() -> robot.lookup("#train-stage7").queryAs(CheckBox.class).isSelected()));
        assertTrue(onFx(() -> robot.lookup("#train-model").queryAs(CheckBox.class).isIndeterminate()), "partial parent");
        assertNotEquals(before, text("#trainableStatus"), "ticking stage7 adds its parameters");
    }

    @Test
    void aReplayedRunFillsTheChartsAndEveryViewTellsTheSameResult() throws Exception {
        open(ReplayLauncher.quick());
        robot.push(KeyCode.SHORTCUT, KeyCode.DIGIT3); // the Train tab, by its shortcut
        type("#epochs", "4");
        type("#runName", "shown everywhere");
        robot.clickOn("#train");
        waitUntil(() -> vm.training().stateProperty().get() == RunState.COMPLETED, 60);
        WaitForAsyncUtils.waitForFxEvents();

        LineChart<?, ?> loss = onFx(() -> robot.lookup("#lossChart").queryAs(LineChart.class));
        assertTrue(onFx(() -> loss.getData().get(0).getData().size()) >= 4, "batch points on the loss chart");
        assertEquals(4, onFx(() -> loss.getData().get(1).getData().size()), "one validation point per epoch");
        NumberAxis epochs = (NumberAxis) loss.getXAxis();
        assertEquals(4.0, epochs.getUpperBound());
        assertEquals(1.0, epochs.getTickUnit(), "whole epochs");
        assertEquals(1.0, ((NumberAxis) onFx(() -> robot.lookup("#accuracyChart").queryAs(LineChart.class)).getYAxis())
                .getUpperBound(), "accuracy is 0-100 %");

        String acc = TrainingMessages.accuracy(ReplayLauncher.recordedValAccuracy());
        String done = "Run 'shown everywhere' done: 4 epochs · validation accuracy " + acc;
        assertEquals(done, status());
        assertEquals(done, text("#trainMessage"));
        assertEquals("", text("#progressText"), "no ETA left after the run");
        waitUntil(() -> text("#resultsHeadline").startsWith("Validation accuracy"), 30);
        assertEquals("Run 'shown everywhere'", text("#resultsTitle"));
        assertTrue(text("#resultsHeadline").startsWith("Validation accuracy " + acc), text("#resultsHeadline"));
        robot.push(KeyCode.SHORTCUT, KeyCode.DIGIT5);
        @SuppressWarnings("unchecked")
        ListView<Object> runs = onFx(() -> robot.lookup("#runList").queryAs(ListView.class));
        waitUntil(() -> runs.getItems().size() == 1, 30);
        assertTrue(onFx(() -> runs.getItems().get(0).toString()).contains("shown everywhere"));
    }

    @Test
    void stopEndsTheRunAndSaysWhichModelItKept() throws Exception {
        CountDownLatch hold = new CountDownLatch(1);
        open(new ReplayLauncher(5, -1, hold));
        robot.push(KeyCode.SHORTCUT, KeyCode.DIGIT3);
        robot.clickOn("#train");
        waitUntil(() -> text("#progressText").startsWith("Epoch"), 60);
        assertTrue(text("#progressText").contains("ETA"));
        robot.clickOn("#stop");
        waitUntil(() -> vm.training().stateProperty().get() == RunState.STOPPED, 60);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(text("#trainMessage").contains("stopped (on request) before its first epoch finished: no"
                + " model was saved"), text("#trainMessage"));
        assertEquals(text("#trainMessage"), status());
        assertEquals("", text("#progressText"), "the ETA goes with the run");
        assertFalse(text("#trainMessage").contains("NaN"));
        waitUntil(() -> !disabled("#train"), 30);
    }

    @Test
    void aKilledTrainingProcessLeavesTheWindowUsable() throws Exception {
        open(new ReplayLauncher(5, 12, null));
        robot.push(KeyCode.SHORTCUT, KeyCode.DIGIT3);
        type("#epochs", "500");
        robot.clickOn("#train");
        waitUntil(() -> vm.training().stateProperty().get() == RunState.FAILED, 60);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(text("#trainMessage").contains("SIGKILL"), text("#trainMessage"));
        assertTrue(text("#trainHint").contains("batch size"), text("#trainHint"));
        assertEquals("500", onFx(() -> robot.lookup("#epochs").queryAs(TextField.class).getText()), "settings are kept");
        assertFalse(disabled("#train"), "Train is offered again");
        assertEquals(0.0, onFx(() -> robot.lookup("#trainProgress").queryAs(javafx.scene.control.ProgressBar.class)
                .getProgress()), "the bar does not keep animating");
    }

    @Test
    void aBadFieldDisablesTrainWithTheReasonInTheFormsWords() throws Exception {
        open(ReplayLauncher.quick());
        robot.push(KeyCode.SHORTCUT, KeyCode.DIGIT3);
        type("#epochs", "0");
        type("#lr", "fast");
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(disabled("#train"));
        assertEquals("Epochs must be between 1 and 10000: 0\nLearning rate must be a number", text("#recipeErrors"));
        assertEquals("Fix the recipe: Epochs must be between 1 and 10000: 0; Learning rate must be a number.",
                text("#trainBlocker"));
        type("#epochs", "3");
        type("#lr", "0.01");
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(disabled("#train"));
        assertEquals("", text("#trainBlocker"));
    }

    @Test
    void aModelThatIsNotDownloadedCannotBeTrainedAndSaysWhy() throws Exception {
        open(ReplayLauncher.quick());
        robot.clickOn("#modelSearch").write("ResNet-18 features");
        @SuppressWarnings("unchecked")
        ListView<Object> models = onFx(() -> robot.lookup("#modelList").queryAs(ListView.class));
        waitUntil(() -> models.getItems().size() == 1, 10);
        robot.interact(() -> models.getSelectionModel().select(0));
        WaitForAsyncUtils.waitForFxEvents();
        // reading its card changes nothing: the working model, its tree and Train stay
        assertFalse(disabled("#train"), "browsing a card keeps the working model");
        assertFalse(onFx(() -> robot.lookup("#layersUnavailable").query().isVisible()));
        assertTrue(disabled("#useModel"), "a model that is not downloaded cannot be used");
        // tests point the zoo at a closed port: the card says so and names the missing file
        assertTrue(text("#modelStatus").contains("resnet18_embedding.zip") && text("#modelStatus").contains(
                "Download it first"), text("#modelStatus"));
        // chosen anyway (as a run's recipe would choose it): Train says why not, in full
        robot.interact(() -> vm.models().selectedProperty().set(vm.models().viewedProperty().get()));
        waitUntil(() -> disabled("#train"), 10);
        assertTrue(text("#trainBlocker").contains("is not downloaded")
                && text("#trainBlocker").contains("resnet18_embedding.zip"), text("#trainBlocker"));
        assertEquals(text("#trainBlocker"), text("#layersUnavailable"), "no stale tree: the reason instead");
        robot.clickOn("#modelSearch").push(KeyCode.SHORTCUT, KeyCode.A).push(KeyCode.BACK_SPACE);
        robot.interact(() -> models.getSelectionModel().select(0));
        robot.clickOn("#useModel");
        waitUntil(() -> !disabled("#train"), 60);
        assertFalse(onFx(() -> robot.lookup("#layersUnavailable").query().isVisible()));
    }

    @Test
    void aRealTrainingProcessTrainsAndTheResultsNameItsRun() throws Exception {
        open(TrainingLauncher.childProcess());
        robot.push(KeyCode.SHORTCUT, KeyCode.DIGIT3);
        type("#imageSize", "64");
        type("#epochs", "2");
        type("#batchSize", "8");
        robot.clickOn("#train");
        waitUntil(() -> vm.training().stateProperty().get() == RunState.COMPLETED
                || vm.training().stateProperty().get() == RunState.FAILED, 900);
        assertEquals(RunState.COMPLETED, vm.training().stateProperty().get(), text("#trainMessage"));
        waitUntil(() -> text("#resultsHeadline").startsWith("Validation accuracy"), 60);
        // the layer tree starts at the engine's default, and the run's recipe says what it was
        assertEquals("Run 'mobilenet_v2 last 2 stages'", text("#resultsTitle"));
        assertTrue(text("#resultsDetails").startsWith("mobilenet_v2 last 2 stages, 2 epochs"),
                text("#resultsDetails"));
    }
}
