package dev.graft.engine.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.core.data.DatasetInfo;
import dev.graft.core.data.DatasetScan;
import dev.graft.core.data.DatasetSplit;
import dev.graft.core.data.DatasetWarnings;
import dev.graft.engine.data.DatasetScanner;
import dev.graft.engine.download.DownloadControl;
import dev.graft.engine.zoo.ZooSettings;
import dev.graft.testing.DatasetFixtureServer;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fetches through DJL's real repository and basicdataset classes from a real HTTP server on
 * 127.0.0.1 that serves DJL's dataset layout with small sets in the real formats: the class folders
 * hold exactly DJL's images and labels; progress, cancel, damaged and cut-off downloads, and what a
 * killed fetch left behind.
 */
class DatasetDownloadTest {

    @TempDir
    Path tmp;

    private DatasetFixtureServer server;
    private DatasetDownloads downloads;

    @BeforeEach
    void start() throws IOException {
        server = new DatasetFixtureServer();
        downloads = new DatasetDownloads(new ZooSettings(server.url(), false), tmp.resolve("datasets"),
                tmp.resolve("no-samples"));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** Every file under the data root, relative, sorted (the repository's caches included). */
    private List<String> filesUnder(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> !p.equals(dir)).map(p -> dir.relativize(p).toString()).sorted().toList();
        }
    }

    @Test
    void cifar10BecomesClassFoldersOfExactlyDjlsPixelsAndLabels() throws Exception {
        SampleStatus before = downloads.status(SampleDatasets.CIFAR10);
        assertEquals(SampleStatus.State.DOWNLOADABLE, before.state(), before.detail());
        assertEquals("Fixture Licence", before.licence());
        assertTrue(before.downloadBytes() > 0);

        server.slow(2);
        List<FetchProgress> events = new CopyOnWriteArrayList<>();
        Path train = downloads.fetch(SampleDatasets.CIFAR10, events::add, new DownloadControl());

        assertEquals(tmp.resolve("datasets/cifar10/cifar10-train"), train);
        Path test = train.resolveSibling("cifar10-test");
        DatasetScan scan = new DatasetScanner().scan(train);
        assertEquals(SampleDatasets.CIFAR10.classes(), scan.classes());
        assertEquals(DatasetFixtureServer.CIFAR_TRAIN, scan.images().size());
        assertEquals(List.of(), scan.skipped());
        assertEquals(DatasetFixtureServer.CIFAR_TEST, new DatasetScanner().scan(test).images().size());

        // record 7 of the served binary: label 7 ("horse"), red, green and blue planes of 32×32
        byte[] raw = server.cifarTrain();
        BufferedImage img = ImageIO.read(train.resolve("horse/00007.png").toFile());
        assertEquals(32, img.getWidth());
        int base = 7 * 3073;
        assertEquals(7, raw[base]);
        for (int y = 0; y < 32; y += 5) {
            for (int x = 0; x < 32; x += 3) {
                int p = y * 32 + x;
                int expected = (raw[base + 1 + p] & 0xff) << 16 | (raw[base + 1 + 1024 + p] & 0xff) << 8
                        | raw[base + 1 + 2048 + p] & 0xff;
                assertEquals(expected, img.getRGB(x, y) & 0xffffff, "pixel " + x + "," + y);
            }
        }

        DatasetInfo trainInfo = DatasetInfo.read(train).orElseThrow();
        DatasetInfo testInfo = DatasetInfo.read(test).orElseThrow();
        assertFalse(trainInfo.isTestSet());
        assertTrue(testInfo.isTestSet());
        assertEquals(DatasetFixtureServer.CIFAR_TEST, testInfo.images());
        assertEquals("cifar10-train", testInfo.otherSplit());
        DatasetScan testScan = new DatasetScanner().scan(test);
        assertTrue(DatasetWarnings.check(testScan, DatasetSplit.stratified(testScan, 0.2, 42)).get(0)
                .contains("official test split of CIFAR-10"));
        assertTrue(new dev.graft.engine.data.DatasetCheck(0.2, 42, 224, dev.graft.engine.data.DatasetCheck.NEAR_THRESHOLD)
                .run(test).report().warnings().get(0).contains("official test split of CIFAR-10"), "graft check says so");
        assertTrue(new DatasetScanner().scan(train).skipped().isEmpty(), "the marker is no image");
        assertTrue(Files.readString(train.resolveSibling(DatasetDownloads.ABOUT)).contains("Krizhevsky"));

        // progress: the download with speed and time left, then the images written
        assertEquals(FetchProgress.Stage.DOWNLOADING, events.get(0).stage());
        assertEquals(0, events.get(0).done());
        assertTrue(events.stream().anyMatch(e -> e.stage() == FetchProgress.Stage.DOWNLOADING && e.done() > 0
                && e.perSecond() > 0 && e.etaSeconds() >= 0), events.toString());
        assertTrue(events.stream().anyMatch(e -> e.stage() == FetchProgress.Stage.WRITING
                && e.done() == e.total() && e.total() == DatasetFixtureServer.CIFAR_TRAIN), events.toString());
        assertEquals(FetchProgress.Stage.DONE, events.get(events.size() - 1).stage());

        // the download and its unpacked copy are gone; only the set and the metadata remain
        assertEquals(List.of(), filesUnder(downloads.archiveDir(SampleDatasets.CIFAR10)));
        assertFalse(Files.exists(downloads.unpackedDir(SampleDatasets.CIFAR10)));
        assertTrue(filesUnder(tmp.resolve("datasets")).stream().noneMatch(f -> f.contains(".graft-tmp-")));

        // fetched: it opens at once, without the network
        int requests = server.requests().size();
        assertEquals(SampleStatus.State.READY, downloads.status(SampleDatasets.CIFAR10).state());
        assertEquals(train, downloads.fetch(SampleDatasets.CIFAR10, e -> { }, new DownloadControl()));
        assertEquals(requests, server.requests().size());
    }

