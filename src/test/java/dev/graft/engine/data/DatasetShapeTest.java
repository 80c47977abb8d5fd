package dev.graft.engine.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.core.data.DatasetException;
import dev.graft.core.data.DatasetScan;
import dev.graft.core.data.DatasetSplit;
import dev.graft.core.data.DatasetWarnings;
import dev.graft.core.data.HealthReport;
import dev.graft.testing.Images;
import dev.graft.testing.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Folders that do not look like a labelled image set are recognised before anyone trains on them:
 * a folder of mostly non-images (a source repository) cannot be trained on, and a folder whose class
 * folders hold the same sub-folders again (a folder of datasets) is named as such. Real datasets
 * with sidecar files or with sources grouped inside each class pass.
 */
class DatasetShapeTest {

    @TempDir
    Path tmp;

    /** The shape of this repository's own root: sources, build output, icons and the samples. */
    private Path repositoryLike() throws Exception {
        Path root = tmp.resolve("repo");
        for (int i = 0; i < 20; i++) {
            Files.createDirectories(root.resolve("src/main/java"));
            Files.writeString(root.resolve("src/main/java/Class" + i + ".java"), "class Class" + i + " {}");
        }
        for (int i = 0; i < 10; i++) {
            Files.createDirectories(root.resolve("target/classes"));
            Files.write(root.resolve("target/classes/Class" + i + ".class"), new byte[] {(byte) 0xCA, (byte) 0xFE});
        }
        Images.pngs(root.resolve("icons"), 32, 1, "graft-16.png", "graft-32.png", "graft-64.png");
        TestData.emojiSubset(root.resolve("datasets-sample/emoji"), 3, "animal", "food");
        return root;
    }

    @Test
    void aSourceRepositoryIsNotALabelledImageSetAndCannotBeTrainedOn() throws Exception {
        DatasetScan scan = new DatasetScanner().scan(repositoryLike());
        DatasetException e = assertThrows(DatasetException.class, () -> DatasetScanner.requireTrainable(scan));
        assertTrue(e.getMessage().contains("does not look like a labelled image set"), e.getMessage());
        assertTrue(e.getMessage().contains("src") && e.getMessage().contains("target"), e.getMessage());

        HealthReport r = new DatasetCheck().run(tmp.resolve("repo")).report();
        assertTrue(r.warnings().stream().anyMatch(w -> w.contains("does not look like a labelled image set")),
                r.warnings().toString());
    }

    @Test
    void imagesWithSidecarFilesAreALabelledImageSet() throws Exception {
        Path root = tmp.resolve("photos");
        for (String c : List.of("cat", "dog")) {
            for (int i = 0; i < 4; i++) {
                Images.png(root.resolve(c + "/IMG_" + i + ".png"), c.hashCode() + i, 24);
                Files.writeString(root.resolve(c + "/IMG_" + i + ".xmp"), "<x:xmpmeta/>");
                Files.writeString(root.resolve(c + "/IMG_" + i + ".json"), "{}");
            }
        }
        DatasetScan scan = new DatasetScanner().scan(root);
        DatasetScanner.requireTrainable(scan);
        assertEquals(List.of(), shapeWarnings(scan));
    }

    @Test
    void aFolderOfDatasetsIsNamedAsSuch() throws Exception {
        Path samples = tmp.resolve("datasets-sample");
        TestData.emojiSubset(samples.resolve("emoji"), 3, "animal", "food", "vehicle", "weather");
        for (String c : List.of("animal", "food", "vehicle", "weather")) {
            TestData.emojiSubset(samples.resolve("emoji-unseen/" + c), 2, c);
            Files.move(samples.resolve("emoji-unseen/" + c + "/" + c), samples.resolve("emoji-unseen/" + c + "/noto"));
            TestData.emojiSubset(samples.resolve("emoji-unseen/" + c), 2, c);
            Files.move(samples.resolve("emoji-unseen/" + c + "/" + c), samples.resolve("emoji-unseen/" + c
                    + "/twemoji"));
        }
        DatasetScan scan = new DatasetScanner().scan(samples);
        List<String> warnings = shapeWarnings(scan);
        assertEquals(1, warnings.size(), warnings.toString());
        String w = warnings.get(0);
        assertTrue(w.contains("emoji") && w.contains("animal") && w.contains("food"), w);
        assertTrue(w.contains("open one of them"), w);
        HealthReport r = new DatasetCheck().run(samples).report();
        assertTrue(r.warnings().contains(w), r.warnings().toString());

        // the same layout one level down is a dataset whose classes group their images by source
        DatasetScan unseen = new DatasetScanner().scan(samples.resolve("emoji-unseen"));
        DatasetScanner.requireTrainable(unseen);
        assertEquals(List.of(), shapeWarnings(unseen));
    }

    private static List<String> shapeWarnings(DatasetScan scan) {
        return DatasetWarnings.check(scan, DatasetSplit.stratified(scan, 0.2, 42)).stream()
                .filter(w -> w.contains("sub-folder") || w.contains("labelled image set")).toList();
    }
}
