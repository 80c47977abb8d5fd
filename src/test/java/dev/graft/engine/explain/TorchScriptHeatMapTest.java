package dev.graft.engine.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.core.run.RecipeField;
import dev.graft.core.run.RunOutcome;
import dev.graft.engine.train.TrainingRuns;
import dev.graft.testing.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A TorchScript backbone hands the head pooled features: no heat map, and it says why. */
class TorchScriptHeatMapTest {

    @TempDir
    Path tmp;

    @Test
    void aModelWithoutASpatialMapSaysSoInsteadOfDrawing() throws Exception {
        Path pt = TestData.tinyTorchScript(tmp);
        Path data = TestData.emojiSubset(tmp.resolve("data"), 3, "animal", "food");
        TrainingRuns.Result run = TrainingRuns.train(TrainingRuns.quick(data).set(RecipeField.MODEL, pt.toString())
                .set(RecipeField.EPOCHS, 1).build(), tmp.resolve("run"));
        assertEquals(RunOutcome.COMPLETED, run.finished().status());
        try (Explainer explainer = Explainer.open(tmp.resolve("run"))) {
            assertTrue(explainer.unavailable().startsWith("Heat maps are not available for this model, because"),
                    explainer.unavailable());
            Path image = Files.list(data.resolve("food")).sorted().findFirst().orElseThrow();
            Explanation e = explainer.explain(image, null, 0);
            assertNull(e.error());
            assertNotNull(e.predicted(), "it still answers");
            assertNull(e.heat(), "but draws nothing misleading");
            assertEquals(explainer.unavailable(), e.unavailable());
        }
    }
}