    @Test
    void fashionMnistIdxFilesBecomeGreyPngsWithDjlsLabels() throws Exception {
        Path train = downloads.fetch(SampleDatasets.FASHION_MNIST, e -> { }, new DownloadControl());
        DatasetScan scan = new DatasetScanner().scan(train);
        assertEquals(DatasetFixtureServer.FASHION_TRAIN, scan.images().size());
        byte[] images = server.fashionTrainImages();
        byte[] labels = server.fashionTrainLabels();
        int i = 13;
        String cls = SampleDatasets.FASHION_MNIST.classes().get(labels[8 + i]);
        BufferedImage img = ImageIO.read(train.resolve(cls).resolve(String.format("%05d.png", i)).toFile());
        assertEquals(BufferedImage.TYPE_BYTE_GRAY, img.getType());
        for (int p = 0; p < 784; p += 37) {
            assertEquals(images[16 + i * 784 + p] & 0xff, img.getRaster().getSample(p % 28, p / 28, 0));
        }
        assertTrue(DatasetInfo.read(train.resolveSibling("fashion-mnist-test")).orElseThrow().isTestSet());
    }

    @Test
    void fruitPhotosAreCopiedAsTheyAreFromTheClassFoldersDjlLists() throws Exception {
        Path train = downloads.fetch(SampleDatasets.FRUITS, e -> { }, new DownloadControl());
        assertEquals(List.of("freshapples", "rottenapples"), new DatasetScanner().scan(train).classes());
        assertEquals(8, new DatasetScanner().scan(train).images().size());
        assertEquals(4, new DatasetScanner().scan(train.resolveSibling("fruits-test")).images().size());
        assertTrue(Files.isRegularFile(train.resolve("rottenapples/Screen Shot 3.png")));
        assertEquals(SampleStatus.State.READY, downloads.localStatus(SampleDatasets.FRUITS).state());
        // DJL's small subset is another artifact and another folder
        assertNotNull(downloads.fetch(SampleDatasets.FRUITS_SMALL, e -> { }, new DownloadControl()));
        assertTrue(server.requests().contains("/dataset/cv/ai/djl/basicdataset/fruit-unittest/metadata.json"));
    }

