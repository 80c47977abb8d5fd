package dev.graft.engine.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.core.data.DatasetScan;
import dev.graft.core.data.DatasetSplit;
import dev.graft.core.data.HealthReport;
import dev.graft.core.data.LabeledImage;
import dev.graft.testing.FolderSnapshot;
import dev.graft.testing.Images;
import dev.graft.testing.TestData;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The health check on emoji with planted problems: an exact duplicate across classes, a resized
 * copy, a re-encoded JPEG, a slightly cropped copy, and copies planted on both sides of the very
 * split training makes.
 */
class DatasetCheckTest {

    @TempDir
    Path tmp;

    private Path data;
    private final ImageDecoderAccess decode = new ImageDecoderAccess();

    /** Reads images as the engine does (transparency on white). */
    static final class ImageDecoderAccess {
        private final dev.graft.engine.image.ImageDecoder decoder = new dev.graft.engine.image.ImageDecoder();

        BufferedImage read(Path f) throws Exception {
            return decoder.decode(f);
        }
    }

    @BeforeEach
    void emoji() throws Exception {
        data = TestData.emojiSubset(tmp.resolve("data"), 12, "animal", "food", "vehicle");
    }

    private static BufferedImage resized(BufferedImage s, int w, int h) {
        BufferedImage o = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = o.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(s, 0, 0, w, h, null);
        g.dispose();
        return o;
    }

    private static byte[] jpeg(BufferedImage img, float quality) throws Exception {
        ImageWriter w = ImageIO.getImageWritersByFormatName("jpg").next();
        ImageWriteParam p = w.getDefaultWriteParam();
        p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        p.setCompressionQuality(quality);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (var ios = ImageIO.createImageOutputStream(out)) {
            w.setOutput(ios);
            w.write(null, new IIOImage(img, null, null), p);
        }
        w.dispose();
        return out.toByteArray();
    }

    private Path first(String cls, int index) throws Exception {
        try (var s = Files.list(data.resolve(cls))) {
            return s.sorted().toList().get(index);
        }
    }

    @Test
    void aCleanDatasetHasNoFindingsAndTheCheckWritesNothing() throws Exception {
        Map<String, String> before = FolderSnapshot.of(data);
        HealthReport r = new DatasetCheck().run(data).report();
        assertEquals(List.of(), r.duplicates());
        assertEquals(List.of(), r.nearDuplicates(), "different emoji are not near-duplicates");
        assertEquals(List.of(), r.crossSplit());
        assertEquals(36, r.images());
        assertTrue(r.clean(), r.toString());
        assertEquals(before, FolderSnapshot.of(data), "read-only");
    }

    @Test
    void plantedDuplicatesNearDuplicatesAndLeaksAreFoundWithTheirFiles() throws Exception {
        // an exact copy in another class
        Files.copy(first("animal", 0), data.resolve("food/animal-copy.png"));
        // a resized copy, a re-encoded JPEG and a slightly cropped copy (2 px off each edge of 64)
        BufferedImage a1 = decode.read(first("animal", 1));
        Files.write(data.resolve("vehicle/resized.png"), Images.bytes(resized(a1, 48, 48), "png"));
        BufferedImage a2 = decode.read(first("animal", 2));
        Files.write(data.resolve("animal/reencoded.jpg"), jpeg(a2, 0.7f));
        BufferedImage a3 = decode.read(first("animal", 3));
        Files.write(data.resolve("food/cropped.png"), Images.bytes(a3.getSubimage(2, 2, 60, 60), "png"));
        // a tiny image, a broken file
        Images.png(data.resolve("food/tiny.png"), 5, 20);
        Files.writeString(data.resolve("vehicle/broken.png"), "not an image");

        HealthReport r = new DatasetCheck().run(data).report();
        assertEquals(1, r.duplicates().size());
        HealthReport.Duplicate dup = r.duplicates().get(0);
        assertEquals(Set.of("animal/" + first("animal", 0).getFileName(), "food/animal-copy.png"),
                dup.files().stream().map(HealthReport.FileRef::file).collect(Collectors.toSet()));
        assertTrue(dup.acrossClasses());

        Set<Set<String>> near = r.nearDuplicates().stream().map(n -> n.files().stream()
                .map(HealthReport.FileRef::file).collect(Collectors.toSet())).collect(Collectors.toSet());
        assertTrue(near.contains(Set.of("animal/" + first("animal", 1).getFileName(), "vehicle/resized.png")),
                "resized: " + near);
        assertTrue(near.contains(Set.of("animal/" + first("animal", 2).getFileName(), "animal/reencoded.jpg")),
                "re-encoded: " + near);
        assertTrue(near.contains(Set.of("animal/" + first("animal", 3).getFileName(), "food/cropped.png")),
                "cropped: " + near);
        assertEquals(3, r.nearDuplicates().size(), "and nothing else: " + near);

        assertTrue(r.smallImages().stream().anyMatch(s -> s.file().equals("food/tiny.png")));
        assertTrue(r.skipped().stream().anyMatch(s -> s.file().equals("vehicle/broken.png")));
        assertFalse(r.clean());
    }

