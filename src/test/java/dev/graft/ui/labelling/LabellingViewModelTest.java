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
import dev.graft.testing.FolderSnapshot;
import dev.graft.testing.Images;
import dev.graft.ui.common.Background;
import dev.graft.ui.dataset.DatasetViewModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Labelling without a toolkit: real files, a same-thread background, the real dataset view-model
 * whose scan the labelling lists (as in the window), a model that answers from a table.
 */
class LabellingViewModelTest {

    @TempDir
    Path tmp;

    private Path pile;
    private final List<String> said = new ArrayList<>();
    private final Map<String, Object[]> answers = new java.util.HashMap<>();
    private DatasetViewModel dataset;
    private LabellingViewModel vm;

    @BeforeEach
    void unsortedPhotos() throws Exception {
        pile = tmp.resolve("pile");
        for (String name : List.of("a", "b", "c", "d", "e")) {
            Images.png(pile.resolve(name + ".png"), name.charAt(0), 16);
        }
        Journal journal = new Journal(tmp.resolve("home"));
        // the model is a collaborator here: it answers from a table (label, probability, familiar)
        Predictor model = (run, files) -> run.endsWith("broken-run") ? failToLoad() : files.stream().map(f -> {
            Object[] a = answers.get(f.getFileName().toString());
            return a == null ? InboxPrediction.failed(f, "unreadable")
                    : new InboxPrediction(f, (String) a[0], (Double) a[1], a.length < 3 || (Boolean) a[2], null);
        }).toList();
        dataset = new DatasetViewModel(Background.sameThread());
        vm = new LabellingViewModel(Background.sameThread(), dir -> new Labeller(dir, journal, FileOps.SYSTEM, null),
                model, said::add, dataset.scanProperty(), dataset::refreshIfChanged);
    }

    private static List<InboxPrediction> failToLoad() throws java.io.IOException {
        throw new java.io.IOException("no model in it");
    }

    /** Opens a folder in both views, as the window does. */
    private void open(Path dir) {
        dataset.open(dir, 0.2, 42);
        vm.open(dir);
    }

    private Bucket bucket(String cls) {
        return vm.buckets().stream().filter(b -> java.util.Objects.equals(b.cls(), cls)).findFirst().orElseThrow();
    }

    private List<String> tileNames() {
        return vm.tiles().stream().map(t -> t.file().getFileName().toString()).toList();
    }

    @Test
    void anUnsortedFolderBecomesADatasetSortedWithNumberKeys() throws Exception {
        open(pile);
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
        assertEquals(2, dataset.classes().stream().filter(c -> c.name().equals("cat")).findFirst().orElseThrow()
                .images(), "the dataset view counts the same");

        vm.undo();
        assertEquals(0, bucket("cat").count());
        assertTrue(vm.canRedoProperty().get());
        vm.redo();
        assertEquals(2, bucket("cat").count());
        assertFalse(vm.assignKey(7), "no class has key 7");
    }

    @Test
    void theModelPreSortsTheInboxSurestFirstOrHardestFirstAndGroupsAreAcceptedAfterAReview() throws Exception {
        Images.png(pile.resolve("cat/known.png"), 50, 16);
        Images.png(pile.resolve("dog/known.png"), 51, 16);
        answers.put("a.png", new Object[] {"cat", 0.99});
        answers.put("b.png", new Object[] {"dog", 0.95});
        answers.put("c.png", new Object[] {"cat", 0.55});
        answers.put("d.png", new Object[] {"dog", 0.93});
        answers.put("e.png", new Object[] {"dog", 0.70});
        open(pile);
        vm.setModel(tmp.resolve("some-run"), "first run");
        assertEquals(List.of("a.png", "b.png", "d.png", "e.png", "c.png"), tileNames(), "surest first");
        assertEquals("cat 99 %", vm.tiles().get(0).caption());
        vm.sortProperty().set(Sort.HARDEST_FIRST);
        assertEquals(List.of("c.png", "e.png", "d.png", "b.png", "a.png"), tileNames(), "least sure first");
        assertEquals(List.of(new Group("dog", "dog", 2), new Group("cat", "cat", 1)),
                vm.groups(), "sure groups at 90 %");

        Map<String, String> before = FolderSnapshot.of(pile);
        vm.acceptGroup("dog");
        assertEquals(before, FolderSnapshot.of(pile), "nothing moves before the user has looked");
        assertEquals(List.of("b.png", "d.png"), tileNames(), "the review shows the images that would move");
        vm.confirmReview();
        assertTrue(Files.exists(pile.resolve("dog/b.png")) && Files.exists(pile.resolve("dog/d.png")));
        assertEquals(List.of(new Group("cat", "cat", 1)), vm.groups());
        vm.undo();
        assertEquals(before, FolderSnapshot.of(pile), "one undo takes the whole group back");

        vm.click(pile.resolve("c.png").toRealPath(), false, false);
        vm.acceptSelected();
        assertTrue(Files.exists(pile.resolve("cat/c.png")), "one by one: Enter accepts the selected image's class");
    }

