package dev.graft.engine.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.core.model.ModelFiles;
import dev.graft.core.run.RecipeField;
import dev.graft.core.util.Json;
import dev.graft.engine.inference.ImageClassifier;
import dev.graft.engine.train.TrainingRuns;
import dev.graft.testing.TestData;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The familiarity check of a real model at the default image size (224 px, the bundled backbone,
 * head only, a few images per class so it takes seconds): noise and blank frames are unfamiliar,
 * the validation images are familiar.
 */
class FamiliarityCheckTest {

    @TempDir
    Path tmp;

    /** Uniform random pixels, the size of a small photo. */
    static List<Path> noise(Path dir, int count) throws Exception {
        Random random = new Random(5);
        List<Path> out = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            BufferedImage img = new BufferedImage(160, 120, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < img.getHeight(); y++) {
                for (int x = 0; x < img.getWidth(); x++) {
                    img.setRGB(x, y, random.nextInt(1 << 24));
                }
            }
            out.add(write(dir, img, "noise-" + k));
        }
        return out;
    }

    /** Frames of one colour: white, black, grey and a blue. */
    static List<Path> blankFrames(Path dir) throws Exception {
        List<Path> out = new ArrayList<>();
        for (Color c : new Color[] {Color.WHITE, Color.BLACK, Color.GRAY, new Color(30, 90, 200)}) {
            BufferedImage img = new BufferedImage(160, 120, BufferedImage.TYPE_INT_RGB);
            var g = img.createGraphics();
            g.setColor(c);
            g.fillRect(0, 0, img.getWidth(), img.getHeight());
            g.dispose();
            out.add(write(dir, img, "blank-" + Integer.toHexString(c.getRGB())));
        }
        return out;
    }

    private static Path write(Path dir, BufferedImage img, String name) throws Exception {
        Path f = Files.createDirectories(dir).resolve(name + ".png");
        ImageIO.write(img, "png", f.toFile());
        return f;
    }

    @Test
    void noiseAndBlankFramesAreUnfamiliarValidationImagesFamiliar() throws Exception {
        Path data = TestData.emojiSubset(tmp.resolve("data"), 6, "animal", "food", "vehicle");
        Path run = tmp.resolve("run");
        TrainingRuns.train(TrainingRuns.quick(data).set(RecipeField.IMAGE_SIZE, 224).set(RecipeField.EPOCHS, 5)
                .build(), run);
        assertTrue(Files.isRegularFile(run.resolve("model").resolve(ModelFiles.FAMILIARITY)));
        List<Path> odd = new ArrayList<>(noise(tmp.resolve("odd"), 4));
        odd.addAll(blankFrames(tmp.resolve("odd")));
        List<Path> validation = new ArrayList<>();
        Json.COMPACT.fromJson(Files.readString(run.resolve("dataset.json")), com.google.gson.JsonObject.class)
                .getAsJsonArray("validation").forEach(e -> validation.add(Path.of(e.getAsString())));
        try (ImageClassifier classifier = ImageClassifier.open(run)) {
            List<String> familiarOdd = classifier.classify(odd).stream().filter(ImageClassifier.Prediction::familiar)
                    .map(p -> p.file().getFileName().toString()).toList();
            assertEquals(List.of(), familiarOdd, "noise and blank frames are unfamiliar");
            assertTrue(classifier.classify(validation).stream().allMatch(ImageClassifier.Prediction::familiar),
                    "the threshold is the largest validation score");
        }
    }
}
