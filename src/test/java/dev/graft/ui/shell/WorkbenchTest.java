package dev.graft.ui.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.testing.TestData;
import dev.graft.ui.GraftApp;
import dev.graft.ui.training.RunState;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javafx.scene.chart.LineChart;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.TreeView;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** The real window in headless Monocle, driven as a person would. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WorkbenchTest {

    @TempDir
    static Path tmp;

    private static final FxRobot ROBOT = new FxRobot();

    @BeforeAll
    static void openWindow() throws Exception {
        Path data = TestData.emojiSubset(tmp.resolve("data"), 6, "animal", "food");
        System.setProperty("graft.dataset", data.toString());
        System.setProperty("graft.dataHome", tmp.resolve("data-home").toString());
        Stage stage = FxToolkit.registerPrimaryStage();
        FxToolkit.setupApplication(GraftApp.class);
        waitUntil(() -> ROBOT.lookup("#trainSummary").queryAs(Label.class).getText().contains("will train"), 120);
        waitUntil(() -> ROBOT.lookup("#datasetSummary").queryAs(Label.class).getText().contains("2 classes"), 60);
        assertTrue(stage.isShowing());
    }

    @AfterAll
    static void closeWindow() throws Exception {
        FxToolkit.cleanupStages();
    }

    static void waitUntil(BooleanSupplier condition, int seconds) throws Exception {
        WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, condition::getAsBoolean);
    }

    /** The training worker: the JVM this test's JVM started (its long command line may be cut). */
    private static java.util.Optional<ProcessHandle> worker() {
        return ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().orElse("").endsWith("java")).findFirst();
    }

    /** Replaces a field's text as a person does: select all, type. */
    private static void type(String query, String value) {
        ROBOT.clickOn(query).push(KeyCode.SHORTCUT, KeyCode.A).write(value);
    }

    private static String text(String query) {
        return ROBOT.lookup(query).queryAs(Label.class).getText();
    }

    @Test
    @Order(1)
    void freezingOnTheTreeChangesTheSummary() throws Exception {
        String before = text("#trainSummary");
        ROBOT.clickOn("#presetFull");
        WaitForAsyncUtils.waitForFxEvents();
        String full = text("#trainSummary");
        assertNotEquals(before, full);
        ROBOT.clickOn("#presetHead");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(before, text("#trainSummary"));
        TreeView<?> tree = ROBOT.lookup("#layerTree").queryAs(TreeView.class);
        assertTrue(tree.getRoot().getChildren().size() >= 9, "stages and head are listed");
        // tick the check box of the "stage7" row, as a person would
        javafx.scene.Node name = ROBOT.lookup("#layerTree").lookup((javafx.scene.Node n) -> n instanceof Label
                && "stage7".equals(((Label) n).getText())).query();
        javafx.scene.control.CheckBox box = (javafx.scene.control.CheckBox) ((javafx.scene.layout.HBox) name
                .getParent()).getChildren().get(0);
        ROBOT.clickOn(box);
        WaitForAsyncUtils.waitForFxEvents();
        String withStage7 = text("#trainSummary");
        assertNotEquals(before, withStage7, "ticking stage7 adds its parameters");
        assertTrue(box.isSelected());
        javafx.scene.control.CheckBox rootBox = (javafx.scene.control.CheckBox) ((javafx.scene.layout.HBox)
                ROBOT.lookup("#layerTree").lookup((javafx.scene.Node n) -> n instanceof Label
                        && "model".equals(((Label) n).getText())).query().getParent()).getChildren().get(0);
        assertTrue(rootBox.isIndeterminate(), "the model node shows a partial state");
        ROBOT.clickOn("#presetHead");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(before, text("#trainSummary"));
    }

    @Test
    @Order(2)
    void trainingMovesTheChartsAndShowsResults() throws Exception {
        ROBOT.push(KeyCode.SHORTCUT, KeyCode.DIGIT3); // the Train tab, by its shortcut
        type("#imageSize", "64");
        type("#epochs", "2");
        type("#batchSize", "8");
        assertEquals("2", ROBOT.lookup("#epochs").queryAs(TextField.class).getText());
        assertEquals("64", ROBOT.lookup("#imageSize").queryAs(TextField.class).getText());
        ROBOT.clickOn("#train");
        ShellControllerAccess access = new ShellControllerAccess();
        waitUntil(() -> access.state() == RunState.COMPLETED || access.state() == RunState.FAILED, 180);
        assertEquals(RunState.COMPLETED, access.state(), text("#trainMessage"));
        LineChart<?, ?> loss = ROBOT.lookup("#lossChart").queryAs(LineChart.class);
        assertTrue(loss.getData().get(0).getData().size() >= 2, "batch points on the loss chart");
        assertEquals(2, loss.getData().get(1).getData().size(), "one validation point per epoch");
        waitUntil(() -> text("#resultsHeadline").startsWith("Validation accuracy"), 30);
    }

    @Test
    @Order(3)
    void stopEndsTheRunWithACheckpoint() throws Exception {
        ROBOT.push(KeyCode.SHORTCUT, KeyCode.DIGIT3);
        type("#epochs", "500");
        ROBOT.clickOn("#train");
        waitUntil(() -> text("#progressText").startsWith("Epoch"), 120);
        ROBOT.clickOn("#stop");
        waitUntil(() -> text("#trainMessage").startsWith("Stopped"), 120);
        assertTrue(text("#trainMessage").matches("Stopped after \\d+ epochs?.*"), text("#trainMessage"));
    }

    @Test
    @Order(4)
    void aKilledTrainingProcessLeavesTheWindowUsable() throws Exception {
        ROBOT.push(KeyCode.SHORTCUT, KeyCode.DIGIT3);
        type("#epochs", "500");
        ROBOT.clickOn("#train");
        waitUntil(() -> worker().isPresent() && text("#progressText").startsWith("Epoch"), 120);
        worker().orElseThrow().destroyForcibly();
        waitUntil(() -> text("#trainMessage").contains("killed"), 60);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(text("#trainMessage").contains("SIGKILL"), text("#trainMessage"));
        assertEquals("500", ROBOT.lookup("#epochs").queryAs(TextField.class).getText(), "settings are kept");
        assertTrue(!ROBOT.lookup("#train").queryButton().isDisabled(), "Train is offered again");
    }

    /** Reads the training state from the window's controller through the scene graph. */
    private static final class ShellControllerAccess {
        RunState state() {
            Label message = ROBOT.lookup("#trainMessage").queryAs(Label.class);
            String m = message.getText();
            if (m.startsWith("Done")) {
                return RunState.COMPLETED;
            }
            if (message.getStyle().contains("danger")) {
                return RunState.FAILED;
            }
            return RunState.RUNNING;
        }
    }
}
