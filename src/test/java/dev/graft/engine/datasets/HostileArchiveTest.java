package dev.graft.engine.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.repository.Artifact;
import dev.graft.engine.download.DownloadControl;
import dev.graft.engine.zoo.ZooSettings;
import dev.graft.testing.DatasetFixtureServer;
import dev.graft.testing.ZooFixtureServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Archives built to escape or to fill the disk: entries with {@code ../} and absolute paths,
 * links, devices, a decompression bomb. Each is refused with the entry named, nothing is written
 * outside the target folder, and a whole fetch of such an archive (served with a matching SHA-1,
 * so DJL's check passes) leaves no dataset, no temporary folder and no download behind.
 */
class HostileArchiveTest {

    @TempDir
    Path tmp;

    private Path target() throws IOException {
        return Files.createDirectories(tmp.resolve("work/target"));
    }

    /** Everything under tmp except the target folder: what must not appear. */
    private List<String> outside() throws IOException {
        try (Stream<Path> s = Files.walk(tmp)) {
            return s.filter(p -> !p.startsWith(tmp.resolve("work/target")) && !p.startsWith(tmp.resolve("in")))
                    .filter(Files::isRegularFile).map(p -> tmp.relativize(p).toString()).sorted().toList();
        }
    }

    private static Artifact.Item item(String uri) {
        Artifact.Item item = new Artifact.Item();
        item.setUri(uri);
        return item;
    }

    private String unpackRefused(String file, byte[] archive) throws IOException {
        return unpackRefused(file, archive, 1L << 30);
    }

    private String unpackRefused(String file, byte[] archive, long limit) throws IOException {
        Path in = Files.createDirectories(tmp.resolve("in")).resolve(file);
        Files.write(in, archive);
        ArchiveUnpacker unpacker = new ArchiveUnpacker(limit, new DownloadControl(), read -> { });
        ArchiveRefusedException e = assertThrows(ArchiveRefusedException.class,
                () -> unpacker.unpackItem(in, item("1.0/" + file), target()));
        assertEquals(List.of(), outside(), "nothing written outside the target folder");
        return e.getMessage();
    }

    private static byte[] zip(Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(buf)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                zip.putNextEntry(new java.util.zip.ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
        return buf.toByteArray();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void entriesLeadingOutOfTheFolderAreRefused() throws Exception {
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("../evil.png", "climbs out");
        cases.put("freshapples/../../../evil.png", "climbs out");
        cases.put(tmp.resolve("absolute-evil.png").toString(), "absolute path");
        cases.put("C:/Windows/evil.png", "absolute path");
        cases.put("..\\..\\evil.png", "climbs out"); // commons-compress reads DOS back-slashes as '/'
        cases.put("fresh\napples/a.png", "control character");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            ai.djl.util.Utils.deleteQuietly(tmp.resolve("work"));
            Map<String, byte[]> entries = new LinkedHashMap<>();
            entries.put("freshapples/ok.png", DatasetFixtureServer.png(0x336699, 8));
            entries.put(c.getKey(), bytes("escaped"));
            String message = unpackRefused("train.zip", zip(entries));
            assertTrue(message.contains(c.getValue()), c.getKey() + ": " + message);
        }
        assertFalse(Files.exists(tmp.resolve("absolute-evil.png")));
        assertFalse(Files.exists(tmp.resolve("work/evil.png")));
    }

    @Test
    void linksAndDevicesAreRefusedInZipAndTar() throws Exception {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(buf)) {
            ZipArchiveEntry link = new ZipArchiveEntry("freshapples/link.png");
            link.setUnixMode(0120777);
            zip.putArchiveEntry(link);
            zip.write(bytes("../../../outside.png"));
            zip.closeArchiveEntry();
        }
        assertTrue(unpackRefused("train.zip", buf.toByteArray()).contains("is a link"));

        for (byte type : new byte[] {TarConstants.LF_SYMLINK, TarConstants.LF_LINK, TarConstants.LF_CHR,
            TarConstants.LF_FIFO}) {
            ai.djl.util.Utils.deleteQuietly(tmp.resolve("work"));
            ByteArrayOutputStream tar = new ByteArrayOutputStream();
            try (TarArchiveOutputStream out = new TarArchiveOutputStream(tar)) {
                TarArchiveEntry e = new TarArchiveEntry("freshapples/x.png", type);
                if (type == TarConstants.LF_SYMLINK || type == TarConstants.LF_LINK) {
                    e.setLinkName(tmp.resolve("outside.png").toString());
                }
                out.putArchiveEntry(e);
                out.closeArchiveEntry();
                TarArchiveEntry after = new TarArchiveEntry("freshapples/x.png/y.png");
                after.setSize(3);
                out.putArchiveEntry(after);
                out.write(bytes("abc"));
                out.closeArchiveEntry();
            }
            String message = unpackRefused("train.tar", tar.toByteArray());
            assertTrue(message.contains("is a link") || message.contains("device or pipe"), type + ": " + message);
        }
        assertFalse(Files.exists(tmp.resolve("outside.png")));
    }

    @Test
    void tarEntriesWithDotDotOrAnAbsolutePathStayInsideOrAreRefused() throws Exception {
        for (String name : List.of("../evil.png", tmp.resolve("abs-evil.png").toString())) {
            ai.djl.util.Utils.deleteQuietly(tmp.resolve("work"));
            ByteArrayOutputStream tar = new ByteArrayOutputStream();
            try (TarArchiveOutputStream out = new TarArchiveOutputStream(DatasetFixtureServer.gzipStream(tar))) {
                TarArchiveEntry e = new TarArchiveEntry(name, true); // keep a leading slash in the header
                e.setSize(4);
                out.putArchiveEntry(e);
                out.write(bytes("evil"));
                out.closeArchiveEntry();
            }
            String message = unpackRefused("train.tgz", tar.toByteArray());
            assertTrue(message.contains("climbs out") || message.contains("absolute path"), name + ": " + message);
        }
        assertFalse(Files.exists(tmp.resolve("abs-evil.png")));
    }

    @Test
    void aDecompressionBombStopsAtTheBound() throws Exception {
        byte[] zeros = new byte[32 << 20];
        long limit = 2L << 20;
        String message = unpackRefused("train-images-idx3-ubyte.gz", DatasetFixtureServer.gzip(zeros), limit);
        assertTrue(message.contains("decompression bomb"), message);
        assertTrue(Files.size(tmp.resolve("work/target/train-images-idx3-ubyte")) <= limit,
                "stopped before the bound was passed");

        ai.djl.util.Utils.deleteQuietly(tmp.resolve("work"));
        message = unpackRefused("train.zip", zip(Map.of("freshapples/bomb.png", zeros)), limit);
        assertTrue(message.contains("decompression bomb"), message);
    }

    @Test
    void damagedArchivesAreRefusedNotHalfUnpacked() throws Exception {
        byte[] zip = zip(Map.of("freshapples/a.png", DatasetFixtureServer.png(0x123456, 40)));
        assertTrue(unpackRefused("train.zip", java.util.Arrays.copyOf(zip, zip.length - 30)).contains("zip"));
        ai.djl.util.Utils.deleteQuietly(tmp.resolve("work"));
        byte[] gz = DatasetFixtureServer.gzip(new byte[100_000]);
        assertTrue(unpackRefused("t10k-labels-idx1-ubyte.gz", java.util.Arrays.copyOf(gz, gz.length / 2))
                .contains("damaged"));
    }

    @Test
    void aHostileArchiveTheRepositoryVouchesForLeavesNothingBehind() throws Exception {
        try (DatasetFixtureServer server = new DatasetFixtureServer()) {
            Map<String, byte[]> entries = new LinkedHashMap<>();
            entries.put("freshapples/ok.png", DatasetFixtureServer.png(0x336699, 8));
            entries.put("../../../escaped.png", bytes("escaped"));
            server.replace("fruit", "train.zip", ZooFixtureServer.zip(entries));
            DatasetDownloads downloads = new DatasetDownloads(new ZooSettings(server.url(), false),
                    tmp.resolve("data/datasets"), tmp.resolve("no-samples"));
            IOException e = assertThrows(IOException.class, () -> downloads.fetch(SampleDatasets.FRUITS, p -> { },
                    new DownloadControl()));
            assertTrue(e.getMessage().contains("refused and deleted") && e.getMessage().contains("climbs out"),
                    e.getMessage());
            try (Stream<Path> s = Files.walk(tmp)) {
                List<String> files = s.filter(Files::isRegularFile).map(p -> tmp.relativize(p).toString()).toList();
                assertTrue(files.stream().noneMatch(f -> f.contains("escaped")), files.toString());
                assertTrue(files.stream().noneMatch(f -> f.contains(".graft-tmp-")), files.toString());
                assertTrue(files.stream().allMatch(f -> f.endsWith("metadata.json") || f.endsWith(".graft-lock")),
                        "only the metadata and the lock file remain: " + files);
            }
            assertEquals(SampleStatus.State.NOT_FETCHED, downloads.localStatus(SampleDatasets.FRUITS).state());
        }
    }
}