    @Test
    void offlineOrUnreachableTheListSaysWhatIsMissingAndWhy() throws Exception {
        DatasetDownloads offline = new DatasetDownloads(new ZooSettings(server.url(), true), tmp.resolve("datasets"),
                tmp.resolve("no-samples"));
        SampleStatus s = offline.status(SampleDatasets.CIFAR10);
        assertEquals(SampleStatus.State.UNAVAILABLE_OFFLINE, s.state());
        assertTrue(s.detail().contains("offline") && s.detail().contains("data_batch.bin.gz (141.3 MB)"),
                s.detail());
        IOException e = assertThrows(IOException.class, () -> offline.fetch(SampleDatasets.CIFAR10, p -> { },
                new DownloadControl()));
        assertTrue(e.getMessage().contains("offline"), e.getMessage());
        assertEquals(List.of(), server.requests(), "offline means no network at all");

        DatasetDownloads unreachable = new DatasetDownloads(new ZooSettings(URI.create("http://127.0.0.1:9/"), false),
                tmp.resolve("datasets"), tmp.resolve("no-samples"));
        SampleStatus u = unreachable.status(SampleDatasets.FRUITS);
        assertEquals(SampleStatus.State.UNAVAILABLE_OFFLINE, u.state());
        assertTrue(u.detail().startsWith("cannot reach DJL's repository at http://127.0.0.1:9/"), u.detail());
        IOException f = assertThrows(IOException.class, () -> unreachable.fetch(SampleDatasets.FRUITS, p -> { },
                new DownloadControl()));
        assertTrue(f.getMessage().contains("Cannot read the metadata"), f.getMessage());
        assertFalse(Files.exists(tmp.resolve("datasets/fruits")));
    }

    @Test
    void cancelStopsTheDownloadAndKeepsNothing() throws Exception {
        server.slow(30);
        DownloadControl control = new DownloadControl();
        List<FetchProgress> events = new CopyOnWriteArrayList<>();
        assertThrows(CancellationException.class, () -> downloads.fetch(SampleDatasets.CIFAR10, p -> {
            events.add(p);
            if (p.done() > 0) {
                control.cancel();
            }
        }, control));
        assertTrue(events.stream().noneMatch(p -> p.stage() == FetchProgress.Stage.DONE));
        assertFalse(Files.exists(tmp.resolve("datasets/cifar10")));
        assertEquals(List.of(), filesUnder(downloads.archiveDir(SampleDatasets.CIFAR10).getParent()).stream()
                .filter(f -> !f.equals("metadata.json")).toList(), "DJL removed its temporary folder");
        assertEquals(SampleStatus.State.NOT_FETCHED, downloads.localStatus(SampleDatasets.CIFAR10).state());

        server.slow(0);
        assertTrue(Files.isDirectory(downloads.fetch(SampleDatasets.CIFAR10, p -> { }, new DownloadControl())));
    }

