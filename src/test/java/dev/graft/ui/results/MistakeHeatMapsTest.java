package dev.graft.ui.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.core.eval.Evaluation;
import dev.graft.core.run.RunOutcome;
import dev.graft.core.run.RunRecord;
import dev.graft.engine.explain.Explanation;
import dev.graft.testing.Images;
import dev.graft.ui.common.Background;
import dev.graft.ui.tryout.Explainers;
import dev.graft.ui.tryout.HeatMaps;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A mistake's heat maps without a toolkit: the real engine on the bundled model as a run's model. */
class MistakeHeatMapsTest {

    private static final Path BUNDLED = Path.of("src", "main", "resources", "dev", "graft", "models", "mobilenet_v2");

    @TempDir
    Path tmp;

    @Test
    void aMistakeIsExplainedForTheClassItSaidAndForItsTrueClass() throws Exception {
        Path model = Files.createDirectories(tmp.resolve("run").resolve("model"));
        try (Stream<Path> files = Files.list(BUNDLED)) {
            for (Path f : files.toList()) {
                Files.copy(f, model.resolve(f.getFileName()));
            }
        }
        RunRecord run = new RunRecord(model.getParent(), "a run", "2026-12-06T12:00:00Z", null, RunOutcome.COMPLETED,
                null, 1, null, null, List.of(), false, null, null, null);
        Path image = Images.png(tmp.resolve("cat.png"), 2, 100);
        Path broken = Files.writeString(tmp.resolve("dog.png"), "no image");
        List<Explanation> shown = new ArrayList<>();
        List<String> said = new ArrayList<>();
        try (Explainers explainers = new Explainers()) {
            MistakeHeatMaps maps = new MistakeHeatMaps(new HeatMaps(Background.sameThread(), explainers), () -> run);
            Evaluation.Mistake m = new Evaluation.Mistake(image.toString(), "Drawing", "Neutral", 0.8);
            maps.explain(m, m.predictedClass(), shown::add, said::add);
            maps.explain(m, m.trueClass(), shown::add, said::add);
            maps.explain(new Evaluation.Mistake(broken.toString(), "Drawing", "Neutral", 0.7), "Neutral", shown::add,
                    said::add);
            new MistakeHeatMaps(new HeatMaps(Background.sameThread(), explainers), () -> null).explain(m, "Neutral", shown::add,
                    said::add);
        }
        assertEquals(List.of("Neutral", "Drawing"), shown.stream().map(Explanation::explained).toList());
        assertNotNull(shown.get(0).heat());
        assertEquals(2, said.size(), said.toString());
        assertTrue(said.get(0).startsWith("Cannot read this image: not an image"), said.get(0));
        assertEquals("This run has no model to explain with.", said.get(1));
    }
}
