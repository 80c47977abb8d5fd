package dev.graft.ui.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.engine.train.TrainingRuns;
import dev.graft.testing.TestData;
import dev.graft.ui.common.Background;
import dev.graft.ui.history.RunHistory;
import dev.graft.ui.history.RunSummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Results and history read a real run folder. */
class ResultsViewModelTest {

    @TempDir
    Path tmp;

    @Test
    void showsTheEvaluationListsTheRunAndExportsACopy() throws Exception {
        Path data = TestData.emojiSubset(tmp.resolve("data"), 6, "animal", "food");
        Path run = tmp.resolve("runs/first");
        TrainingRuns.train(TrainingRuns.quick(data).epochs(2).build(), run);

        ResultsViewModel vm = new ResultsViewModel(Background.sameThread());
        vm.show(run);
        assertNotNull(vm.evaluationProperty().get());
        assertEquals(2, vm.evaluationProperty().get().classes().size());
        assertTrue(vm.headlineProperty().get().startsWith("Validation accuracy"), vm.headlineProperty().get());
        double rowShare = ResultsViewModel.share(vm.evaluationProperty().get(), 0, 0)
                + ResultsViewModel.share(vm.evaluationProperty().get(), 0, 1);
        assertEquals(1.0, rowShare, 1e-9);

        vm.exportTo(Files.createDirectories(tmp.resolve("exports")));
        assertTrue(Files.isRegularFile(tmp.resolve("exports/first-model/serving.properties")));
        vm.exportTo(tmp.resolve("exports"));
        assertTrue(vm.exportNoteProperty().get().startsWith("Export failed"), "never overwrites");

        List<RunSummary> runs = RunHistory.list(tmp.resolve("runs"), data);
        assertEquals(1, runs.size());
        assertEquals("completed", runs.get(0).status());
        assertEquals(2, runs.get(0).valAccuracyCurve().size());
        assertEquals(0, RunHistory.list(tmp.resolve("runs"), tmp.resolve("other")).size());
    }
}