    @Test
    void acceptAllSureShowsWhatWillMoveWhereLetsTheUserLeaveImagesOutAndNeverTakesUnfamiliarImages()
            throws Exception {
        Images.png(pile.resolve("cat/known.png"), 50, 16);
        Images.png(pile.resolve("dog/known.png"), 51, 16);
        answers.put("a.png", new Object[] {"cat", 0.99});
        answers.put("b.png", new Object[] {"dog", 0.95});
        answers.put("c.png", new Object[] {"dog", 0.97});
        answers.put("d.png", new Object[] {"cat", 0.55});
        answers.put("e.png", new Object[] {"dog", 0.999, false}); // noise: unlike anything the model knows
        open(pile);
        vm.setModel(tmp.resolve("some-run"), "first run");
        assertEquals(List.of(new Group("dog", "dog", 2), new Group("cat", "cat", 1)), vm.groups(),
                "an unfamiliar image is never sure, however high its probability");
        Tile noise = vm.tiles().stream().filter(t -> t.file().getFileName().toString().equals("e.png")).findFirst()
                .orElseThrow();
        assertTrue(noise.caption().contains("unfamiliar"), noise.caption());
        assertFalse(noise.sure(0.9));

        Map<String, String> before = FolderSnapshot.of(pile);
        vm.acceptAllConfident();
        assertEquals(before, FolderSnapshot.of(pile), "nothing moves before the user has looked");
        SureReview review = vm.reviewProperty().get();
        assertEquals(3, review.count());
        assertEquals("3 sure images will move: 2 to 'dog', 1 to 'cat'", review.summary());
        assertEquals(List.of("b.png", "c.png", "a.png"), tileNames(), "the grid shows them, class by class");

        vm.leaveOut(pile.resolve("c.png"));
        assertEquals("2 sure images will move: 1 to 'dog', 1 to 'cat' (1 left out)", vm.reviewProperty().get()
                .summary());
        vm.confirmReview();
        assertTrue(Files.exists(pile.resolve("dog/b.png")) && Files.exists(pile.resolve("cat/a.png")));
        assertTrue(Files.exists(pile.resolve("c.png")) && Files.exists(pile.resolve("e.png")), "left out, unfamiliar");
        assertEquals(null, vm.reviewProperty().get());
        vm.undo();
        assertEquals(before, FolderSnapshot.of(pile), "one undo takes the whole review back");

        vm.acceptAllConfident();
        vm.cancelReview();
        assertEquals(before, FolderSnapshot.of(pile), "cancelled: nothing moved");
        assertEquals(5, vm.tiles().size(), "the inbox again");
    }

