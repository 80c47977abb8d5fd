package dev.graft.engine.explain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.core.explain.HeatMap;
import dev.graft.engine.inference.Inference;
import dev.graft.testing.Images;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Explanations with the real engine on the bundled model (a trained five-class classifier): the
 * probabilities are predict's, the heat map covers the whole original image (the cropped border
 * unseen), overlays keep the original's size, and bad images get clear reasons.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExplainerTest {

    /** The bundled model's folder in the sources (a Graft model folder with its head). */
    static final Path BUNDLED = Path.of("src", "main", "resources", "dev", "graft", "models", "mobilenet_v2");

    @TempDir
    static Path tmp;

    private Explainer explainer;

    @BeforeAll
    void open() throws Exception {
        explainer = Explainer.open(BUNDLED);
    }

    @AfterAll
    void close() {
        explainer.close();
    }

    @Test
    void probabilitiesArePredictsAndTheHeatMapCoversTheWholeImage() throws Exception {
        Path wide = tmp.resolve("wide.png");
        BufferedImage img = new BufferedImage(300, 100, BufferedImage.TYPE_INT_RGB);
        img.createGraphics().drawImage(Images.picture(3, 100), 100, 0, null);
        ImageIO.write(img, "png", wide.toFile());

        Explanation e = explainer.explain(wide, null, 0);
        assertNull(e.error());
        assertNull(e.unavailable());
        float[] predict = new Inference(explainer.net()).run(List.of(wide), 1).get(0)
                .probabilities();
        assertArrayEquals(predict, e.probabilities(), 1e-5f, "the same probabilities as graft predict");
        assertEquals(e.predicted(), e.explained(), "the predicted class by default");

        HeatMap heat = e.heat();
        assertEquals(300, heat.width());
        assertEquals(100, heat.height());
        float max = 0;
        for (float[] row : heat.grid()) {
            for (float v : row) {
                assertTrue(v >= 0 && v <= 1, "0..1: " + v);
                max = Math.max(max, v);
            }
        }
        assertEquals(1f, max, 1e-6f, "normalised to its maximum");
        float[][] grid = heat.resample(64);
        assertEquals(64, grid[0].length, "64 cells on the long side");
        assertEquals(21, grid.length, "the aspect ratio kept");
        for (float[] row : grid) {
            for (int c = 0; c < 21; c++) {
                assertEquals(0f, row[c], "the left border was cropped away: unseen, no heat");
                assertEquals(0f, row[63 - c], "and the right");
            }
        }
        assertTrue(heat.seen(150, 50) && !heat.seen(50, 50));

        BufferedImage overlay = explainer.overlay(wide, heat, Overlay.DEFAULT_OPACITY);
        assertEquals(300, overlay.getWidth());
        assertEquals(100, overlay.getHeight());
    }

    @Test
    void anyClassCanBeExplainedAndAnUnknownOneIsRefused() {
        Path file = tmp.resolve("any.png");
        try {
            Images.png(file, 5, 160);
        } catch (java.io.IOException ex) {
            throw new AssertionError(ex);
        }
        for (String cls : explainer.classes()) {
            Explanation e = explainer.explain(file, cls, 64);
            assertEquals(cls, e.explained());
            assertNotNull(e.heat());
            assertEquals(64, e.preview().width(), "a preview of the asked size");
        }
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                () -> explainer.explain(file, "giraffe", 0));
        assertTrue(ex.getMessage().contains("no class 'giraffe'"), ex.getMessage());
    }

    @Test
    void badImagesAreListedWithTheirReasonAndGreyOrTransparentOnesWork() throws Exception {
        Path garbage = Files.writeString(tmp.resolve("notes.png"), "this is not an image");
        Path empty = Files.createFile(tmp.resolve("empty.jpg"));
        Path huge = Files.write(tmp.resolve("huge.png"), pngHeader(50_000, 50_000));
        Path missing = tmp.resolve("missing.png");
        assertTrue(explainer.explain(garbage, null, 0).error().contains("not an image"),
                explainer.explain(garbage, null, 0).error());
        assertEquals("empty file (0 bytes)", explainer.explain(empty, null, 0).error());
        assertTrue(explainer.explain(huge, null, 0).error().startsWith("image too large to decode safely"),
                explainer.explain(huge, null, 0).error());
        assertTrue(explainer.explain(missing, null, 0).error().startsWith("unreadable"),
                explainer.explain(missing, null, 0).error());

        Path grey = tmp.resolve("grey.png");
        BufferedImage g = new BufferedImage(90, 120, BufferedImage.TYPE_BYTE_GRAY);
        g.createGraphics().drawImage(Images.picture(7, 90), 0, 0, null);
        ImageIO.write(g, "png", grey.toFile());
        Path clear = tmp.resolve("transparent.png");
        BufferedImage t = new BufferedImage(80, 80, BufferedImage.TYPE_INT_ARGB);
        t.setRGB(20, 20, 0xFFFF0000);
        ImageIO.write(t, "png", clear.toFile());
        for (Path ok : List.of(grey, clear)) {
            Explanation e = explainer.explain(ok, null, 32);
            assertNull(e.error(), ok + ": " + e.error());
            assertNotNull(e.heat(), ok.toString());
        }
        Explanation transparent = explainer.explain(clear, null, 80);
        assertEquals(0xFFFFFFFF, transparent.preview().argb()[0], "transparency shown on the model's white");
    }

    /** A PNG whose header claims a size: enough for a decoder to refuse it before reading pixels. */
    static byte[] pngHeader(int width, int height) throws java.io.IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(out);
        d.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
        DataOutputStream h = new DataOutputStream(ihdr);
        h.writeBytes("IHDR");
        h.writeInt(width);
        h.writeInt(height);
        h.write(new byte[] {8, 2, 0, 0, 0});
        byte[] chunk = ihdr.toByteArray();
        d.writeInt(chunk.length - 4);
        d.write(chunk);
        CRC32 crc = new CRC32();
        crc.update(chunk);
        d.writeInt((int) crc.getValue());
        d.writeInt(0);
        d.writeBytes("IEND");
        CRC32 end = new CRC32();
        end.update("IEND".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        d.writeInt((int) end.getValue());
        return out.toByteArray();
    }
}
