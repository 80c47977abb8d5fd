package dev.graft.ui.dataset;

import static dev.graft.testing.WorkbenchWindows.onFx;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.testing.ReplayLauncher;
import dev.graft.testing.TestData;
import dev.graft.testing.WorkbenchWindows;
import dev.graft.ui.shell.WorkbenchViewModel;
import dev.graft.testing.WindowTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.input.KeyCode;
import javafx.scene.text.Text;
import javafx.stage.Window;
import org.junit.jupiter.api.Test;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Dataset tab in the real window (headless Monocle): what the scan and the health check found
 * is on screen, each finding in full and readable, at a large and at a small window size.
 */
class DatasetWindowTest extends WindowTest {

    /** An exact duplicate, a one-image class and a 7-image validation split, as a newcomer met them. */
    private Path troubledDataset() throws Exception {
        Path data = TestData.emojiSubset(tmp.resolve("data"), 12, "animal", "weather");
        TestData.emojiSubset(data, 13, "food");
        TestData.emojiSubset(data, 1, "clothing");
        try (var s = Files.list(data.resolve("animal"))) {
            Path first = s.sorted().findFirst().orElseThrow();
            Files.copy(first, data.resolve("food/copy-of-" + first.getFileName()));
        }
        return data;
    }

    @Test
    void everyFindingIsOnScreenInFullAtLargeAndSmallWindowSizes() throws Exception {
        vm = WorkbenchWindows.open(tmp.resolve("runs"), ReplayLauncher.quick(), troubledDataset());
        WorkbenchWindows.waitUntil(() -> vm.dataset().reportProperty().get() != null
                && !vm.dataset().scanningProperty().get(), 60);
        robot.push(KeyCode.SHORTCUT, KeyCode.DIGIT2);
        WaitForAsyncUtils.waitForFxEvents();
        List<String> findings = onFx(() -> {
            List<String> all = new ArrayList<>(vm.dataset().warnings());
            all.addAll(vm.dataset().health());
            return all;
        });
        assertTrue(findings.stream().anyMatch(f -> f.contains("exact duplicate")), findings.toString());
        assertTrue(findings.stream().anyMatch(f -> f.contains("only 1 image")), findings.toString());
        assertTrue(findings.stream().anyMatch(f -> f.contains("validation split has only")), findings.toString());

        for (double[] size : new double[][] {{1600, 1000}, {1024, 700}}) {
            robot.interact(() -> {
                Window w = robot.listTargetWindows().get(0);
                w.setWidth(size[0]);
                w.setHeight(size[1]);
            });
            WaitForAsyncUtils.waitForFxEvents();
            for (String f : findings) {
                String where = onFx(() -> shownInFull(robot.listTargetWindows().get(0).getScene(), f));
                assertTrue(where == null, (int) size[0] + "×" + (int) size[1] + ": " + where);
            }
        }
    }

    /**
     * Null when the text is shown in full (not cut to "…") by a node that is visible, inside the
     * window and at least a line tall; otherwise what is wrong.
     */
    private static String shownInFull(Scene scene, String text) {
        List<Text> candidates = new ArrayList<>();
        collect(scene.getRoot(), text, candidates);
        if (candidates.isEmpty()) {
            return "no node shows \"" + text + "\" in full";
        }
        for (Text t : candidates) {
            Bounds b = t.localToScene(t.getBoundsInLocal());
            boolean inside = b.getMinY() >= 0 && b.getMaxY() <= scene.getHeight() && b.getMinX() >= 0
                    && b.getMaxX() <= scene.getWidth() + 1;
            if (visible(t) && inside && b.getHeight() >= 10 && !clipped(t, b)) {
                return null;
            }
        }
        Text t = candidates.get(0);
        return "\"" + text + "\" is cut off or hidden: " + t.localToScene(t.getBoundsInLocal()) + " in a "
                + scene.getWidth() + "×" + scene.getHeight() + " scene";
    }

    private static void collect(Node n, String text, List<Text> out) {
        if (n instanceof Text t && t.getText() != null && t.getText().replaceAll("\\s+", " ").equals(text)) {
            out.add(t);
        }
        if (n instanceof javafx.scene.Parent p) {
            for (Node c : p.getChildrenUnmodifiable()) {
                collect(c, text, out);
            }
        }
    }

    private static boolean visible(Node n) {
        for (Node at = n; at != null; at = at.getParent()) {
            if (!at.isVisible() || at.getOpacity() == 0) {
                return false;
            }
        }
        return true;
    }

    /** True when an ancestor's visible area (a clip, a scroll viewport) does not hold the text. */
    private static boolean clipped(Node n, Bounds text) {
        for (Node at = n.getParent(); at != null; at = at.getParent()) {
            Bounds area = at.localToScene(at.getLayoutBounds());
            if (at.getClip() != null) {
                area = at.localToScene(at.getClip().getBoundsInParent()); // a clip is in its node's space
            }
            if (at.getClip() != null || at instanceof javafx.scene.control.ScrollPane) {
                if (text.getMinY() < area.getMinY() - 1 || text.getMaxY() > area.getMaxY() + 1) {
                    return true;
                }
            }
        }
        assertFalse(text.isEmpty());
        return false;
    }
}