    @Test
    void predictionsForAClassThatWasRenamedOfferTheNewNameAndNeverRecreateTheOldFolder() throws Exception {
        Images.png(pile.resolve("cat/known.png"), 50, 16);
        Images.png(pile.resolve("weather/known.png"), 51, 16);
        answers.put("a.png", new Object[] {"weather", 0.99});
        answers.put("b.png", new Object[] {"weather", 0.95});
        answers.put("c.png", new Object[] {"cat", 0.97});
        open(pile);
        vm.setModel(tmp.resolve("some-run"), "first run");
        vm.renameClass("weather", "sky");
        assertEquals(List.of(new Group("weather", "sky", 2), new Group("cat", "cat", 1)), vm.groups(),
                "the model's 'weather' is now 'sky'");
        vm.acceptGroup("weather");
        assertTrue(vm.reviewProperty().get().summary().contains("to 'sky'"), vm.reviewProperty().get().summary());
        vm.confirmReview();
        assertTrue(Files.exists(pile.resolve("sky/a.png")) && Files.exists(pile.resolve("sky/b.png")));
        assertFalse(Files.exists(pile.resolve("weather")), "no 'weather' folder beside 'sky'");
        vm.undo();

        // renamed behind Graft's back: the model's class is named as missing, the user chooses
        Files.move(pile.resolve("sky"), pile.resolve("heaven"));
        vm.reload();
        assertEquals(List.of(new Group("weather", null, 2), new Group("cat", "cat", 1)), vm.groups());
        vm.acceptGroup("weather");
        assertTrue(said.get(said.size() - 1).contains("no class 'weather'"), said.get(said.size() - 1));
        assertEquals(null, vm.reviewProperty().get());
        vm.click(pile.resolve("a.png"), false, false);
        vm.acceptSelected();
        assertTrue(Files.exists(pile.resolve("a.png")) && !Files.exists(pile.resolve("weather")),
                "Enter does not recreate it either: " + said.get(said.size() - 1));
        vm.acceptGroupAs("weather", "heaven");
        vm.confirmReview();
        assertTrue(Files.exists(pile.resolve("heaven/a.png")) && Files.exists(pile.resolve("heaven/b.png")));
        assertFalse(Files.exists(pile.resolve("weather")));
    }

    private Path shownFile(String name) {
        return vm.tiles().stream().map(Tile::file).filter(f -> f.getFileName().toString().equals(name)).findFirst()
                .orElseThrow();
    }

    @Test
    void whereItLookedIsOfferedForPreSortedInboxImagesOnlyAndSaysWhyOtherwise() throws Exception {
        Images.png(pile.resolve("cat/known.png"), 50, 16);
        answers.put("a.png", new Object[] {"cat", 0.97});
        answers.put("b.png", new Object[] {"dog", 0.6, false});
        // c, d, e: the model cannot read them
        open(pile);
        Path a = shownFile("a.png");
        assertEquals("No model pre-sorts the inbox yet: train a run (or show one in Results), then ask where it"
                + " looked.", vm.heatMap(a).unavailable());
        assertEquals("Select an inbox image the model pre-sorted, then press H (or right-click it) to see where the"
                + " model looked.", vm.heatMapUnavailableProperty().get(), "nothing selected: the button says why");

        Path run = tmp.resolve("some-run");
        vm.setModel(run, "first run");
        InboxHeatMap h = vm.heatMap(a);
        assertTrue(h.available());
        assertEquals(List.of(run, "cat"), List.of(h.run(), h.predicted()), "the run that sorted it, its class");
        assertEquals("Run 'first run' pre-sorted a.png as 'cat' (97 %).", h.heading());
        assertEquals("Run 'first run' pre-sorted b.png as 'dog' (60 %, but the image is unlike the ones it knows).",
                vm.heatMap(shownFile("b.png")).heading(), "an unfamiliar image can be looked at too");
        assertEquals("Run 'first run' could not classify 'c.png': unreadable", vm.heatMap(shownFile("c.png"))
                .unavailable());

        // the button and H follow the selection
        vm.click(a, false, false);
        assertEquals("", vm.heatMapUnavailableProperty().get());
        assertEquals(a, vm.requestHeatMap(null).file());
        vm.click(shownFile("c.png"), false, false);
        assertTrue(vm.heatMapUnavailableProperty().get().contains("could not classify 'c.png'"));
        vm.click(a, true, false);
        assertEquals(a, vm.heatMapOfSelection().file(), "the image last clicked");
        int told = said.size();
        assertFalse(vm.requestHeatMap(shownFile("d.png")).available());
        assertEquals(told + 1, said.size());
        assertTrue(vm.messageProperty().get().contains("could not classify 'd.png'"), "H says why, like any action");

        // a model without a spatial map: said once, then known without loading it again
        vm.noHeatMaps(tmp.resolve("another-run"), "not this run's");
        assertTrue(vm.heatMap(a).available(), "another run's answer changes nothing");
        vm.noHeatMaps(run, "Heat maps are not available for this model, because …");
        assertEquals("Heat maps are not available for this model, because …", vm.heatMap(a).unavailable());
        assertEquals("Heat maps are not available for this model, because …", vm.heatMapUnavailableProperty().get());
        vm.setModel(tmp.resolve("newer-run"), "second run");
        assertTrue(vm.heatMap(shownFile("a.png")).available(), "another run: asked afresh");

        vm.setModel(tmp.resolve("broken-run"), "broken");
        assertTrue(vm.heatMap(shownFile("a.png")).unavailable().startsWith("Run 'broken' could not pre-sort the"
                + " inbox"), vm.heatMap(shownFile("a.png")).unavailable());

        // a labelled image has no prediction to explain
        vm.setModel(run, "first run");
        vm.shownProperty().set(bucket("cat"));
        assertEquals("'known.png' is labelled already: heat maps here are for inbox images the model pre-sorted"
                + " (Results shows them for its mistakes, Try for any image).", vm.heatMap(shownFile("known.png"))
                .unavailable());
    }

