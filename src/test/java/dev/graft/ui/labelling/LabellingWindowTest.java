package dev.graft.ui.labelling;

import static dev.graft.testing.WorkbenchWindows.onFx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.testing.FileManagerDragboard;
import dev.graft.testing.FolderSnapshot;
import dev.graft.testing.Images;
import dev.graft.testing.ReplayLauncher;
import dev.graft.testing.TestData;
import dev.graft.testing.WorkbenchWindows;
import dev.graft.ui.shell.WorkbenchViewModel;
import dev.graft.ui.training.RunState;
import dev.graft.testing.WindowTest;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import javafx.event.Event;
import javafx.event.EventType;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TabPane;
import javafx.scene.input.DragEvent;
import javafx.scene.input.Dragboard;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.scene.input.TransferMode;
import org.controlsfx.control.StatusBar;
import org.junit.jupiter.api.Test;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Label tab in the real window (headless Monocle): drops as a file manager delivers them (a
 * {@code DragEvent} whose {@code Dragboard} — the only mock — carries files), real robot drags of
 * thumbnails between classes, number keys, Ctrl+Z / Ctrl+Shift+Z checked byte for byte, a folder that
 * is not a dataset yet, files added behind the window's back, and relabelling from the results.
 */
class LabellingWindowTest extends WindowTest {

    private Path open(Path data) throws Exception {
        vm = WorkbenchWindows.open(tmp.resolve("runs"), ReplayLauncher.quick(), data);
        waitUntil(() -> vm.labelling().buckets().size() > 0, 60);
        return data;
    }

    /** The emoji of the recorded run, plus two unlabelled images lying in the dataset folder. */
    private Path dataset() throws Exception {
        Path data = TestData.emojiSubset(tmp.resolve("data"), 8, "animal", "food", "vehicle");
        Images.png(data.resolve("loose1.png"), 1, 32);
        Images.png(data.resolve("loose2.png"), 2, 32);
        return data;
    }

    static void waitUntil(BooleanSupplier condition, int seconds) throws Exception {
        WorkbenchWindows.waitUntil(condition, seconds);
    }

