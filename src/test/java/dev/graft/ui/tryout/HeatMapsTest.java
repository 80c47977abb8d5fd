package dev.graft.ui.tryout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.core.run.RecipeField;
import dev.graft.core.run.RunOutcome;
import dev.graft.engine.explain.Explanation;
import dev.graft.engine.train.TrainingRuns;
import dev.graft.testing.Images;
import dev.graft.testing.TestData;
import dev.graft.ui.common.Background;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Heat maps on request without a toolkit: the real engine (the bundled model as a run's model, and
 * a real run on a TorchScript backbone), real files; what is drawn, what is offered, and the
 * sentence for each case where nothing can be.
 */
class HeatMapsTest {

    private static final Path BUNDLED = Path.of("src", "main", "resources", "dev", "graft", "models", "mobilenet_v2");

    @TempDir
    Path tmp;

    private Path bundledRun() throws Exception {
        Path model = Files.createDirectories(tmp.resolve("run").resolve("model"));
        try (Stream<Path> files = Files.list(BUNDLED)) {
            for (Path f : files.toList()) {
                Files.copy(f, model.resolve(f.getFileName()));
            }
        }
        return model.getParent();
    }

    @Test
    void anImageIsExplainedForAnyClassAndAGoneOrBrokenFileGetsASentence() throws Exception {
        Path run = bundledRun();
        Path image = Images.png(tmp.resolve("cat.png"), 2, 100);
        Path gone = Images.png(tmp.resolve("gone.png"), 3, 100);
        Files.delete(gone);
        Path broken = Files.writeString(tmp.resolve("dog.png"), "no image");
        List<Explanation> shown = new ArrayList<>();
        List<String> said = new ArrayList<>();
        List<String> noMaps = new ArrayList<>();
        try (Explainers explainers = new Explainers()) {
            HeatMaps maps = new HeatMaps(Background.sameThread(), explainers);
            maps.explain(run, "a run", image, null, shown::add, said::add, noMaps::add);
            Explanation first = shown.get(0);
            assertEquals(first.predicted(), first.explained(), "no class asked: the predicted one");
            assertNotNull(first.heat());
            List<String> offered = HeatMaps.offered(first, first.predicted(), 3);
            assertEquals(3, offered.size());
            assertEquals(first.predicted(), offered.get(0));
            assertTrue(first.probability(offered.get(1)) >= first.probability(offered.get(2)), "likeliest first");
            String other = offered.get(1);
            assertEquals(other, HeatMaps.offered(first, other, 3).get(0), "the class asked about leads");
            maps.explain(run, "a run", image, other, shown::add, said::add, noMaps::add);
            assertEquals(other, shown.get(1).explained());
            assertTrue(HeatMaps.note(shown.get(1)).startsWith("Where the model looked for '" + other + "' ("),
                    HeatMaps.note(shown.get(1)));

            maps.explain(run, "a run", gone, null, shown::add, said::add, noMaps::add);
            maps.explain(run, "a run", broken, null, shown::add, said::add, noMaps::add);
            maps.explain(tmp.resolve("no-such-run"), "old run", image, null, shown::add, said::add, noMaps::add);
        }
        assertEquals(2, shown.size());
        assertEquals(3, said.size(), said.toString());
        assertEquals("'gone.png' is no longer there: it was moved, renamed or deleted after the model looked at it.",
                said.get(0));
        assertTrue(said.get(1).startsWith("Cannot read this image: not an image"), said.get(1));
        assertTrue(said.get(2).startsWith("Cannot explain with run 'old run': "), said.get(2));
        assertEquals(List.of(), noMaps);
    }

    @Test
    void aModelWithoutASpatialMapSaysSoInsteadOfDrawing() throws Exception {
        Path pt = TestData.tinyTorchScript(tmp);
        Path data = TestData.emojiSubset(tmp.resolve("data"), 3, "animal", "food");
        assertEquals(RunOutcome.COMPLETED, TrainingRuns.train(TrainingRuns.quick(data).set(RecipeField.MODEL,
                pt.toString()).set(RecipeField.EPOCHS, 1).build(), tmp.resolve("ts-run")).finished().status());
        Path image = Files.list(data.resolve("food")).sorted().findFirst().orElseThrow();
        List<String> said = new ArrayList<>();
        List<String> noMaps = new ArrayList<>();
        try (Explainers explainers = new Explainers()) {
            new HeatMaps(Background.sameThread(), explainers).explain(tmp.resolve("ts-run"), "ts", image, null,
                    e -> said.add("drawn"), said::add, noMaps::add);
        }
        assertEquals(List.of(), said, "nothing drawn, and not called a problem of the image");
        assertEquals(1, noMaps.size());
        assertTrue(noMaps.get(0).startsWith("Heat maps are not available for this model, because"), noMaps.get(0));
    }
}