    @Test
    void inAFolderWithNoClassesYetTheModelsClassesStartIt() throws Exception {
        answers.put("a.png", new Object[] {"bird", 0.99});
        open(pile);
        vm.setModel(tmp.resolve("some-run"), "first run");
        assertEquals(List.of(new Group("bird", "bird", 1)), vm.groups());
        vm.acceptAllConfident();
        vm.confirmReview();
        assertTrue(Files.exists(pile.resolve("bird/a.png")), "nothing could have been renamed: the class is created");
    }

    @Test
    void dropsFromTheFileManagerCopyOrMoveAndSayWhatWasRefused() throws Exception {
        Path desktop = tmp.resolve("desktop");
        Images.png(desktop.resolve("new.png"), 70, 16);
        Files.copy(pile.resolve("a.png"), desktop.resolve("same-as-a.png"));
        Files.writeString(desktop.resolve("todo.txt"), "x");
        Images.png(desktop.resolve("moved.png"), 71, 16);
        open(pile);
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

        vm.newClassNameProperty().set("birds");
        vm.dropOnNewClass(List.of(pile.resolve("b.png")), false, false);
        assertTrue(Files.exists(pile.resolve("birds/b.png")), "a drop on New class creates the class named");
        vm.newClassNameProperty().set("../evil");
        vm.dropOnNewClass(List.of(pile.resolve("c.png")), false, false);
        assertTrue(said.get(said.size() - 1).contains("separate folders"), said.get(said.size() - 1));
        assertTrue(Files.exists(pile.resolve("c.png")), "a bad name changes nothing");
    }

    @Test
    void classesAreRenamedAndDeletedToTheTrashUndoably() throws Exception {
        open(pile);
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
        open(pile);
        assertTrue(vm.bannerProperty().get().contains("has now been completed"), vm.bannerProperty().get());
        assertTrue(said.get(said.size() - 1).contains("interrupted") || said.stream().anyMatch(s ->
                s.contains("interrupted")));
        assertTrue(vm.canUndoProperty().get());
        vm.undo();
        assertTrue(Files.exists(pile.resolve("a.png")));
    }

