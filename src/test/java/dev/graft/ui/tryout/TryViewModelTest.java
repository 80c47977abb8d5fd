package dev.graft.ui.tryout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.core.explain.Picture;
import dev.graft.core.run.RunOutcome;
import dev.graft.core.run.RunRecord;
import dev.graft.testing.FolderSnapshot;
import dev.graft.testing.Images;
import dev.graft.ui.common.Background;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Try tab without a toolkit: the real engine on the bundled model, real files. */
class TryViewModelTest {

    private static final Path BUNDLED = Path.of("src", "main", "resources", "dev", "graft", "models", "mobilenet_v2");

    @TempDir
    Path tmp;

    private final Explainers explainers = new Explainers();

    @AfterEach
    void close() {
        explainers.close();
    }

    private static RunRecord run(Path dir, String name, RunOutcome status, int epochs) {
        return new RunRecord(dir, name, "2026-12-06T12:00:00Z", null, status, null, epochs, null, null, List.of(),
                false, null, null, null);
    }

    /** A run folder whose model is a copy of the bundled one. */
    private Path runWithModel(String name) throws Exception {
        Path model = Files.createDirectories(tmp.resolve(name).resolve("model"));
        try (Stream<Path> files = Files.list(BUNDLED)) {
            for (Path f : files.toList()) {
                Files.copy(f, model.resolve(f.getFileName()));
            }
        }
        return model.getParent();
    }

    @Test
    void droppedImagesAreAnsweredNewestFirstWithHeatMapsAndBadOnesSayWhy() throws Exception {
        ObservableList<RunRecord> history = FXCollections.observableArrayList(
                run(tmp.resolve("crashed"), "crashed run", RunOutcome.CRASHED, 0),
                run(runWithModel("first"), "first run", RunOutcome.COMPLETED, 2));
        TryViewModel vm = new TryViewModel(Background.sameThread(), explainers, history, tmp.resolve("pasted"));
        assertEquals(1, vm.runs().size(), "only runs with a model are offered");
        assertEquals("first run", vm.runProperty().get().name());
        assertEquals("Answers from run 'first run'", vm.runSentence());

        Path folder = Files.createDirectories(tmp.resolve("new images"));
        Images.pngs(folder, 96, 1, "a.png", "b.png");
        Files.writeString(folder.resolve("notes.txt"), "not an image");
        var before = FolderSnapshot.of(folder);
        Path single = Images.png(tmp.resolve("single.png"), 9, 80);
        vm.add(List.of(single));
        vm.add(List.of(folder));

        List<String> names = vm.items().stream().map(i -> i.file().getFileName().toString()).toList();
        assertEquals(List.of("a.png", "b.png", "notes.txt", "single.png"), names, "the newest drop first");
        for (TryViewModel.Item i : vm.items()) {
            assertFalse(i.working(), i.file().toString());
        }
        TryViewModel.Item notes = vm.items().get(2);
        assertTrue(notes.error().contains("not an image"), notes.error());
        TryViewModel.Item a = vm.items().get(0);
        assertNull(a.error());
        assertEquals(TryViewModel.TOP, a.top().size());
        assertTrue(a.top().get(0).probability() >= a.top().get(1).probability(), "most likely first");
        assertEquals(a.top().get(0).cls(), a.explained(), "the predicted class's heat map first");
        assertNotNull(a.heat());
        assertEquals(a.preview().width(), a.heat().width(), "the heat map lies over the picture");

        String other = a.top().get(2).cls();
        vm.showClass(a.id(), other);
        assertEquals(other, vm.items().get(0).explained());
        assertEquals(a.top(), vm.items().get(0).top(), "the probabilities do not change");
        assertEquals(before, FolderSnapshot.of(folder), "the dropped files are only read");
    }

    @Test
    void pastedImagesAreKeptInGraftsFolderAndSwitchingRunsAnswersAgain() throws Exception {
        ObservableList<RunRecord> history = FXCollections.observableArrayList(
                run(runWithModel("older"), "older run", RunOutcome.COMPLETED, 1));
        Path pasted = tmp.resolve("pasted");
        TryViewModel vm = new TryViewModel(Background.sameThread(), explainers, history, pasted);
        int[] px = new int[40 * 30];
        java.util.Arrays.fill(px, 0xFF3366CC);
        vm.paste(new Picture(40, 30, px));
        assertEquals(1, vm.items().size());
        assertTrue(vm.items().get(0).file().startsWith(pasted), "saved in Graft's own folder");
        assertNotNull(vm.items().get(0).heat());

        history.add(0, run(runWithModel("newer"), "newer run", RunOutcome.COMPLETED, 3));
        assertEquals("older run", vm.runProperty().get().name(), "the chosen run stays chosen");
        vm.runProperty().set(vm.runs().get(0));
        assertEquals("newer run", vm.runProperty().get().name());
        assertFalse(vm.items().get(0).working(), "answered again by the newer run");
        assertNotNull(vm.items().get(0).heat());

        history.clear();
        assertNull(vm.runProperty().get());
        assertTrue(vm.runSentence().startsWith("No run with a model"));
    }
}
