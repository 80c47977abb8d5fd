package dev.graft.engine.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.core.run.Recipe;
import dev.graft.core.run.RecipeField;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The parts of {@code graft bench scale} that run in its phase processes, here in this one: the
 * scan and the check on real generated files, the raw forward ceiling on the bundled model, and the
 * table with the cost per image at the largest size against the smallest.
 */
class ScaleBenchPartsTest {

    @TempDir
    Path tmp;

    @Test
    void theScanAndTheCheckCountEveryImageAndSayTheirPeakMemory() throws Exception {
        Path data = ScaleBench.generate(tmp.resolve("data"), 40);
        for (String phase : List.of("scan", "check")) {
            Map<String, Object> r = ScalePhases.run(phase, data, null, null, 0);
            assertEquals(40, r.get("images"), phase);
            assertTrue(((Number) r.get("imagesPerSecond")).doubleValue() > 0, phase);
            assertTrue(((Number) r.get("peakResidentMb")).longValue() > 0, phase + ": this process's VmHWM");
        }
    }

    @Test
    void theRawForwardRunsTheFrozenPartTheRecipeWouldCache() throws Exception {
        Path data = ScaleBench.generate(tmp.resolve("data"), 10);
        Recipe head = Recipe.builder(data.toString()).set(RecipeField.FREEZE, "backbone")
                .set(RecipeField.IMAGE_SIZE, 64).build();
        RawForward.Result whole = RawForward.measure(head, 4, 0.5);
        assertEquals("the whole backbone", whole.part());
        assertTrue(whole.imagesPerSecond() > 0);
        Recipe standard = Recipe.builder(data.toString()).set(RecipeField.IMAGE_SIZE, 64).build();
        assertEquals("stem–stage5", RawForward.measure(standard, 4, 0.5).part(),
                "the default recipe caches the stages before the last two");
    }

    @Test
    void theTableComparesTheCostPerImageOfTheLargestSizeWithTheSmallest() {
        Map<String, Object> results = new LinkedHashMap<>();
        Map<String, Object> sizes = new LinkedHashMap<>();
        sizes.put("1000", Map.of("headOnly", Map.of("passSeconds", 20.0, "seconds", 40.0,
                "passImagesPerSecond", 50.0, "rawForwardImagesPerSecond", 50.0, "passToRawForward", 1.0,
                "msPerImage", 40.0, "peakResidentMb", 3000)));
        sizes.put("30000", Map.of("headOnly", Map.of("passSeconds", 660.0, "seconds", 900.0,
                "passImagesPerSecond", 45.5, "rawForwardImagesPerSecond", 50.0, "passToRawForward", 0.91,
                "msPerImage", 30.0, "peakResidentMb", 3300)));
        results.put("sizes", sizes);
        String table = ScaleTable.markdown(results);
        assertTrue(table.contains("| 30,000 |"), table);
        assertTrue(table.contains("45.5 (50.0, 0.91×)"), table);
        assertTrue(table.contains("head-only feature pass, time per image: 1,000 images 20.00 ms, 30,000 images"
                + " 22.00 ms (1.10×)"), table);
    }
}
