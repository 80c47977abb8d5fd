package dev.graft.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The speed memory behind the estimate shown before Train: what counts as the same kind of recipe, and a damaged file. */
class RunSpeedsTest {

    @TempDir
    Path tmp;

    private static Recipe recipe(long seed, int epochs, int imageSize) {
        return Recipe.builder("/data/a").set(RecipeField.SEED, seed).set(RecipeField.EPOCHS, epochs)
                .set(RecipeField.IMAGE_SIZE, imageSize).build();
    }

    @Test
    void aRecipeOfTheSameKindOnAnotherDatasetIsEstimatedFromTheMeasurement() throws Exception {
        RunSpeeds speeds = new RunSpeeds(tmp.resolve("speeds.json"));
        assertNull(speeds.of(recipe(1, 30, 224)), "nothing measured yet");
        speeds.record(recipe(1, 30, 224), new RunSpeeds.Speed(5, 0.02, 0.004, 2_000));

        Recipe other = Recipe.builder("/data/b").set(RecipeField.SEED, 7L).set(RecipeField.EPOCHS, 10)
                .set(RecipeField.IMAGE_SIZE, 224).build();
        RunSpeeds.Speed s = new RunSpeeds(tmp.resolve("speeds.json")).of(other);
        assertNotNull(s, "dataset, seed and epochs do not change the cost per image");
        // 5 s + 0.02 s × 30,000 images + 0.004 s × 10 epochs × 27,000 training images
        assertEquals(5 + 600 + 1_080, s.seconds(27_000, 3_000, 10), 1e-6);
        assertNull(speeds.of(recipe(1, 30, 96)), "another image size costs differently");
        assertNotEquals(RunSpeeds.kind(recipe(1, 30, 224)), RunSpeeds.kind(recipe(1, 30, 96)));
        assertEquals("about 28 min (measured on this machine in an earlier run of this recipe on 2,000 images)",
                RunSpeeds.describe(s, 27_000, 3_000, 10));
    }

    @Test
    void aDamagedFileMeansNoEstimateAndIsReplacedByTheNextMeasurement() throws Exception {
        Path file = tmp.resolve("speeds.json");
        Files.writeString(file, "{ not json");
        RunSpeeds speeds = new RunSpeeds(file);
        assertNull(speeds.of(recipe(1, 30, 224)));
        speeds.record(recipe(1, 30, 224), new RunSpeeds.Speed(1, 0, 0.01, 100));
        assertNotNull(speeds.of(recipe(1, 30, 224)));
        assertTrue(Files.readString(file).contains("epochSecondsPerImage"));

        speeds.record(recipe(1, 30, 224), new RunSpeeds.Speed(1, 0, Double.NaN, 100)); // not a measurement
        assertEquals(0.01, speeds.of(recipe(1, 30, 224)).epochSecondsPerImage(), 1e-12);
    }

    @Test
    void durationsAreSaidAsPeopleSayThem() {
        assertEquals("40 s", RunSpeeds.roughly(40));
        assertEquals("14 min", RunSpeeds.roughly(14 * 60 + 10));
        assertEquals("2 h 10 min", RunSpeeds.roughly(130 * 60));
    }
}
