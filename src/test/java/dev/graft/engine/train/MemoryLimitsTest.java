package dev.graft.engine.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.graft.core.data.LabeledImage;
import dev.graft.core.run.Failures;
import dev.graft.core.run.RunEvent;
import dev.graft.core.run.RunFolder;
import dev.graft.testing.GraftProcess;
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
 * Caches are sized from the heap the JVM really has and spill to disk beyond it; a native
 * allocation failure is explained with a hint that helps.
 */
class MemoryLimitsTest {

    @TempDir
    Path tmp;

    /** Small grey images, like Fashion-MNIST: the case where a fixed pixel budget broke 2 GB heaps. */
    static Path greyDataset(Path root, int perClass) throws Exception {
        Random r = new Random(7);
        for (String c : List.of("stripes", "checks")) {
            Path dir = Files.createDirectories(root.resolve(c));
            for (int i = 0; i < perClass; i++) {
                BufferedImage im = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
                for (int y = 0; y < 28; y++) {
                    for (int x = 0; x < 28; x++) {
                        int v = c.equals("stripes") ? ((x + i) % 6 < 3 ? 220 : 30)
                                : ((x / 4 + y / 4 + i) % 2 == 0 ? 200 : 40);
                        im.getRaster().setSample(x, y, 0, Math.max(0, Math.min(255, v + r.nextInt(40) - 20)));
                    }
                }
                ImageIO.write(im, "png", dir.resolve(c + "-" + i + ".png").toFile());
            }
        }
        return root;
    }

    @Test
    void recordsBeyondTheHeapBudgetSpillToDiskAndComeBackIntact() throws Exception {
        Path spill = Files.createDirectories(tmp.resolve("run"));
        byte[][] records = new byte[10][];
        Random r = new Random(1);
        try (RecordStore store = new RecordStore(10, 1000, 3500, spill)) {
            assertEquals(3, store.heapRecords());
            assertTrue(store.spills());
            for (int i = 0; i < 10; i++) {
                records[i] = new byte[1000];
                r.nextBytes(records[i]);
                store.put(i, records[i]);
            }
            for (int i = 9; i >= 0; i--) {
                assertArrayEquals(records[i], store.get(i), "record " + i);
            }
            try (var files = Files.list(spill)) {
                // on POSIX the spill file is unlinked once open: even a killed run leaves nothing
                assertEquals(0, files.count(), "no file to leave behind");
            }
        }
        try (RecordStore noDisk = new RecordStore(4, 100, 150, null)) {
            noDisk.put(3, new byte[100]);
            assertNull(noDisk.get(3), "not stored: the caller recomputes it");
        }
    }

    @Test
    void pixelsReadBackFromTheSpillFileAreTheDecodedOnes() throws Exception {
        Path data = greyDataset(tmp.resolve("data"), 3);
        List<LabeledImage> images = new ArrayList<>();
        try (var files = Files.list(data.resolve("checks"))) {
            files.sorted().forEach(f -> images.add(new LabeledImage(f, 0)));
        }
        int s = 64;
        float[] fresh = new float[3 * s * s];
        float[] cached = new float[3 * s * s];
        try (ImageStore decodeEveryTime = new ImageStore(images, s, null, null, 0, null);
                ImageStore spilled = new ImageStore(images, s, null, null, 0, Files.createDirectories(tmp.resolve("r")))) {
            for (int round = 0; round < 2; round++) {
                for (int i = 0; i < images.size(); i++) {
                    decodeEveryTime.fill(i, fresh, 0, false, null);
                    spilled.fill(i, cached, 0, false, null);
                    assertArrayEquals(fresh, cached);
                }
            }
            assertEquals(0, spilled.heapImages());
        }
    }

    @Test
    void aHeadOnlyRunAt224PixelsFitsA48MegabyteHeap() throws Exception {
        // 280 images at 224 px are 42 MB of pixels: more than the heap leaves free. The old fixed
        // 1.5 GB pixel cache ran out of heap here; the pixels are now not cached at all when the
        // feature cache reads each image once.
        Path data = greyDataset(tmp.resolve("data"), 140);
        Path out = tmp.resolve("run");
        GraftProcess graft = GraftProcess.start(tmp, tmp.resolve("home"), tmp.resolve("logs"), "train", "--data",
                data.toString(), "--out", out.toString(), "--epochs", "1", "--no-mirror", "--val-fraction", "0.1",
                "--freeze", "backbone", "--max-heap", "48m", "--events", "jsonl");
        assertEquals(0, graft.waitFor(900), graft.err());
        List<String> lines = Files.readAllLines(new RunFolder(out).events());
        RunEvent last = RunEvent.parse(lines.get(lines.size() - 1));
        assertTrue(last instanceof RunEvent.Finished f && !f.stopped(), lines.get(lines.size() - 1));
        assertFalse(graft.err().contains("OutOfMemoryError"), graft.err());
    }

    @Test
    void aNativeAllocationFailureIsExplainedWithAHintThatHelps() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            // a terabyte: libtorch's CPU allocator refuses it as it would a too-large batch
            EngineException e = assertThrows(EngineException.class, () -> m.zeros(new Shape(1L << 38)));
            String cause = Failures.describe(e);
            String hint = Failures.hint(e, dev.graft.core.run.Recipe.builder("d").build());
            assertTrue(cause.startsWith("libtorch could not allocate memory"), cause);
            assertTrue(hint.contains("Lower the batch size or the image size (now 32 images of 224 px)"), hint);
        }
    }
}
