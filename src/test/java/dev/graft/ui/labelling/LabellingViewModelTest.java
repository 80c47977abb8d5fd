package dev.graft.ui.labelling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.core.labelling.FileOps;
import dev.graft.core.labelling.Journal;
import dev.graft.core.labelling.Labeller;
import dev.graft.core.labelling.Operation;
import dev.graft.core.labelling.Recovery;
import dev.graft.core.labelling.Step;
import dev.graft.engine.inference.ImageClassifier;
import dev.graft.testing.FolderSnapshot;
import dev.graft.testing.Images;
import dev.graft.ui.common.Background;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Labelling without a toolkit: real files, a same-thread background, a model that answers from a table. */
class LabellingViewModelTest {

    @TempDir
    Path tmp;

    private Path pile;
    private final List<String> said = new ArrayList<>();
    private int changes;
    private final Map<String, Object[]> answers = new java.util.HashMap<>();
    private LabellingViewModel vm;

    @BeforeEach
    void unsortedPhotos() throws Exception {
        pile = tmp.resolve("pile");
        for (String name : List.of("a", "b", "c", "d", "e")) {
            Images.png(pile.resolve(name + ".png"), name.charAt(0), 16);
        }
        Journal journal = new Journal(tmp.resolve("home"));
        Predictor model = (run, files) -> files.stream().map(f -> {
            Object[] a = answers.get(f.getFileName().toString());
            return a == null ? new ImageClassifier.Prediction(f, null, 0, "unreadable")
                    : new ImageClassifier.Prediction(f, (String) a[0], (Double) a[1], null);
        }).toList();
        vm = new LabellingViewModel(Background.sameThread(), dir -> new Labeller(dir, journal, FileOps.SYSTEM, null),
                model, said::add, () -> changes++);
    }

    private Bucket bucket(String cls) {
        return vm.buckets().stream().filter(b -> java.util.Objects.equals(b.cls(), cls)).findFirst().orElseThrow();
    }

    private List<String> tileNames() {
        return vm.tiles().stream().map(t -> t.file().getFileName().toString()).toList();
    }

    @Test
    void anUnsortedFolderBecomesADatasetSortedWithNumberKeys() throws Exception {
        vm.open(pile);
        assertEquals(1, vm.buckets().size(), "only the inbox");
        assertEquals(5, bucket(null).count());
        assertTrue(vm.bannerProperty().get().contains("is not a dataset yet"), vm.bannerProperty().get());
        vm.createClass("cat");
        vm.createClass("dog");
        assertEquals(1, bucket("cat").key());
        assertEquals(2, bucket("dog").key());
        assertEquals("", vm.bannerProperty().get(), "a dataset now");

        vm.click(pile.resolve("a.png").toRealPath(), false, false);
        vm.click(pile.resolve("c.png").toRealPath(), false, true); // shift-click: a, b, c
        assertEquals(3, vm.selection().size());
        vm.click(pile.resolve("b.png").toRealPath(), true, false); // ctrl-click: without b
        assertTrue(vm.assignKey(1));
        assertEquals(2, bucket("cat").count());
        assertTrue(Files.exists(pile.resolve("cat/a.png")) && Files.exists(pile.resolve("cat/c.png")));
        assertEquals(List.of("b.png", "d.png", "e.png"), tileNames(), "the inbox shows what is left");
        assertTrue(vm.canUndoProperty().get());
        assertTrue(vm.undoTextProperty().get().contains("move 2 images to 'cat'"), vm.undoTextProperty().get());
        assertTrue(changes > 0, "the dataset view is told");

        vm.undo();
        assertEquals(0, bucket("cat").count());
        assertTrue(vm.canRedoProperty().get());
        vm.redo();
        assertEquals(2, bucket("cat").count());
        assertFalse(vm.assignKey(7), "no class has key 7");
    }

    @Test
    void theModelPreSortsTheInboxSurestFirstOrHardestFirstAndGroupsAreAcceptedWithOneAction() throws Exception {
        Images.png(pile.resolve("cat/known.png"), 50, 16);
        Images.png(pile.resolve("dog/known.png"), 51, 16);
        answers.put("a.png", new Object[] {"cat", 0.99});
        answers.put("b.png", new Object[] {"dog", 0.95});
        answers.put("c.png", new Object[] {"cat", 0.55});
        answers.put("d.png", new Object[] {"dog", 0.93});
        answers.put("e.png", new Object[] {"bird", 0.70});
        vm.open(pile);
        vm.setModel(tmp.resolve("some-run"), "first run");
        assertEquals(List.of("a.png", "b.png", "d.png", "e.png", "c.png"), tileNames(), "surest first");
        assertEquals("cat 99 %", vm.tiles().get(0).caption());
        vm.sortProperty().set(Sort.HARDEST_FIRST);
        assertEquals(List.of("c.png", "e.png", "d.png", "b.png", "a.png"), tileNames(), "least sure first");
        assertEquals(List.of(new Group("dog", 2), new Group("cat", 1)),
                vm.groups(), "sure groups at 90 %");

        Map<String, String> before = FolderSnapshot.of(pile);
        vm.acceptGroup("dog");
        assertTrue(Files.exists(pile.resolve("dog/b.png")) && Files.exists(pile.resolve("dog/d.png")));
        assertEquals(List.of(new Group("cat", 1)), vm.groups());
        vm.undo();
        assertEquals(before, FolderSnapshot.of(pile), "one undo takes the whole group back");

        vm.thresholdProperty().set(0.5);
        vm.acceptAllConfident();
        assertEquals(0, bucket(null).count());
        assertTrue(Files.exists(pile.resolve("bird/e.png")), "a predicted class that is not a folder yet is created");
        vm.undo();

        vm.click(pile.resolve("c.png").toRealPath(), false, false);
        vm.acceptSelected();
        assertTrue(Files.exists(pile.resolve("cat/c.png")), "one by one: Enter accepts the selected image's class");
    }

