package dev.graft.engine.train;

import dev.graft.core.run.RunOutcome;

import dev.graft.core.run.RecipeField;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import dev.graft.core.run.RunEvent;
import dev.graft.engine.catalogue.BundledModel;
import dev.graft.engine.catalogue.FolderModel;
import dev.graft.engine.diff.ParamDiff;
import dev.graft.engine.net.LoadedNet;
import dev.graft.testing.TestData;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docs/models.md, "What frozen means": frozen means frozen, BatchNorm running statistics included. */
class FrozenLayersTest {

    @TempDir
    Path tmp;

    @Test
    void frozenStagesAreBitIdenticalWhileTrainedStagesMove() throws Exception {
        check("update");
    }

    /** The default: BatchNorm layers that train keep their pretrained statistics (docs/numbers.md). */
    @Test
    void withFrozenStatisticsTrainedStagesKeepTheirBatchNormStatistics() throws Exception {
        check("frozen");
    }

    private void check(String bnStatistics) throws Exception {
        Path data = TestData.emojiSubset(tmp.resolve("data"), 6, "animal", "food", "vehicle");
        TrainingRuns.Result run = TrainingRuns.train(TrainingRuns.quick(data).set(RecipeField.TRAIN_LAST, 2).set(RecipeField.VIEWS, 1)
                .set(RecipeField.PROBE_EPOCHS, 2).set(RecipeField.BN_STATISTICS, bnStatistics).build(), tmp.resolve("run"));
        assertEquals(RunOutcome.COMPLETED, run.finished().status());
        RunEvent.RunStarted started = (RunEvent.RunStarted) run.events().stream()
                .filter(e -> e instanceof RunEvent.RunStarted).findFirst().orElseThrow();
        assertFalse(started.featureCache(), "stages train, so no feature cache");

        ParamDiff.Result diff;
        try (LoadedNet before = new BundledModel().load(Device.cpu());
                LoadedNet after = new FolderModel(tmp.resolve("run/model")).load(Device.cpu())) {
            diff = ParamDiff.compare("bundled", before, "trained", after);
        }
        List<String> frozenStages = List.of("stem.", "stage1.", "stage2.", "stage3.", "stage4.", "stage5.");
        int frozenChecked = 0;
        int frozenStats = 0;
        boolean trainedStatisticMoved = false;
        boolean trainedStatisticKept = true;
        boolean trainedWeightMoved = false;
        for (ParamDiff.TensorDiff t : diff.tensors()) {
            boolean frozen = frozenStages.stream().anyMatch(t.name()::startsWith);
            boolean statistic = t.name().endsWith("runningMean") || t.name().endsWith("runningVar");
            if (frozen) {
                assertTrue(t.identical(), t.name() + " is frozen but changed by " + t.maxAbsDiff());
                frozenChecked++;
                frozenStats += statistic ? 1 : 0;
            } else if (statistic) {
                trainedStatisticMoved |= !t.identical();
                trainedStatisticKept &= t.identical();
            } else {
                trainedWeightMoved |= !t.identical();
            }
        }
        assertTrue(frozenChecked > 100, "checked " + frozenChecked + " frozen tensors");
        assertTrue(frozenStats > 40, "BatchNorm statistics among them: " + frozenStats);
        assertTrue(trainedWeightMoved, "trained stages must change, or this test proves nothing");
        if (bnStatistics.equals("update")) {
            assertTrue(trainedStatisticMoved, "BatchNorm statistics of trained stages move in training mode");
        } else {
            assertTrue(trainedStatisticKept, "with frozen statistics no running statistic may move");
        }
    }
}
