package dev.graft.engine.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.core.data.DatasetException;
import dev.graft.core.data.DatasetScan;
import dev.graft.core.data.DatasetSplit;
import dev.graft.core.data.SkippedFile;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A folder of hostile files: every unusable file is skipped with its reason, nothing is changed. */
class DatasetScannerTest {

    @TempDir
    Path tmp;

    @Test
    void hostileFilesAreSkippedWithReasonsAndTheFolderIsUntouched() throws Exception {
        Path root = tmp.resolve("data");
        Path cats = Files.createDirectories(root.resolve("cats"));
        Path dogs = Files.createDirectories(root.resolve("dogs/nested"));
        byte[] png = png(16, 16);
        Files.write(cats.resolve("good.png"), png);
        Files.write(dogs.resolve("good.png"), png);
        Files.write(cats.resolve("empty.png"), new byte[0]);
        Files.writeString(cats.resolve("notes.txt"), "not an image");
        Files.write(cats.resolve("truncated.png"), Arrays.copyOf(png, png.length / 2));
        Files.write(cats.resolve("bomb.png"), pngHeaderOnly(100_000, 100_000));
        Files.write(cats.resolve(".hidden.png"), png);
        Files.writeString(root.resolve("README.txt"), "class folders below");
        Files.createSymbolicLink(dogs.resolve("loop"), root.resolve("dogs"));
        Map<Path, FileTime> before = modificationTimes(root);

        DatasetScan scan = new DatasetScanner().scan(root);

        assertEquals(java.util.List.of("cats", "dogs"), scan.classes());
        assertEquals(2, scan.images().size());
        Map<String, String> reasons = scan.skipped().stream()
                .collect(Collectors.toMap(s -> s.file().getFileName().toString(), SkippedFile::reason, (a, b) -> a));
        assertTrue(reasons.get("empty.png").contains("empty"), reasons.toString());
        assertTrue(reasons.get("notes.txt").contains("not an image"), reasons.toString());
        assertTrue(reasons.get("truncated.png").contains("truncated"), reasons.toString());
        assertTrue(reasons.get("bomb.png").contains("too large"), reasons.toString());
        assertTrue(reasons.get("README.txt").contains("not inside a class folder"), reasons.toString());
        assertTrue(reasons.get("loop").contains("loop"), reasons.toString());
        assertTrue(!reasons.containsKey(".hidden.png"), "hidden files are ignored, not reported");
        assertEquals(before, modificationTimes(root), "the dataset folder must not change");
    }

    @Test
    void emptyFolderSingleClassAndEmptyClassAreClearErrors() throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        assertTrue(assertThrows(DatasetException.class, () -> new DatasetScanner().scan(empty))
                .getMessage().contains("No class folders"));
        Path one = Files.createDirectories(tmp.resolve("one/cats"));
        Files.write(one.resolve("a.png"), png(8, 8));
        DatasetScan scan = new DatasetScanner().scan(tmp.resolve("one"));
        assertTrue(assertThrows(DatasetException.class, () -> DatasetScanner.requireTrainable(scan))
                .getMessage().contains("at least two"));
        Files.createDirectories(tmp.resolve("one/dogs"));
        Files.writeString(tmp.resolve("one/dogs/x.jpg"), "junk");
        DatasetScan withEmpty = new DatasetScanner().scan(tmp.resolve("one"));
        assertTrue(assertThrows(DatasetException.class, () -> DatasetScanner.requireTrainable(withEmpty))
                .getMessage().contains("dogs"));
        assertThrows(DatasetException.class, () -> new DatasetScanner().scan(tmp.resolve("missing")));
    }

    @Test
    void splitIsStratifiedAndReproducible() throws Exception {
        Path root = tmp.resolve("data");
        for (String c : new String[] {"a", "b"}) {
            Path dir = Files.createDirectories(root.resolve(c));
            for (int i = 0; i < (c.equals("a") ? 10 : 5); i++) {
                Files.write(dir.resolve(i + ".png"), png(4 + i, 4));
            }
        }
        DatasetScan scan = new DatasetScanner().scan(root);
        DatasetSplit s1 = DatasetSplit.stratified(scan, 0.2, 7);
        DatasetSplit s2 = DatasetSplit.stratified(scan, 0.2, 7);
        assertEquals(s1, s2);
        assertEquals(2, s1.validation().stream().filter(i -> i.label() == 0).count());
        assertEquals(1, s1.validation().stream().filter(i -> i.label() == 1).count());
        assertEquals(12, s1.train().size());
    }

    static byte[] png(int w, int h) throws Exception {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        img.setRGB(0, 0, 0xFF0000);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    /** A PNG signature and IHDR chunk claiming huge dimensions, with no pixel data. */
    static byte[] pngHeaderOnly(int w, int h) {
        ByteBuffer ihdr = ByteBuffer.allocate(17);
        ihdr.put("IHDR".getBytes()).putInt(w).putInt(h).put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0)
                .put((byte) 0);
        CRC32 crc = new CRC32();
        crc.update(ihdr.array());
        ByteBuffer out = ByteBuffer.allocate(8 + 4 + 17 + 4);
        out.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A}).putInt(13).put(ihdr.array())
                .putInt((int) crc.getValue());
        return out.array();
    }

    private static Map<Path, FileTime> modificationTimes(Path root) throws Exception {
        try (var s = Files.walk(root)) {
            return s.filter(p -> !Files.isSymbolicLink(p)).collect(Collectors.toMap(p -> p, p -> {
                try {
                    return Files.getLastModifiedTime(p);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }));
        }
    }
}
