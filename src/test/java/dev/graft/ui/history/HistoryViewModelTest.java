package dev.graft.ui.history;

import dev.graft.core.run.RunOutcome;

import dev.graft.core.run.RecipeField;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.core.run.RunFolder;
import dev.graft.core.run.RunRecord;
import dev.graft.engine.train.TrainingRuns;
import dev.graft.testing.TestData;
import dev.graft.ui.common.Background;
import dev.graft.ui.training.TrainingMessages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run history of a dataset from real run folders, said the same way as everywhere else. */
class HistoryViewModelTest {

    @TempDir
    Path tmp;

    @Test
    void listsRunsNewestFirstWithOneTruthPerRunAndBrokenFoldersShown() throws Exception {
        Path data = TestData.emojiSubset(tmp.resolve("data"), 4, "animal", "food");
        Path runs = Files.createDirectories(tmp.resolve("runs"));
        TrainingRuns.train(TrainingRuns.quick(data).set(RecipeField.EPOCHS, 2).build(), runs.resolve("20260101-000000-a"));
        TrainingRuns.train(TrainingRuns.quick(data).set(RecipeField.EPOCHS, 1).build(), runs.resolve("20260102-000000-b"));
        Path broken = Files.createDirectories(runs.resolve("20260103-000000-broken"));
        Files.writeString(broken.resolve(RunFolder.RECIPE), "{ nope");
        HistoryViewModel vm = new HistoryViewModel(Background.sameThread(), d -> runs);

        vm.refresh(data);

        List<RunRecord> list = vm.runs();
        assertEquals(List.of("20260103-000000-broken", "20260102-000000-b", "20260101-000000-a"),
                list.stream().map(r -> r.dir().getFileName().toString()).toList());
        assertEquals(RunOutcome.BROKEN, list.get(0).status());
        RunRecord a = list.get(2);
        assertEquals("2 epochs · validation " + TrainingMessages.accuracy(a.valAccuracy()), HistoryViewModel.outcome(a));
        assertTrue(HistoryViewModel.describe(a).contains("mobilenet_v2 head only, 2 epochs, lr 0.01, 64 px"),
                HistoryViewModel.describe(a));
        assertTrue(HistoryViewModel.describe(a).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d  ·  .*"),
                "rows start with when the run started: " + HistoryViewModel.describe(a));

        vm.select(List.of(list.get(2), list.get(1)));
        assertEquals(2, vm.overlay().size());
        assertEquals(0, vm.overlay().get(0).colour(), "the oldest run has the first colour");
        assertEquals(1, vm.overlay().get(1).colour());
        assertEquals(2, vm.overlay().get(0).points().size());
        Files.writeString(Files.createDirectories(runs.resolve("20260104-000000-newer")).resolve(RunFolder.RECIPE),
                "{ nope");
        vm.refresh(data);
        vm.select(List.of(vm.runs().get(3)));
        assertEquals("20260101-000000-a", vm.runs().get(3).dir().getFileName().toString());
        assertEquals(0, vm.overlay().get(0).colour(), "a run keeps its colour when newer runs arrive");

        vm.refresh(null);
        assertTrue(vm.runs().isEmpty());
        assertEquals("Open a dataset to see its runs.", vm.placeholderProperty().get());
        vm.refresh(tmp.resolve("nothing-here"));
        assertEquals("No runs on this dataset yet: press Train.", vm.placeholderProperty().get());
    }
}