    @Test
    void damagedAndCutOffDownloadsAreRejectedAndNothingIsKept() throws Exception {
        server.mode("train-labels-idx1-ubyte.gz", DatasetFixtureServer.Mode.CORRUPT);
        IOException e = assertThrows(IOException.class, () -> downloads.fetch(SampleDatasets.FASHION_MNIST, p -> { },
                new DownloadControl()));
        assertTrue(e.getMessage().contains("SHA-1") && e.getMessage().contains("Nothing partial was kept"),
                e.getMessage());
        assertFalse(Files.exists(downloads.archiveDir(SampleDatasets.FASHION_MNIST)));

        server.mode("train-labels-idx1-ubyte.gz", DatasetFixtureServer.Mode.NORMAL);
        server.mode("train-images-idx3-ubyte.gz", DatasetFixtureServer.Mode.TRUNCATED);
        e = assertThrows(IOException.class, () -> downloads.fetch(SampleDatasets.FASHION_MNIST, p -> { },
                new DownloadControl()));
        assertTrue(e.getMessage().contains("failed after"), e.getMessage());
        assertFalse(Files.exists(downloads.archiveDir(SampleDatasets.FASHION_MNIST)));
        assertFalse(Files.exists(tmp.resolve("datasets/fashion-mnist")));

        // the repository vouches for a gzip that is itself broken: DJL's SHA-1 passes, unpacking refuses
        byte[] gz = DatasetFixtureServer.gzip(server.fashionTrainImages());
        server.mode("train-images-idx3-ubyte.gz", DatasetFixtureServer.Mode.NORMAL);
        server.replace("fashmnist", "train-images-idx3-ubyte.gz", java.util.Arrays.copyOf(gz, gz.length / 2));
        Files.delete(downloads.archiveDir(SampleDatasets.FASHION_MNIST).resolveSibling("metadata.json"));
        e = assertThrows(IOException.class, () -> downloads.fetch(SampleDatasets.FASHION_MNIST, p -> { },
                new DownloadControl()));
        assertTrue(e.getMessage().contains("refused and deleted") && e.getMessage().contains("damaged"),
                e.getMessage());
        assertFalse(Files.exists(downloads.archiveDir(SampleDatasets.FASHION_MNIST)), "a refused download goes");
        assertFalse(Files.exists(downloads.unpackedDir(SampleDatasets.FASHION_MNIST)));
        assertFalse(Files.exists(tmp.resolve("datasets/fashion-mnist")));
        assertTrue(filesUnder(tmp.resolve("datasets")).stream().noneMatch(f -> f.contains(".graft-tmp-")));
    }

    @Test
    void filesDjlCannotReadAreDeletedAndNothingIsWritten() throws Exception {
        // the repository vouches for labels of 25 images next to 20 images: DJL's reader fails
        java.nio.ByteBuffer labels = java.nio.ByteBuffer.allocate(8 + 25).putInt(2049).putInt(25);
        server.replace("fashmnist", "train-labels-idx1-ubyte.gz", DatasetFixtureServer.gzip(labels.array()));
        IOException e = assertThrows(IOException.class, () -> downloads.fetch(SampleDatasets.FASHION_MNIST, p -> { },
                new DownloadControl()));
        assertTrue(e.getMessage().contains("could not read") && e.getMessage().contains("deleted"), e.getMessage());
        assertFalse(Files.exists(tmp.resolve("datasets/fashion-mnist")));
        assertFalse(Files.exists(downloads.archiveDir(SampleDatasets.FASHION_MNIST)));
        assertFalse(Files.exists(downloads.unpackedDir(SampleDatasets.FASHION_MNIST)));
        assertTrue(filesUnder(tmp.resolve("datasets")).stream().noneMatch(f -> f.contains(".graft-tmp-")));
    }