    private void labelTab() {
        robot.push(KeyCode.SHORTCUT, KeyCode.DIGIT6);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private int count(String cls) {
        return vm.labelling().buckets().stream().filter(b -> java.util.Objects.equals(b.cls(), cls))
                .mapToInt(Bucket::count).findFirst().orElse(-1);
    }

    private Node node(String query) {
        Node n = onFx(() -> robot.lookup(query).query());
        assertNotNull(n, query);
        return n;
    }

    /**
     * Delivers files to a node as a file manager does: drag entered, over (must be accepted), dropped,
     * exited, with a {@code Dragboard} holding the files.
     */
    private TransferMode fileManagerDrop(Node target, List<Path> files, TransferMode mode) {
        TransferMode[] accepted = new TransferMode[1];
        robot.interact(() -> {
            Dragboard db = FileManagerDragboard.of(files); // a drag board is made on the FX thread
            Bounds b = target.localToScene(target.getBoundsInLocal());
            double x = b.getCenterX();
            double y = b.getCenterY();
            for (EventType<DragEvent> type : List.of(DragEvent.DRAG_ENTERED, DragEvent.DRAG_OVER,
                    DragEvent.DRAG_DROPPED, DragEvent.DRAG_EXITED)) {
                DragEvent e = new DragEvent(null, target, type, db, x, y, x, y, mode, null, null, null);
                Event.fireEvent(target, e);
                if (type == DragEvent.DRAG_OVER) {
                    accepted[0] = e.getAcceptedTransferMode();
                }
            }
        });
        waitUntil0(() -> !vm.labelling().busyProperty().get());
        return accepted[0];
    }

    private static void waitUntil0(BooleanSupplier c) {
        try {
            waitUntil(c, 60);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private String status() {
        return onFx(() -> robot.lookup("#statusBar").queryAs(StatusBar.class).getText());
    }

    @Test
    void filesDroppedFromTheFileManagerAreCopiedOrMovedAndCtrlZRestoresEveryByte() throws Exception {
        Path data = open(dataset());
        labelTab();
        Path desktop = tmp.resolve("desktop");
        Images.png(desktop.resolve("cake.png"), 10, 48);
        Images.png(desktop.resolve("pie.png"), 11, 48);
        Files.writeString(desktop.resolve("recipe.txt"), "flour, sugar");
        Map<String, String> dataBefore = FolderSnapshot.of(data);
        Map<String, String> desktopBefore = FolderSnapshot.of(desktop);

        assertEquals(TransferMode.COPY, fileManagerDrop(node("#bucket-food"), List.of(desktop.resolve("cake.png"),
                desktop.resolve("recipe.txt")), TransferMode.COPY), "the class accepts the drop");
        waitUntil(() -> count("food") == 9, 30);
        assertEquals(desktopBefore, FolderSnapshot.of(desktop), "copied, the originals stay");
        assertTrue(status().contains("recipe.txt (not an image"), status());

        fileManagerDrop(node("#bucket-food"), List.of(desktop.resolve("pie.png")), TransferMode.MOVE);
        waitUntil(() -> count("food") == 10, 30);
        assertFalse(Files.exists(desktop.resolve("pie.png")), "the platform's move gesture moves");

        robot.push(KeyCode.SHORTCUT, KeyCode.Z);
        waitUntil(() -> count("food") == 9, 30);
        assertEquals(desktopBefore, FolderSnapshot.of(desktop), "Ctrl+Z puts the moved photo back, byte for byte");
        robot.push(KeyCode.SHORTCUT, KeyCode.Z);
        waitUntil(() -> count("food") == 8, 30);
        assertEquals(dataBefore, LabellingWindowTest.visible(data), "and the copy is gone from the dataset");
        robot.push(KeyCode.SHORTCUT, KeyCode.SHIFT, KeyCode.Z);
        waitUntil(() -> count("food") == 9, 30);
        assertEquals(desktopBefore.get("cake.png"), FolderSnapshot.of(data).get("food/cake.png"), "redo");

        // a drop on "New class" creates the class named in the field
        robot.clickOn("#newClassName").write("dessert");
        fileManagerDrop(node("#newClassDrop"), List.of(desktop.resolve("recipe.txt"), desktop.resolve("cake.png")),
                TransferMode.COPY);
        waitUntil(() -> count("dessert") == -1 && status().contains("already in the dataset"), 30);
        assertFalse(Files.exists(data.resolve("dessert")), "all duplicates or refused: no empty class is made");
    }

    static Map<String, String> visible(Path root) throws Exception {
        Map<String, String> out = new java.util.TreeMap<>();
        FolderSnapshot.of(root).forEach((k, v) -> {
            if (java.util.stream.Stream.of(k.split("[/\\\\]")).noneMatch(s -> s.startsWith("."))) {
                out.put(k, v);
            }
        });
        return out;
    }

    @Test
    void thumbnailsAreDraggedBetweenClassesAndNumberKeysSortTheInbox() throws Exception {
        Path data = open(dataset());
        labelTab();
        Map<String, String> before = FolderSnapshot.of(data);
        // number keys: the selected inbox images go to class 1 (animal)
        waitUntil(() -> robot.lookup("#tile-loose1_png").tryQuery().isPresent(), 30);
        robot.clickOn("#tile-loose1_png");
        robot.press(KeyCode.SHORTCUT).clickOn("#tile-loose2_png").release(KeyCode.SHORTCUT);
        assertEquals(2, vm.labelling().selection().size(), "Ctrl+click adds to the selection");
        robot.type(KeyCode.DIGIT1);
        waitUntil(() -> count("animal") == 10 && count(null) == 0, 30);
        assertTrue(Files.exists(data.resolve("animal/loose1.png")));

        // a real drag: two selected thumbnails of 'animal' onto 'vehicle'
        robot.clickOn("#bucket-animal");
        waitUntil(() -> robot.lookup("#tile-loose1_png").tryQuery().isPresent(), 30);
        robot.clickOn("#tile-loose1_png");
        robot.press(KeyCode.SHORTCUT).clickOn("#tile-loose2_png").release(KeyCode.SHORTCUT);
        robot.drag("#tile-loose2_png", MouseButton.PRIMARY).dropTo("#bucket-vehicle");
        waitUntil(() -> count("vehicle") == 10, 30);
        assertTrue(Files.exists(data.resolve("vehicle/loose1.png")) && Files.exists(data.resolve("vehicle/loose2.png")));
        assertEquals(8, count("animal"));

        robot.push(KeyCode.SHORTCUT, KeyCode.Z);
        robot.push(KeyCode.SHORTCUT, KeyCode.Z);
        waitUntil(() -> count(null) == 2, 30);
        assertEquals(before, FolderSnapshot.of(data), "two undos: exactly the files and names of before");
        waitUntil(() -> vm.dataset().summaryProperty().get().contains("2 unlabelled"), 60);
    }

    @Test
    void aFolderThatIsNotADatasetDroppedOnTheWindowStartsLabellingThere() throws Exception {
        open(dataset());
        Path pile = tmp.resolve("holiday photos");
        for (int i = 0; i < 3; i++) {
            Images.png(pile.resolve("IMG_00" + i + ".png"), 20 + i, 40);
        }
        fileManagerDrop(node("#statusBar"), List.of(pile), TransferMode.COPY);
        waitUntil(() -> pile.equals(vm.labelling().folderProperty().get()) && count(null) == 3, 30);
        TabPane tabs = (TabPane) node("#statusBar").getScene().lookup(".tab-pane");
        assertEquals("Label", tabs.getSelectionModel().getSelectedItem().getText());
        waitUntil(() -> robot.lookup("#labellingBanner").queryAs(Label.class).getText().contains("not a dataset yet"), 30);
        robot.clickOn("#newClassName").write("beach");
        robot.clickOn("#createClass");
        waitUntil(() -> count("beach") == 0, 30);
        assertTrue(Files.isDirectory(pile.resolve("beach")));
    }

    @Test
    void theDatasetTabAndTheLabelTabCountFromTheSameScan() throws Exception {
        Path data = dataset();
        Files.write(data.resolve("animal/empty.png"), new byte[0]);
        byte[] png = Files.readAllBytes(data.resolve("loose1.png"));
        Files.write(data.resolve("animal/truncated.png"), java.util.Arrays.copyOf(png, png.length / 2));
        Files.writeString(data.resolve("food/notes.png"), "not a picture");
        Files.writeString(data.resolve("README.txt"), "my photos");
        Files.write(data.resolve("blank.jpg"), new byte[0]);
        open(data);
        labelTab();
        waitUntil(() -> !vm.dataset().scanningProperty().get() && vm.dataset().classes().size() == 3
                && count("animal") > 0 && count(null) >= 0, 60);
        for (var c : vm.dataset().classes()) {
            assertEquals(8, c.images(), c.name());
            assertEquals(8, count(c.name()), "the Label tab counts " + c.name() + " as the Dataset tab does");
        }
        assertEquals(2, count(null), "the inbox holds the two images, not the README or the empty file");
        assertEquals(2, vm.dataset().inboxProperty().get());
        String summary = vm.dataset().summaryProperty().get();
        assertTrue(summary.contains(vm.dataset().skipped().size() + " skipped") && summary.contains("2 unlabelled"),
                summary + " with " + vm.dataset().skipped().size() + " rows");
        assertTrue(vm.dataset().skipped().stream().noneMatch(k -> k.file().getFileName().toString()
                .startsWith("loose")), "inbox images are not skipped files");
    }

    @Test
    void whatADropDidStaysReadableAfterTheRescanOfADatasetWithProblems() throws Exception {
        Path data = dataset();
        Files.createDirectories(data.resolve("empty class")); // the dataset has an error the rescan re-finds
        open(data);
        labelTab();
        waitUntil(() -> vm.dataset().errorProperty().get() != null && count("food") == 8, 60);
        Path desktop = tmp.resolve("desktop");
        Images.png(desktop.resolve("new-cake.png"), 40, 48);
        Files.copy(data.resolve("loose1.png"), desktop.resolve("same-as-loose1.png"));
        fileManagerDrop(node("#bucket-food"), List.of(desktop.resolve("new-cake.png"),
                desktop.resolve("same-as-loose1.png")), TransferMode.COPY);
        waitUntil(() -> count("food") == 9 && !vm.dataset().scanningProperty().get(), 60);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(status().contains("already in the dataset"), "the status bar still says what the drop did: "
                + status());
        Label message = onFx(() -> robot.lookup("#labellingMessage").queryAs(Label.class));
        String shown = onFx(message::getText);
        assertTrue(shown.contains("Copied 1 image into 'food'") && shown.contains("same-as-loose1.png"), shown);
        assertTrue(onFx(() -> message.isVisible() && message.isWrapText()), "shown in full on the Label tab");
    }

    @Test
    void acceptAllSureShowsTheImagesFirstAndMovesOnlyWhatTheUserKept() throws Exception {
        Path data = dataset();
        Images.png(data.resolve("noise.png"), 3, 32);
        // the model is a collaborator here: a table of answers (noise is unfamiliar, however sure)
        Map<String, InboxPrediction> answers = Map.of(
                "loose1.png", new InboxPrediction(Path.of("loose1.png"), "food", 0.97),
                "loose2.png", new InboxPrediction(Path.of("loose2.png"), "animal", 0.95),
                "noise.png", new InboxPrediction(Path.of("noise.png"), "vehicle", 0.999, false, null));
        Predictor table = (run, files) -> files.stream().map(f -> {
            InboxPrediction a = answers.get(f.getFileName().toString());
            return new InboxPrediction(f, a.label(), a.confidence(), a.familiar(), null);
        }).toList();
        vm = WorkbenchWindows.open(tmp.resolve("runs"), ReplayLauncher.quick(), data, table);
        waitUntil(() -> vm.labelling().buckets().size() > 0, 60);
        labelTab();
        robot.interact(() -> vm.labelling().setModel(tmp.resolve("a-run"), "test run"));
        waitUntil(() -> vm.labelling().groups().size() == 2, 30);
        Map<String, String> before = FolderSnapshot.of(data);

        robot.clickOn("#acceptAll");
        waitUntil(() -> vm.labelling().reviewProperty().get() != null, 30);
        assertEquals(before, FolderSnapshot.of(data), "nothing moves before the user has looked");
        String summary = onFx(() -> robot.lookup("#reviewSummary").queryAs(Label.class).getText());
        assertTrue(summary.startsWith("2 sure images will move: 1 to 'animal', 1 to 'food'"), summary);
        assertFalse(robot.lookup("#tile-noise_png").tryQuery().isPresent(), "the unfamiliar image is not in it");
        robot.clickOn("#tile-loose2_png"); // left out
        waitUntil(() -> onFx(() -> robot.lookup("#confirmReview").queryButton().getText()).equals("Move 1 image"), 30);
        robot.clickOn("#confirmReview");
        waitUntil(() -> Files.exists(data.resolve("food/loose1.png")) && count("food") == 9, 30);
        assertTrue(Files.exists(data.resolve("loose2.png")) && Files.exists(data.resolve("noise.png")));
        assertFalse(onFx(() -> robot.lookup("#reviewBar").query().isVisible()), "the review is closed");
    }

    @Test
    void newClassesByEnterOrByADropThatAsksTheNameCtrlASelectsAllAndAnEmojiNameArrivesWhole() throws Exception {
        Path data = open(dataset());
        labelTab();
        // Enter in the name field creates the class
        robot.clickOn("#newClassName").write("beach").type(KeyCode.ENTER);
        waitUntil(() -> count("beach") == 0, 30);
        assertTrue(Files.isDirectory(data.resolve("beach")));

        // a drop on "New class" with the field empty asks for the name; no "new class" is made
        Path desktop = tmp.resolve("desktop");
        Images.png(desktop.resolve("wave.png"), 41, 48);
        fileManagerDrop(node("#newClassDrop"), List.of(desktop.resolve("wave.png")), TransferMode.COPY);
        waitUntil(() -> robot.lookup("#newClassDialogName").tryQuery().isPresent(), 30);
        robot.clickOn("#newClassDialogName").write("sea").type(KeyCode.ENTER);
        waitUntil(() -> count("sea") == 1, 30);
        assertFalse(Files.exists(data.resolve("new class")));

        // Ctrl+A selects every thumbnail shown
        robot.clickOn("#bucket-inbox");
        waitUntil(() -> robot.lookup("#tile-loose1_png").tryQuery().isPresent(), 30);
        robot.clickOn("#tile-loose1_png");
        robot.push(KeyCode.SHORTCUT, KeyCode.A);
        waitUntil(() -> vm.labelling().selection().size() == 2, 30);

        // a single file whose emoji name the platform garbled (its UTF-8 bytes read as Latin-1)
        Path cake = Images.png(desktop.resolve("🎂 cake.png"), 42, 48);
        Path garbled = desktop.resolve(new String("🎂 cake.png".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                java.nio.charset.StandardCharsets.ISO_8859_1));
        fileManagerDrop(node("#bucket-food"), List.of(garbled), TransferMode.COPY);
        waitUntil(() -> count("food") == 9, 30);
        assertTrue(Files.exists(data.resolve("food").resolve(cake.getFileName())), status());
    }

    @Test
    void filesAFileManagerAddsWhileTheWindowIsOpenAppear() throws Exception {
        Path data = open(dataset());
        labelTab();
        waitUntil(() -> vm.dataset().summaryProperty().get().contains("24 images"), 60);
        Images.png(data.resolve("food/from-file-manager.png"), 30, 48);
        Files.delete(data.resolve("loose2.png"));
        waitUntil(() -> count("food") == 9 && count(null) == 1, 30);
        waitUntil(() -> vm.dataset().summaryProperty().get().contains("25 images"), 60);
    }

    @Test
    void aMistakeIsMovedToItsPredictedClassOrDraggedOntoItsRightClassAndRetrainStarts() throws Exception {
        Path data = open(dataset());
        waitUntil(() -> !robot.lookup("#train").queryButton().isDisabled(), 120);
        robot.clickOn("#train");
        waitUntil(() -> vm.training().stateProperty().get() == RunState.COMPLETED, 60);
        robot.push(KeyCode.SHORTCUT, KeyCode.DIGIT4);
        waitUntil(() -> robot.lookup("#moveToPredicted-airplane_departure_png").tryQuery().isPresent(), 60);
        Map<String, String> before = FolderSnapshot.of(data);

        WorkbenchWindows.scrollIntoView(robot, "#moveToPredicted-airplane_departure_png");
        robot.clickOn("#moveToPredicted-airplane_departure_png");
        waitUntil(() -> Files.exists(data.resolve("animal/airplane_departure.png")), 30);
        waitUntil(() -> robot.lookup("#moveToPredicted-airplane_departure_png").queryButton().isDisabled(), 30);

        // the gallery is at the bottom of the results page: scroll it into the window before dragging
        javafx.scene.control.ScrollPane page = (javafx.scene.control.ScrollPane) node("#mistakes").getParent()
                .getParent().getParent().getParent();
        robot.interact(() -> page.setVvalue(1.0));
        WaitForAsyncUtils.waitForFxEvents();
        Bounds window = node("#statusBar").getScene().getRoot().localToScreen(node("#statusBar").getScene().getRoot()
                .getBoundsInLocal());
        for (String q : List.of("#mistake-airplane_arriving_png", "#relabel-food")) {
            Bounds b = node(q).localToScreen(node(q).getBoundsInLocal());
            assertTrue(window.contains(b.getCenterX(), b.getCenterY()), q + " is on screen: " + b + " in " + window);
        }
        robot.drag("#mistake-airplane_arriving_png", MouseButton.PRIMARY).dropTo("#relabel-food");
        waitUntil(() -> Files.exists(data.resolve("food/airplane_arriving.png")), 30);
        waitUntil(() -> vm.dataset().classes().stream().anyMatch(c -> c.name().equals("vehicle") && c.images() == 6),
                60);

        Button retrain = onFx(() -> robot.lookup("#retrain").queryButton());
        assertFalse(onFx(retrain::isDisabled));
        robot.push(KeyCode.SHORTCUT, KeyCode.Z);
        robot.push(KeyCode.SHORTCUT, KeyCode.Z);
        waitUntil(() -> Files.exists(data.resolve("vehicle/airplane_departure.png"))
                && Files.exists(data.resolve("vehicle/airplane_arriving.png")), 30);
        assertEquals(before, visible(data), "both relabels undone exactly");
        robot.push(KeyCode.SHORTCUT, KeyCode.SHIFT, KeyCode.Z);
        waitUntil(() -> Files.exists(data.resolve("animal/airplane_departure.png")), 30);
        waitUntil(() -> !vm.dataset().scanningProperty().get() && vm.canTrainBinding().get(), 60);
        robot.clickOn("#retrain");
        waitUntil(() -> tmp.resolve("runs").toFile().listFiles(File::isDirectory).length == 2, 30);
        assertTrue(status().contains("Training run") || vm.training().isActive()
                || vm.training().stateProperty().get() == RunState.COMPLETED, status());
    }
}
