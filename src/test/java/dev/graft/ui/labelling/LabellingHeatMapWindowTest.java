package dev.graft.ui.labelling;

import static dev.graft.testing.WorkbenchWindows.onFx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.core.run.RecipeField;
import dev.graft.core.run.RunOutcome;
import dev.graft.engine.train.TrainingRuns;
import dev.graft.testing.ReplayLauncher;
import dev.graft.testing.TestData;
import dev.graft.testing.WindowTest;
import dev.graft.testing.WorkbenchWindows;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.control.ToggleButton;
import javafx.scene.image.ImageView;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.Image;
import javafx.scene.input.KeyCode;
import javafx.event.Event;
import javafx.geometry.Bounds;
import javafx.scene.input.ContextMenuEvent;
import org.junit.jupiter.api.Test;
import org.testfx.util.WaitForAsyncUtils;

/**
 * "Where did it look?" in the Label tab, in the real window (headless Monocle) with a real run
 * trained on the emoji sample: a pre-sorted inbox image's menu opens its heat map for the predicted
 * class, another class's button shows that class's, the opacity slider fades it, H opens it for the
 * selected image, and an image deleted since it was sorted gets a sentence, not a crash.
 */
class LabellingHeatMapWindowTest extends WindowTest {

    private static Path copyOf(String cls, int nth, Path to) throws Exception {
        try (Stream<Path> files = Files.list(TestData.EMOJI.resolve(cls))) {
            return Files.copy(files.sorted().skip(nth).findFirst().orElseThrow(), to);
        }
    }

    private Path inboxFile(String name) {
        return onFx(() -> vm.labelling().tiles().stream().map(Tile::file)
                .filter(f -> f.getFileName().toString().equals(name)).findFirst().orElseThrow());
    }

    private static int[] pixels(Image img) {
        int w = (int) img.getWidth();
        int h = (int) img.getHeight();
        int[] px = new int[w * h];
        img.getPixelReader().getPixels(0, 0, w, h, PixelFormat.getIntArgbInstance(), px, 0, w);
        return px;
    }

    private String text(String query) {
        return onFx(() -> robot.lookup(query).queryAs(Label.class).getText());
    }

    private void closeHeatMap() {
        robot.interact(() -> robot.lookup("#inboxHeatMap").query().getScene().getWindow().hide());
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void aPreSortedInboxImageShowsWhereTheModelLookedForEachClass() throws Exception {
        Path data = TestData.emojiSubset(tmp.resolve("data"), 6, "animal", "food");
        Path runs = tmp.resolve("runs");
        assertEquals(RunOutcome.COMPLETED, TrainingRuns.train(TrainingRuns.quick(data).set(RecipeField.EPOCHS, 1)
                .build(), runs.resolve("first")).finished().status());
        copyOf("food", 8, data.resolve("pizza.png"));
        copyOf("animal", 8, data.resolve("pet.png"));
        copyOf("food", 9, data.resolve("gone.png"));

        vm = WorkbenchWindows.open(runs, ReplayLauncher.quick(), data);
        WorkbenchWindows.waitUntil(() -> vm.labelling().tiles().stream().filter(t -> t.predicted() != null).count()
                == 3, 120);
        robot.push(KeyCode.SHORTCUT, KeyCode.DIGIT6);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(onFx(() -> robot.lookup("#heatMapButton").queryButton().isDisabled()),
                "nothing selected: nothing to explain");

        // the tile's menu names the predicted class and opens its heat map
        Path pizza = inboxFile("pizza.png");
        String predicted = onFx(() -> vm.labelling().heatMap(pizza).predicted());
        String other = predicted.equals("food") ? "animal" : "food";
        WorkbenchWindows.waitUntil(() -> robot.lookup("#tile-pizza_png").tryQuery().isPresent(), 30);
        // a right-click as the platform delivers it (Monocle's robot makes no context-menu event)
        robot.interact(() -> {
            Node tile = robot.lookup("#tile-pizza_png").query();
            Bounds b = tile.localToScreen(tile.getBoundsInLocal());
            Event.fireEvent(tile, new ContextMenuEvent(ContextMenuEvent.CONTEXT_MENU_REQUESTED, b.getWidth() / 2,
                    b.getHeight() / 2, b.getCenterX(), b.getCenterY(), false, null));
        });
        robot.clickOn("Where did it look for '" + predicted + "'? (H)");
        WorkbenchWindows.waitUntil(() -> robot.lookup("#inboxHeatMap #heatOverlay").tryQuery().isPresent(), 120);
        assertTrue(text("#heatHeading").contains("' pre-sorted pizza.png as '" + predicted + "' ("),
                text("#heatHeading"));
        assertTrue(text("#heatNote").startsWith("Where the model looked for '" + predicted + "'"), text("#heatNote"));
        int[] first = onFx(() -> pixels(robot.lookup("#heatOverlay").queryAs(ImageView.class).getImage()));

        // the model's other class is offered once it answered; its heat map replaces the first
        WorkbenchWindows.waitUntil(() -> robot.lookup("#heatClass-" + other).tryQuery().isPresent(), 30);
        assertTrue(onFx(() -> ((ToggleButton) robot.lookup("#heatClass-" + predicted).query()).isSelected()));
        robot.clickOn("#heatClass-" + other);
        WorkbenchWindows.waitUntil(() -> robot.lookup("#heatNote").queryAs(Label.class).getText()
                .startsWith("Where the model looked for '" + other + "'")
                && robot.lookup("#heatOverlay").tryQuery().isPresent(), 120);
        int[] second = onFx(() -> pixels(robot.lookup("#heatOverlay").queryAs(ImageView.class).getImage()));
        assertFalse(Arrays.equals(first, second), "another class, another heat map");
        robot.interact(() -> robot.lookup("#heatOpacity").queryAs(Slider.class).setValue(0.9));
        assertEquals(0.9, onFx(() -> robot.lookup("#heatOverlay").query().getOpacity()), 1e-9);
        closeHeatMap();

        // H on the selected image
        robot.clickOn("#tile-pet_png");
        assertFalse(onFx(() -> robot.lookup("#heatMapButton").queryButton().isDisabled()));
        robot.type(KeyCode.H);
        WorkbenchWindows.waitUntil(() -> robot.lookup("#inboxHeatMap #heatOverlay").tryQuery().isPresent(), 120);
        assertTrue(text("#heatHeading").contains("pet.png"), text("#heatHeading"));
        robot.type(KeyCode.ESCAPE);
        WorkbenchWindows.waitUntil(() -> robot.lookup("#inboxHeatMap").tryQuery().isEmpty(), 30);

        // deleted since it was sorted (before the folder's watch lists it gone): a sentence, no crash
        robot.clickOn("#tile-gone_png");
        Path gone = inboxFile("gone.png");
        robot.interact(() -> {
            try {
                Files.delete(gone);
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
            ((Button) robot.lookup("#heatMapButton").query()).fire();
        });
        WorkbenchWindows.waitUntil(() -> robot.lookup("#inboxHeatMap #heatProblem").tryQuery().isPresent(), 60);
        assertEquals("'gone.png' is no longer there: it was moved, renamed or deleted after the model looked at it.",
                text("#heatProblem"));
        closeHeatMap();
        WorkbenchWindows.waitUntil(() -> robot.lookup("#tile-gone_png").tryQuery().isEmpty(), 60);
        Node button = onFx(() -> robot.lookup("#heatMapButton").query());
        assertNotEquals(null, button, "the window is still there");
    }
}
