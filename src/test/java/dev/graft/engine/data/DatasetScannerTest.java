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
        assertTrue(reasons.get("README.txt").contains("not an image"), reasons.toString());
        assertTrue(reasons.get("loop").contains("loop"), reasons.toString());
        assertTrue(!reasons.containsKey(".hidden.png"), "hidden files are ignored, not reported");
        assertEquals(before, modificationTimes(root), "the dataset folder must not change");
    }

    @Test
    void imagesLyingInTheDatasetFolderAreItsInboxAndOtherLooseFilesAreSkippedWithTheirReason() throws Exception {
        Path root = tmp.resolve("data");
        Files.createDirectories(root.resolve("cats"));
        Files.write(root.resolve("cats/c.png"), png(8, 8));
        Files.write(root.resolve("loose.png"), png(9, 9));
        Files.write(root.resolve("blank.jpg"), new byte[0]);
        Files.writeString(root.resolve("README.txt"), "photos of my cats");
        Files.write(root.resolve(".hidden.png"), png(9, 9));

        DatasetScan scan = new DatasetScanner().scan(root);
        assertEquals(java.util.List.of(root.resolve("loose.png")), scan.inbox());
        assertEquals(1, scan.images().size(), "inbox images are not trained on");
        Map<String, String> reasons = scan.skippedLoose().stream()
                .collect(Collectors.toMap(s -> s.file().getFileName().toString(), SkippedFile::reason));
        assertEquals(java.util.Set.of("blank.jpg", "README.txt"), reasons.keySet());
        assertTrue(reasons.get("blank.jpg").contains("empty"), reasons.toString());

        // a folder with no class folders yet scans as an inbox, but is not a dataset to train on
        Path pile = Files.createDirectories(tmp.resolve("pile"));
        Files.write(pile.resolve("a.png"), png(5, 5));
        DatasetScan any = new DatasetScanner().scanAnyFolder(pile, new dev.graft.core.run.StopSignal(), null, null)
                .scan();
        assertEquals(java.util.List.of(pile.resolve("a.png")), any.inbox());
        assertTrue(assertThrows(DatasetException.class, () -> DatasetScanner.requireTrainable(any)).getMessage()
                .contains("No class folders"));
    }

    @Test
    void aRescanWithAMemoryDecodesOnlyWhatChangedAndFollowsMovedImages() throws Exception {
        Path root = tmp.resolve("data");
        for (int i = 0; i < 4; i++) {
            Files.createDirectories(root.resolve("cats"));
            Files.write(root.resolve("cats/c" + i + ".png"), png(8 + i, 8));
        }
        Files.createDirectories(root.resolve("dogs"));
        Files.write(root.resolve("dogs/d.png"), png(12, 12));
        ScanMemory<String> memory = new ScanMemory<>();
        java.util.List<Path> decoded = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        DatasetScanner.ImageInspector<String> inspector = (file, image) -> {
            decoded.add(file);
            return image.width() + "x" + image.height();
        };
        DatasetScanner scanner = new DatasetScanner();
        scanner.scanAnyFolder(root, new dev.graft.core.run.StopSignal(), inspector, memory);
        assertEquals(5, decoded.size());

        decoded.clear();
        Files.move(root.resolve("cats/c0.png"), root.resolve("dogs/c0.png")); // relabelled: same bytes
        Files.write(root.resolve("cats/new.png"), png(20, 20));
        var second = scanner.scanAnyFolder(root, new dev.graft.core.run.StopSignal(), inspector, memory);
        assertEquals(java.util.List.of(root.resolve("cats/new.png")), decoded, "only the new image is decoded");
        assertEquals(java.util.List.of(4, 2), java.util.Arrays.stream(second.scan().countsPerClass()).boxed().toList());
        assertEquals("8x8", second.facts().get(root.resolve("dogs/c0.png")), "what was learnt moves with the file");
        assertEquals(6, memory.size());
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
