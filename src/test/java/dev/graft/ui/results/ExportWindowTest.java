package dev.graft.ui.results;

import static dev.graft.testing.WorkbenchWindows.onFx;
import static dev.graft.testing.WorkbenchWindows.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.core.run.RunRecords;
import dev.graft.engine.train.TrainingRuns;
import dev.graft.testing.ReplayLauncher;
import dev.graft.testing.TestData;
import dev.graft.testing.WorkbenchWindows;
import dev.graft.ui.shell.WorkbenchViewModel;
import java.nio.file.Files;
import java.nio.file.Path;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;

/** Export from the Results view of the real window (headless Monocle): pick a format, press Export…. */
class ExportWindowTest {

    @TempDir
    Path tmp;

    private final FxRobot robot = new FxRobot();
    private WorkbenchViewModel vm;
    private java.util.function.Function<javafx.stage.Window, Path> realChooser;

    @BeforeAll
    static void toolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    @AfterEach
    void close() throws Exception {
        if (realChooser != null) {
            ResultsController.folderChooser = realChooser;
        }
        if (vm != null) {
            robot.interact(() -> {
                vm.stop();
                vm.shutdown();
            });
        }
        FxToolkit.cleanupStages();
    }

    @Test
    void theWebPageIsExportedFromResultsAndTheWindowSaysWhere() throws Exception {
        Path data = TestData.emojiSubset(tmp.resolve("data"), 6, "animal", "food");
        Path run = tmp.resolve("runs/first");
        TrainingRuns.train(TrainingRuns.quick(data).build(), run);
        vm = WorkbenchWindows.open(tmp.resolve("runs"), ReplayLauncher.quick(), data);
        robot.interact(() -> vm.results().show(RunRecords.read(run), null));
        robot.push(KeyCode.SHORTCUT, KeyCode.DIGIT4);
        waitUntil(() -> !robot.lookup("#exportModel").queryButton().isDisabled(), 60);

        WorkbenchWindows.scrollIntoView(robot, "#exportFormat");
        robot.clickOn("#exportFormat");
        robot.clickOn("Web page");
        waitUntil(() -> vm.results().exporter().formatProperty().get() == dev.graft.engine.export.ExportFormat.WEB,
                30);
        Path picked = tmp.resolve("exports");
        realChooser = ResultsController.folderChooser;
        ResultsController.folderChooser = window -> picked;
        WorkbenchWindows.scrollIntoView(robot, "#exportModel");
        robot.clickOn("#exportModel");

        waitUntil(() -> robot.lookup("#openExport").tryQuery().map(javafx.scene.Node::isVisible).orElse(false), 120);
        String message = onFx(() -> robot.lookup("#exportMessage").queryAs(Label.class).getText());
        assertTrue(message.startsWith("Exported as Web page to " + picked.toAbsolutePath())
                && message.contains("graft serve"), message);
        assertTrue(onFx(() -> robot.lookup("#exportMessage").queryAs(Label.class).getStyleClass().contains("success")));
        assertTrue(Files.isRegularFile(picked.resolve("index.html")));
        assertTrue(Files.isRegularFile(picked.resolve("model.onnx")));
        assertEquals(picked.toAbsolutePath(), vm.results().exporter().exportedProperty().get());
    }
}
