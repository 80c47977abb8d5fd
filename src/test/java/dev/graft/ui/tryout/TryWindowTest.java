package dev.graft.ui.tryout;

import static dev.graft.testing.WorkbenchWindows.onFx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.core.run.RecipeField;
import dev.graft.core.run.RunOutcome;
import dev.graft.engine.train.TrainingRuns;
import dev.graft.testing.FileManagerDragboard;
import dev.graft.testing.Images;
import dev.graft.testing.ReplayLauncher;
import dev.graft.testing.TestData;
import dev.graft.testing.WorkbenchWindows;
import dev.graft.testing.WindowTest;
import dev.graft.ui.shell.WorkbenchViewModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javafx.event.Event;
import javafx.event.EventType;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.TabPane;
import javafx.scene.input.DragEvent;
import javafx.scene.input.Dragboard;
import javafx.scene.input.KeyCode;
import javafx.scene.input.TransferMode;
import org.junit.jupiter.api.Test;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Try tab in the real window (headless Monocle): a folder dropped as a file manager delivers
 * it is answered by the dataset's trained run, each image with its heat map, and a click on
 * another class shows that class's heat map.
 */
class TryWindowTest extends WindowTest {

    @Test
    void aDroppedFolderIsAnsweredWithHeatMapsAndAClassClickShowsItsOwn() throws Exception {
        Path data = TestData.emojiSubset(tmp.resolve("data"), 6, "animal", "food");
        Path runs = tmp.resolve("runs");
        assertEquals(RunOutcome.COMPLETED, TrainingRuns.train(TrainingRuns.quick(data).set(RecipeField.EPOCHS, 1)
                .build(), runs.resolve("first")).finished().status());
        Path drop = Files.createDirectories(tmp.resolve("Desktop").resolve("new pictures"));
        Files.copy(TestData.EMOJI.resolve("vehicle").resolve(Files.list(TestData.EMOJI.resolve("vehicle")).sorted()
                .findFirst().orElseThrow().getFileName()), drop.resolve("car.png"));
        Images.png(drop.resolve("noise.png"), 3, 120);
        Files.writeString(drop.resolve("readme.txt"), "not a picture");

        vm = WorkbenchWindows.open(runs, ReplayLauncher.quick(), data);
        WorkbenchWindows.waitUntil(() -> !vm.tryout().runs().isEmpty(), 60);
        robot.push(KeyCode.SHORTCUT, KeyCode.DIGIT7);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("Try", onFx(() -> ((TabPane) robot.lookup(".tab-pane").query()).getSelectionModel()
                .getSelectedItem().getText()));

        Node target = onFx(() -> robot.lookup("#tryRoot").query());
        TransferMode[] accepted = new TransferMode[1];
        robot.interact(() -> {
            Dragboard db = FileManagerDragboard.of(List.of(drop));
            Bounds b = target.localToScene(target.getBoundsInLocal());
            for (EventType<DragEvent> type : List.of(DragEvent.DRAG_ENTERED, DragEvent.DRAG_OVER,
                    DragEvent.DRAG_DROPPED, DragEvent.DRAG_EXITED)) {
                DragEvent e = new DragEvent(null, target, type, db, b.getCenterX(), b.getCenterY(), b.getCenterX(),
                        b.getCenterY(), TransferMode.COPY, null, null, null);
                Event.fireEvent(target, e);
                if (type == DragEvent.DRAG_OVER) {
                    accepted[0] = e.getAcceptedTransferMode();
                }
            }
        });
        assertEquals(TransferMode.COPY, accepted[0], "Try accepts files from the file manager");
        WorkbenchWindows.waitUntil(() -> vm.tryout().items().size() == 3
                && vm.tryout().items().stream().noneMatch(TryViewModel.Item::working), 120);
        TryViewModel.Item car = vm.tryout().items().stream().filter(i -> i.file().endsWith("car.png")).findFirst()
                .orElseThrow();
        assertNotNull(car.heat());
        TryViewModel.Item readme = vm.tryout().items().stream().filter(i -> i.file().endsWith("readme.txt"))
                .findFirst().orElseThrow();
        assertTrue(readme.error().contains("not an image"), readme.error());
        WorkbenchWindows.waitUntil(() -> robot.lookup("#tryHeat").queryAll().size() == 2, 30);

        String other = car.top().stream().map(TryViewModel.Guess::cls).filter(c -> !c.equals(car.explained()))
                .findFirst().orElseThrow();
        String row = "#" + dev.graft.ui.labelling.LabellingController.nodeId("tryItem-", "car.png");
        robot.interact(() -> ((Hyperlink) robot.lookup(row).lookup("#tryClass-" + other).query()).fire());
        WorkbenchWindows.waitUntil(() -> vm.tryout().items().stream().anyMatch(i -> i.file().endsWith("car.png")
                && other.equals(i.explained()) && !i.working()), 60);
    }
}
