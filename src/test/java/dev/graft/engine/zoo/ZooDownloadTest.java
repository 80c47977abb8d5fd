package dev.graft.engine.zoo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.engine.download.DownloadControl;
import dev.graft.engine.download.DownloadProgress;
import dev.graft.testing.ZooFixtureServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Downloads through DJL's real repository code from a real HTTP server on 127.0.0.1 that serves a
 * repository in DJL's layout: progress, integrity, cancel, interrupted and corrupted downloads.
 */
class ZooDownloadTest {

    @TempDir
    Path tmp;

    private ZooFixtureServer server;
    private ZooCacheDir cache;
    private ZooDownloads zoo;
    private final ZooBackbone resnet18 = ZooBackbones.find("djl:resnet18").orElseThrow();

    @BeforeEach
    void start() throws IOException {
        server = new ZooFixtureServer();
        cache = new ZooCacheDir(tmp.resolve("djl"), server.url());
        zoo = new ZooDownloads(new ZooSettings(server.url(), false));
    }

    @AfterEach
    void stop() {
        cache.close();
        server.close();
    }

    private List<String> leftovers() throws IOException {
        Path parent = zoo.directory(resnet18).getParent();
        if (!Files.isDirectory(parent)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(parent)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.matches("traced_resnet18\\d+")).sorted()
                    .toList();
        }
    }

    @Test
    void downloadsIntoDjlsCacheWithProgressAndRecordsChecksums() throws Exception {
        ZooStatus before = zoo.status(resnet18);
        assertEquals(ZooStatus.State.DOWNLOADABLE, before.state(), before.detail());
        long size = before.downloadBytes();
        assertTrue(size > 30_000, "size from the repository's metadata, shown before starting: " + size);

        server.slow(15);
        List<DownloadProgress> events = new CopyOnWriteArrayList<>();
        Path pt = zoo.download(resnet18, events::add, new DownloadControl());

        assertTrue(pt.startsWith(tmp.resolve("djl/cache/repo/model/cv/image_classification/ai/djl/pytorch/resnet/"
                + "0.0.1/traced_resnet18")), "in DJL's cache layout: " + pt);
        assertEquals("traced_resnet18.pt", pt.getFileName().toString());
        assertArrayEquals(server.torchScript(), Files.readAllBytes(pt), "the gzip was unpacked by DJL");
        DownloadProgress first = events.get(0);
        DownloadProgress last = events.get(events.size() - 1);
        assertEquals(0, first.bytes());
        assertEquals(size, first.totalBytes());
        assertTrue(last.done());
        assertEquals(size, last.bytes());
        assertTrue(events.size() >= 4, "several reports while the bytes arrive: " + events);
        assertTrue(events.stream().anyMatch(e -> !e.done() && e.bytes() > 0 && e.bytesPerSecond() > 0
                && e.etaSeconds() >= 0), "speed and time left are reported: " + events);
        for (int i = 1; i < events.size(); i++) {
            assertTrue(events.get(i).bytes() >= events.get(i - 1).bytes(), "bytes only grow");
        }
        assertTrue(Files.isRegularFile(ZooIntegrity.manifest(pt.getParent())), "SHA-256 recorded");
        assertEquals(ZooStatus.State.CACHED, zoo.localStatus(resnet18).state());
        assertEquals(pt, zoo.torchScriptFile(resnet18));
        assertEquals(List.of(), leftovers());

        int requests = server.requests().size();
        assertEquals(pt, zoo.download(resnet18, e -> { }, new DownloadControl()));
        assertEquals(requests, server.requests().size(), "a cached model is not fetched again");
    }

    @Test
    void aFileThatFailsTheZoosChecksumIsRejectedAndNothingIsKept() throws Exception {
        server.mode("synset.txt", ZooFixtureServer.Mode.CORRUPT);
        IOException e = assertThrows(IOException.class, () -> zoo.download(resnet18, p -> { }, new DownloadControl()));
        assertTrue(e.getMessage().contains("SHA-1 check"), e.getMessage());
        assertTrue(e.getMessage().contains("Nothing partial was kept"), e.getMessage());
        assertFalse(Files.exists(zoo.directory(resnet18)));
        assertEquals(List.of(), leftovers());
        assertFalse(zoo.localStatus(resnet18).usable());

        // a damaged gzip fails while it is unpacked, before its checksum is computed: also rejected
        server.mode("synset.txt", ZooFixtureServer.Mode.NORMAL);
        server.mode("traced_resnet18.pt.gz", ZooFixtureServer.Mode.CORRUPT);
        e = assertThrows(IOException.class, () -> zoo.download(resnet18, p -> { }, new DownloadControl()));
        assertTrue(e.getMessage().contains("damaged"), e.getMessage());
        assertFalse(Files.exists(zoo.directory(resnet18)));
        assertEquals(List.of(), leftovers());

        server.mode("traced_resnet18.pt.gz", ZooFixtureServer.Mode.NORMAL);
        assertArrayEquals(server.torchScript(), Files.readAllBytes(zoo.download(resnet18, p -> { },
                new DownloadControl())));
    }

    @Test
    void anInterruptedDownloadLeavesNothingAndTheNextOneSucceeds() throws Exception {
        server.mode("traced_resnet18.pt.gz", ZooFixtureServer.Mode.TRUNCATED);
        IOException e = assertThrows(IOException.class, () -> zoo.download(resnet18, p -> { }, new DownloadControl()));
        assertTrue(e.getMessage().contains("failed after"), e.getMessage());
        assertFalse(Files.exists(zoo.directory(resnet18)));
        assertEquals(List.of(), leftovers());

        // a process killed mid-download cannot clean up: its temporary folder is left in DJL's cache
        Path parent = zoo.directory(resnet18).getParent();
        Path stale = Files.createDirectories(parent.resolve("traced_resnet18" + "4815162342108"));
        Files.write(stale.resolve("traced_resnet18.pt"), new byte[1000]);

        server.mode("traced_resnet18.pt.gz", ZooFixtureServer.Mode.NORMAL);
        Path pt = zoo.download(resnet18, p -> { }, new DownloadControl());
        assertArrayEquals(server.torchScript(), Files.readAllBytes(pt));
        assertFalse(Files.exists(stale), "the killed download's folder was removed");
        assertEquals(List.of(), leftovers());
    }

    @Test
    void cancelStopsTheDownloadAndCleansUp() throws Exception {
        server.slow(40);
        DownloadControl control = new DownloadControl();
        List<DownloadProgress> events = new CopyOnWriteArrayList<>();
        long started = System.nanoTime();
        CancellationException e = assertThrows(CancellationException.class, () -> zoo.download(resnet18, p -> {
            events.add(p);
            if (p.bytes() > 0) {
                control.cancel();
            }
        }, control));
        assertTrue(e.getMessage().contains("cancelled"), e.getMessage());
        assertTrue((System.nanoTime() - started) / 1e9 < 10, "stops promptly");
        assertTrue(events.stream().noneMatch(DownloadProgress::done));
        assertTrue(events.get(events.size() - 1).bytes() < events.get(0).totalBytes(), "stopped before the end");
        assertFalse(Files.exists(zoo.directory(resnet18)));
        assertEquals(List.of(), leftovers());

        server.slow(0);
        assertTrue(Files.isRegularFile(zoo.download(resnet18, p -> { }, new DownloadControl())));
    }

    @Test
    void aCachedCopyDamagedLaterIsNoticedBeforeUseAndReplacedByTheNextDownload() throws Exception {
        Path pt = zoo.download(resnet18, p -> { }, new DownloadControl());
        byte[] bytes = Files.readAllBytes(pt);
        bytes[bytes.length / 3] ^= 1;
        Files.write(pt, bytes);
        IOException e = assertThrows(IOException.class, () -> zoo.torchScriptFile(resnet18));
        assertTrue(e.getMessage().contains("damaged") && e.getMessage().contains("graft download djl:resnet18"),
                e.getMessage());
        Path again = zoo.download(resnet18, p -> { }, new DownloadControl());
        assertArrayEquals(server.torchScript(), Files.readAllBytes(again));
    }

    @Test
    void anArchiveArtifactIsUnpackedAndItsTorchScriptFound() throws Exception {
        ZooBackbone embedding = ZooBackbones.find("djl:resnet18_embedding").orElseThrow();
        Path pt = zoo.download(embedding, p -> { }, new DownloadControl());
        assertEquals("resnet18_embedding.pt", pt.getFileName().toString());
        assertArrayEquals(server.torchScript(), Files.readAllBytes(pt));
        assertEquals(ZooStatus.State.CACHED, zoo.status(embedding).state());
    }

    @Test
    void offlineTheCatalogueSaysWhatIsMissing() throws Exception {
        ZooDownloads offline = new ZooDownloads(new ZooSettings(server.url(), true));
        ZooStatus s = offline.status(resnet18);
        assertEquals(ZooStatus.State.UNAVAILABLE_OFFLINE, s.state());
        assertTrue(s.detail().contains("traced_resnet18.pt.gz (43.5 MB)"), s.detail());
        assertTrue(s.detail().contains("synset.txt"), s.detail());
        assertEquals(List.of(), server.requests(), "offline means no network at all");
        IOException e = assertThrows(IOException.class, () -> offline.download(resnet18, p -> { },
                new DownloadControl()));
        assertTrue(e.getMessage().contains("offline"), e.getMessage());

        ZooDownloads unreachable = new ZooDownloads(new ZooSettings(java.net.URI.create("http://127.0.0.1:9/"), false));
        ZooStatus u = unreachable.status(resnet18);
        assertEquals(ZooStatus.State.UNAVAILABLE_OFFLINE, u.state());
        assertTrue(u.detail().startsWith("cannot reach the model zoo at http://127.0.0.1:9/"), u.detail());
        assertTrue(u.detail().contains("missing: synset.txt"), u.detail());
    }

    @Test
    void metadataFromTheNetworkIsCheckedBeforeDjlActsOnIt() throws Exception {
        server.rewrite("resnet/metadata.json", m -> m.replace("\"0.0.1/synset.txt\"", "\"file:///etc/passwd\""));
        ZooStatus s = zoo.status(resnet18);
        assertEquals(ZooStatus.State.UNAVAILABLE, s.state(), s.detail());
        assertTrue(s.detail().contains("only http(s) downloads are allowed"), s.detail());
        assertThrows(IOException.class, () -> zoo.download(resnet18, p -> { }, new DownloadControl()));
        assertFalse(Files.exists(zoo.directory(resnet18)));
    }

    @Test
    void aFileWithoutAChecksumInTheMetadataIsCheckedAgainstGraftsRecord() throws Exception {
        // the fixture's gzip is not DJL's real traced_resnet18.pt.gz, so Graft's recorded SHA-1 of the
        // real file must reject it once the metadata stops giving a checksum
        server.rewrite("resnet/metadata.json", m -> m.replaceAll("(\"model\": \\{\"uri\": \"0.0.1/traced_resnet18"
                + ".pt.gz\"), \"sha1Hash\": \"[0-9a-f]+\"", "$1"));
        IOException e = assertThrows(IOException.class, () -> zoo.download(resnet18, p -> { }, new DownloadControl()));
        assertTrue(e.getMessage().contains("SHA-1") && e.getMessage().contains("5f2090128b4dd2aac5bc7394ba4d46fe4a608a89"),
                e.getMessage());
        assertFalse(Files.exists(zoo.directory(resnet18)));

        server.rewrite("resnet/metadata.json", m -> m.replaceAll("(\"synset\": \\{\"uri\": \"0.0.1/synset.txt\"), "
                + "\"sha1Hash\": \"[0-9a-f]+\"", "$1").replace("synset.txt", "labels.txt"));
        // DJL keeps a repository's metadata for a day: drop its copy so the new one is read
        Files.delete(zoo.directory(resnet18).getParent().getParent().resolve("metadata.json"));
        ZooStatus s = new ZooDownloads(new ZooSettings(server.url(), false)).status(resnet18);
        assertEquals(ZooStatus.State.UNAVAILABLE, s.state(), s.detail());
        assertTrue(s.detail().contains("no checksum"), s.detail());
    }

    @Test
    void graftListsOnlyImageClassifiersThatDjlsPyTorchZooHas() {
        List<String> djl = ZooBackbones.imageClassifiersInDjlZoo();
        for (ZooBackbone b : ZooBackbones.ALL) {
            assertTrue(djl.contains(b.artifactId()), b.artifactId() + " in " + djl);
        }
    }
}