    @Test
    void aKilledFetchsLeftoversAreRemovedAndACompleteDownloadIsFinishedWithoutTheNetwork() throws Exception {
        // what a process killed while downloading leaves: DJL's temporary folder beside the artifact's
        Path archive = downloads.archiveDir(SampleDatasets.CIFAR10);
        Path djlTemp = Files.createDirectories(archive.resolveSibling("1.0" + "4815162342108"));
        Files.write(djlTemp.resolve("data_batch.bin"), new byte[5000]);
        // ... and killed while writing the class folders: Graft's temporary folder, never shown as a set
        Path staging = Files.createDirectories(tmp.resolve("datasets/.graft-tmp-cifar10-0badf00d/cifar10-train/cat"));
        Files.write(staging.resolve("00003.png"), new byte[10]);
        assertEquals(SampleStatus.State.NOT_FETCHED, downloads.localStatus(SampleDatasets.CIFAR10).state());
        // a neighbour's temporary folder is not this set's
        Path other = Files.createDirectories(tmp.resolve("datasets/.graft-tmp-fruits-small-0badf00d"));

        DownloadControl stopBeforeWriting = new DownloadControl();
        assertThrows(CancellationException.class, () -> downloads.fetch(SampleDatasets.CIFAR10, p -> {
            if (p.stage() == FetchProgress.Stage.WRITING) {
                stopBeforeWriting.cancel();
            }
        }, stopBeforeWriting));
        assertFalse(Files.exists(djlTemp));
        assertFalse(Files.exists(staging.getParent().getParent()));
        assertTrue(Files.exists(other));
        assertFalse(Files.exists(tmp.resolve("datasets/cifar10")));
        SampleStatus partly = downloads.localStatus(SampleDatasets.CIFAR10);
        assertEquals(SampleStatus.State.PARTLY_FETCHED, partly.state(), partly.detail());

        // the download was complete: the next fetch needs no network, even offline
        int requests = server.requests().size();
        DatasetDownloads offline = new DatasetDownloads(new ZooSettings(server.url(), true), tmp.resolve("datasets"),
                tmp.resolve("no-samples"));
        Path train = offline.fetch(SampleDatasets.CIFAR10, p -> { }, new DownloadControl());
        assertEquals(DatasetFixtureServer.CIFAR_TRAIN, new DatasetScanner().scan(train).images().size());
        assertEquals(requests, server.requests().size());
    }

    @Test
    void aFetchedSetIsNeverOverwrittenOrDeleted() throws Exception {
        Path train = downloads.fetch(SampleDatasets.FRUITS_SMALL, e -> { }, new DownloadControl());
        Path test = train.resolveSibling("fruits-small-test");
        // the user relabels and then removes the test split
        Files.move(train.resolve("freshapples/Screen Shot 0.png"), train.resolve("rottenapples/moved.png"));
        dev.graft.core.util.AtomicFiles.writeString(train.resolve("note.txt"), "mine");
        ai.djl.util.Utils.deleteQuietly(test);
        SampleStatus s = downloads.status(SampleDatasets.FRUITS_SMALL);
        assertEquals(SampleStatus.State.UNAVAILABLE, s.state());
        assertTrue(s.detail().contains("remove the folder yourself"), s.detail());
        IOException e = assertThrows(IOException.class, () -> downloads.fetch(SampleDatasets.FRUITS_SMALL, p -> { },
                new DownloadControl()));
        assertTrue(e.getMessage().contains("never changes a fetched set"), e.getMessage());
        assertTrue(Files.exists(train.resolve("rottenapples/moved.png")));
        assertEquals("mine", Files.readString(train.resolve("note.txt")));
    }

    @Test
    void theBundledSampleIsReadyWithItsTestSetMarked() throws Exception {
        DatasetDownloads local = new DatasetDownloads(new ZooSettings(server.url(), true), tmp.resolve("datasets"),
                Path.of("datasets-sample"));
        SampleStatus s = local.status(SampleDatasets.EMOJI);
        assertEquals(SampleStatus.State.READY, s.state(), s.detail());
        assertEquals(Path.of("datasets-sample/emoji").toAbsolutePath(), s.trainFolder());
        assertTrue(DatasetInfo.read(s.testFolder()).orElseThrow().isTestSet());
        assertFalse(DatasetInfo.read(s.trainFolder()).orElseThrow().isTestSet());
        assertEquals(s.trainFolder(), local.fetch(SampleDatasets.EMOJI, p -> { }, new DownloadControl()));
        assertArrayEquals(new String[0], server.requests().toArray(new String[0]));
    }
}