    @Test
    void theRecoveryNoticeOffersCtrlZOnlyWhereItWorksAndBelongsToItsFolder() throws Exception {
        Files.createDirectories(pile.resolve("cat"));
        Files.move(pile.resolve("a.png"), pile.resolve("cat/a.png")); // as the interrupted operation left it
        Operation op = new Operation("op1", pile.toRealPath(), "move 1 image to 'cat'", "then",
                List.of(Step.move(pile.toRealPath().resolve("a.png"), pile.toRealPath().resolve("cat/a.png"), 1, null)),
                List.of());
        Path other = Images.pngs(tmp.resolve("other"), 16, 90, "x/one.png", "y/two.png");
        // the window reopened another folder than the one the crash interrupted
        open(other);
        vm.recover(() -> List.of(new Recovery.Recovered(op, Recovery.Outcome.COMPLETED, 1, null)));
        String banner = vm.bannerProperty().get();
        assertFalse(vm.canUndoProperty().get());
        assertFalse(banner.contains("Ctrl+Z undoes it"), "Undo is disabled here: " + banner);
        assertTrue(banner.contains("has now been completed") && banner.contains(pile.toRealPath().toString())
                && banner.contains("open"), banner);

        open(pile);
        assertTrue(vm.canUndoProperty().get(), "in its own folder the completed operation can be undone");
        assertTrue(vm.bannerProperty().get().contains("Ctrl+Z undoes it"), vm.bannerProperty().get());

        open(other);
        assertEquals("", vm.bannerProperty().get(), "another dataset: the notice stays with its folder");
        open(pile);
        vm.undo();
        assertTrue(Files.exists(pile.resolve("a.png")));
        assertEquals("", vm.bannerProperty().get(), "undone: the notice has done its job");
    }

    @Test
    void aDropOnNewClassWithoutANameMakesNoClassAndSaysWhatToDo() throws Exception {
        open(pile);
        vm.newClassNameProperty().set("  ");
        Map<String, String> before = FolderSnapshot.of(pile);
        vm.dropOnNewClass(List.of(pile.resolve("b.png")), false, false);
        assertEquals(before, FolderSnapshot.of(pile), "no class called 'new class' appears");
        assertTrue(vm.messageProperty().get().contains("name"), vm.messageProperty().get());
    }

    @Test
    void aDroppedFileWhoseNameStartsWithADotIsRefusedNotHiddenInTheDataset() throws Exception {
        Path desktop = tmp.resolve("desktop");
        Images.png(desktop.resolve(".secret.png"), 72, 16);
        Images.png(desktop.resolve("shown.png"), 73, 16);
        open(pile);
        vm.dropFromOutside(List.of(desktop.resolve(".secret.png"), desktop.resolve("shown.png")), bucket(null), false);
        assertFalse(Files.exists(pile.resolve(".secret.png")), "not copied where nothing would show it");
        assertEquals(6, bucket(null).count());
        assertTrue(vm.messageProperty().get().contains(".secret.png (hidden"), vm.messageProperty().get());
    }

    @Test
    void numberKeysFollowTheOrderClassesWereMadeInSoNoKeyShifts() throws Exception {
        Files.createDirectories(pile.resolve("dog"));
        Files.createDirectories(pile.resolve("zebra"));
        open(pile);
        assertEquals(1, bucket("dog").key());
        assertEquals(2, bucket("zebra").key());
        vm.createClass("cat"); // sorts before both
        assertEquals(1, bucket("dog").key(), "dog keeps its key");
        assertEquals(2, bucket("zebra").key(), "zebra keeps its key");
        assertEquals(3, bucket("cat").key(), "the new class gets the next key");
        assertEquals(List.of("dog", "zebra", "cat"), vm.buckets().stream().skip(1).map(Bucket::cls).toList(),
                "listed by key");
        vm.renameClass("dog", "hound");
        assertEquals(1, bucket("hound").key(), "a renamed class keeps its key");
        vm.click(pile.resolve("a.png"), false, false);
        assertTrue(vm.assignKey(3));
        assertTrue(Files.exists(pile.resolve("cat/a.png")));
    }

    @Test
    void selectAllSelectsEveryImageShown() throws Exception {
        open(pile);
        vm.selectAll();
        assertEquals(5, vm.selected().size());
    }
}