    @Test
    void dropsFromTheFileManagerCopyOrMoveAndSayWhatWasRefused() throws Exception {
        Path desktop = tmp.resolve("desktop");
        Images.png(desktop.resolve("new.png"), 70, 16);
        Files.copy(pile.resolve("a.png"), desktop.resolve("same-as-a.png"));
        Files.writeString(desktop.resolve("todo.txt"), "x");
        Images.png(desktop.resolve("moved.png"), 71, 16);
        vm.open(pile);
        vm.createClass("cat");
        vm.dropFromOutside(List.of(desktop.resolve("new.png"), desktop.resolve("same-as-a.png"),
                desktop.resolve("todo.txt")), bucket("cat"), false);
        assertTrue(Files.exists(pile.resolve("cat/new.png")));
        assertTrue(Files.exists(desktop.resolve("new.png")), "copied by default");
        String msg = vm.messageProperty().get();
        assertTrue(msg.contains("already in the dataset") && msg.contains("todo.txt (not an image"), msg);
        vm.dropFromOutside(List.of(desktop.resolve("moved.png")), bucket(null), true);
        assertFalse(Files.exists(desktop.resolve("moved.png")), "moved with the move gesture");
        assertEquals(6, bucket(null).count());

        vm.newClassNameProperty().set("");
        vm.dropOnNewClass(List.of(pile.resolve("b.png")), false, false);
        assertTrue(Files.exists(pile.resolve("new class/b.png")), "a drop on New class creates one");
        vm.newClassNameProperty().set("../evil");
        vm.dropOnNewClass(List.of(pile.resolve("c.png")), false, false);
        assertTrue(said.get(said.size() - 1).contains("separate folders"), said.get(said.size() - 1));
        assertTrue(Files.exists(pile.resolve("c.png")), "a bad name changes nothing");
    }

    @Test
    void classesAreRenamedAndDeletedToTheTrashUndoably() throws Exception {
        vm.open(pile);
        vm.createClass("cat");
        vm.click(pile.resolve("a.png").toRealPath(), false, false);
        vm.assignKey(1);
        vm.renameClass("cat", "kitten");
        assertEquals(1, bucket("kitten").count());
        vm.shownProperty().set(bucket("kitten"));
        assertEquals(List.of("a.png"), tileNames());
        vm.deleteClass("kitten");
        assertEquals(1, vm.buckets().size());
        assertTrue(vm.shownProperty().get().inbox(), "the deleted class is no longer shown");
        vm.undo();
        assertEquals(1, bucket("kitten").count());
        vm.click(pile.resolve("b.png").toRealPath(), false, false);
        vm.trashSelected();
        assertFalse(Files.exists(pile.resolve("b.png")));
        vm.undo();
        assertTrue(Files.exists(pile.resolve("b.png")));
    }

    @Test
    void anOperationCompletedAfterACrashIsReportedAndCanBeUndone() throws Exception {
        Files.createDirectories(pile.resolve("cat"));
        Files.move(pile.resolve("a.png"), pile.resolve("cat/a.png")); // as the interrupted operation left it
        Operation op = new Operation("op1", pile.toRealPath(), "move 1 image to 'cat'", "then",
                List.of(Step.move(pile.toRealPath().resolve("a.png"), pile.toRealPath().resolve("cat/a.png"), 1, null)),
                List.of());
        vm.recover(() -> List.of(new Recovery.Recovered(op, Recovery.Outcome.COMPLETED, 1, null)));
        vm.open(pile);
        assertTrue(vm.bannerProperty().get().contains("has now been completed"), vm.bannerProperty().get());
        assertTrue(said.get(said.size() - 1).contains("interrupted") || said.stream().anyMatch(s ->
                s.contains("interrupted")));
        assertTrue(vm.canUndoProperty().get());
        vm.undo();
        assertTrue(Files.exists(pile.resolve("a.png")));
    }
}