    @Test
    void aJpegCopyOfATransparentPngWhoseBackgroundTurnedBlackIsFound() throws Exception {
        // what many converters do: the transparent area of the emoji becomes black in the JPEG
        Path original = first("food", 4);
        BufferedImage withAlpha = ImageIO.read(original.toFile());
        assertTrue(withAlpha.getColorModel().hasAlpha(), "the sample's emoji are transparent");
        BufferedImage onBlack = new BufferedImage(withAlpha.getWidth(), withAlpha.getHeight(),
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = onBlack.createGraphics();
        g.drawImage(withAlpha, 0, 0, null); // a new RGB image is black: alpha is composited onto black
        g.dispose();
        Files.write(data.resolve("vehicle/food-copy.jpg"), jpeg(onBlack, 0.9f));

        HealthReport r = new DatasetCheck().run(data).report();
        Set<Set<String>> near = r.nearDuplicates().stream().map(n -> n.files().stream()
                .map(HealthReport.FileRef::file).collect(Collectors.toSet())).collect(Collectors.toSet());
        assertEquals(Set.of(Set.of("food/" + original.getFileName(), "vehicle/food-copy.jpg")), near);
        assertTrue(r.nearDuplicates().get(0).acrossClasses());
    }

    @Test
    void copiesOnBothSidesOfTrainingsOwnSplitAreLeaks() throws Exception {
        DatasetScan scan = new DatasetScanner().scan(data);
        DatasetSplit split = DatasetSplit.stratified(scan, 0.2, 42);
        LabeledImage val = split.validation().stream().filter(i -> i.label() == 1).findFirst().orElseThrow();
        List<LabeledImage> train = split.train().stream().filter(i -> i.label() == 1).toList();
        // overwrite two training files (the file list, hence the split, stays the same)
        Files.copy(val.file(), train.get(0).file(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.write(train.get(1).file(), jpeg(decode.read(split.validation().stream().filter(i -> i.label() == 2)
                .findFirst().orElseThrow().file()), 0.8f));

        HealthReport r = new DatasetCheck(0.2, 42, 224, DatasetCheck.NEAR_THRESHOLD).run(data).report();
        assertEquals(split.validation().size(), r.split().validation(), "the split training makes");
        assertEquals(2, r.crossSplitTotal(), r.crossSplit().toString());
        HealthReport.CrossSplit exact = r.crossSplit().get(0);
        assertEquals("exact", exact.kind());
        assertEquals(data.relativize(train.get(0).file()).toString(), exact.train().file());
        assertEquals(data.relativize(val.file()).toString(), exact.validation().file());
        assertEquals("near", r.crossSplit().get(1).kind());
        assertTrue(r.warnings().stream().anyMatch(w -> w.contains("in both training and validation")));

        HealthReport other = new DatasetCheck(0.2, 7, 224, DatasetCheck.NEAR_THRESHOLD).run(data).report();
        assertEquals(7, other.split().seed(), "another seed checks another split");
    }

    @Test
    void tinyAndImbalancedClassesAreNamed() throws Exception {
        Path d = TestData.emojiSubset(tmp.resolve("small"), 3, "weather");
        TestData.emojiSubset(d, 30, "food");
        HealthReport r = new DatasetCheck().run(d).report();
        HealthReport.ClassHealth weather = r.classes().stream().filter(c -> c.name().equals("weather")).findFirst()
                .orElseThrow();
        assertTrue(weather.problems().stream().anyMatch(p -> p.startsWith("only 3 images")), weather.toString());
        assertTrue(weather.problems().stream().anyMatch(p -> p.contains("fewer images than the largest")));
        assertEquals(3, weather.train() + weather.validation());
    }
}
