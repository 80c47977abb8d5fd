package dev.graft.ui.shell;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.core.run.RunRecord;
import dev.graft.testing.TestData;
import dev.graft.testing.Workbenches;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javafx.geometry.Rectangle2D;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The window keeps its work between starts: the added models, the chosen model, the last dataset and
 * the run it showed come back; a damaged settings file is put aside, not fatal; a remembered window
 * place that no screen shows is not used.
 */
class WorkbenchSessionTest {

    @TempDir
    Path tmp;

    @Test
    void addedModelsTheDatasetAndTheShownRunComeBackAfterARestart() throws Exception {
        Path runs = tmp.resolve("runs");
        WorkbenchStateStore store = new WorkbenchStateStore(tmp.resolve("config/workbench.json"));
        Path data = TestData.emojiSubset(tmp.resolve("data"), 8, "animal", "food", "vehicle");
        Path model = Files.copy(Path.of(getClass().getResource("/dev/graft/torchscript/tiny_cnn.pt").toURI()),
                tmp.resolve("mine.pt"));

        WorkbenchViewModel first = Workbenches.replaying(runs);
        WorkbenchSession session = new WorkbenchSession(first, store);
        assertNull(session.restore(), "a first start has no dataset to reopen");
        first.openDataset(data);
        first.train();
        Workbenches.drainUntilDone(first);
        RunRecord older = first.history().runs().get(0);
        first.train();
        Workbenches.drainUntilDone(first);
        first.showEarlierRun(older); // not the newest: the one the user looked at
        first.models().addLocal(model);
        assertTrue(Files.isRegularFile(store.file()), "remembered as it happens, not only on a clean exit");

        WorkbenchViewModel again = Workbenches.replaying(runs);
        WorkbenchSession restored = new WorkbenchSession(again, store);
        Path reopened = restored.restore();
        assertEquals(data.toAbsolutePath().normalize(), reopened);
        assertEquals(model.toAbsolutePath().normalize().toString(), again.models().selectedProperty().get().id(),
                "the added model is back, and chosen");
        again.openDataset(reopened);
        assertNotNull(again.results().runProperty().get(), "Results shows a run, not 'No results yet'");
        assertEquals(older.dir(), again.results().runProperty().get().dir(), "the run it showed last");
    }

    @Test
    void aDamagedSettingsFileIsPutAsideAndTheWindowStartsAsNew() throws Exception {
        Path file = Files.createDirectories(tmp.resolve("config")).resolve(WorkbenchStateStore.FILE);
        byte[] damaged = "{\"lastDataset\": [1, 2".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Files.write(file, damaged);
        WorkbenchStateStore store = new WorkbenchStateStore(file);

        WorkbenchState state = store.load();

        assertEquals(WorkbenchState.empty(), state);
        assertNotNull(store.problem());
        assertTrue(store.problem().contains("kept as workbench.json.damaged-"), store.problem());
        try (var s = Files.list(file.getParent())) {
            Path aside = s.filter(p -> p.getFileName().toString().startsWith("workbench.json.damaged-")).findFirst()
                    .orElseThrow();
            assertArrayEquals(damaged, Files.readAllBytes(aside), "the user's file is kept as it was");
        }
        store.save(state.withDataset("/x"));
        assertEquals("/x", store.load().lastDataset());
        assertNull(store.problem());
    }

    @Test
    void aRememberedPlaceIsUsedOnlyWhereAScreenShowsItsTitleBar() {
        List<Rectangle2D> screens = List.of(new Rectangle2D(0, 0, 1600, 1000));
        WindowPlacement fits = WindowPlacement.of(new WorkbenchState.Window(100, 50, 1200, 800, true), screens);
        assertEquals(new WindowPlacement(100, 50, 1200, 800, true), fits);

        WindowPlacement offScreen = WindowPlacement.of(new WorkbenchState.Window(3000, -500, 1200, 800, false),
                screens);
        assertTrue(Double.isNaN(offScreen.x()), "centred instead");
        assertEquals(1200, offScreen.width());

        WindowPlacement tiny = WindowPlacement.of(new WorkbenchState.Window(10, 10, 200, 200, false), screens);
        assertEquals(WindowPlacement.DEFAULT_WIDTH, tiny.width(), "a 200×200 window is not brought back");

        WindowPlacement larger = WindowPlacement.of(new WorkbenchState.Window(0, 0, 2400, 1400, false), screens);
        assertEquals(1600 - WindowPlacement.FRAME_WIDTH, larger.width(),
                "a size from a larger screen is cut to this one, with room for the window's frame");
        WindowPlacement small = WindowPlacement.of(null, List.of(new Rectangle2D(0, 0, 1024, 700)));
        assertTrue(small.width() + WindowPlacement.FRAME_WIDTH <= 1024 && small.height()
                + WindowPlacement.FRAME_HEIGHT <= 700, "a first start fits a small screen with its frame: " + small);
        assertEquals(WindowPlacement.DEFAULT_WIDTH, WindowPlacement.of(null, screens).width());
    }
}
