package dev.graft.ui.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.engine.datasets.DatasetDownloads;
import dev.graft.engine.datasets.SampleDatasets;
import dev.graft.engine.datasets.SampleStatus;
import dev.graft.engine.zoo.ZooSettings;
import dev.graft.testing.DatasetFixtureServer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sample-dataset page without a toolkit, on the real downloader and a real repository server
 * on 127.0.0.1: facts before downloading, offline reasons, a fetch with progress and Open, and a
 * cancel from another thread while the fetch runs in the background.
 */
class SampleDatasetsViewModelTest {

    @TempDir
    Path tmp;

    private DatasetFixtureServer server;
    private final List<Path> opened = new ArrayList<>();
    private final List<String> said = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = new DatasetFixtureServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private SampleDatasetsViewModel page(URI url, boolean offline, java.util.concurrent.Executor background,
            java.util.concurrent.Executor ui) {
        DatasetDownloads downloads = new DatasetDownloads(new ZooSettings(url, offline), tmp.resolve("datasets"),
                Path.of("datasets-sample"));
        return new SampleDatasetsViewModel(downloads, background, ui, opened::add, said::add);
    }

    private static void select(SampleDatasetsViewModel vm, String id) {
        vm.selectedProperty().set(vm.rows().stream().filter(r -> r.set().id().equals(id)).findFirst().orElseThrow());
    }

    @Test
    void everySetIsListedWithItsFactsAndTheBundledSampleOpensAtOnce() {
        SampleDatasetsViewModel vm = page(server.url(), true, Runnable::run, Runnable::run);
        assertEquals(List.of("emoji", "fruits", "fruits-small", "cifar10", "fashion-mnist"),
                vm.rows().stream().map(r -> r.set().id()).toList());
        assertEquals("emoji", vm.selectedProperty().get().set().id());
        assertTrue(vm.canOpenProperty().get());
        assertFalse(vm.canFetchProperty().get());
        assertTrue(vm.open());
        assertEquals(List.of(Path.of("datasets-sample/emoji").toAbsolutePath()), opened);

        select(vm, "cifar10");
        String facts = vm.factsProperty().get();
        assertTrue(facts.contains("Images:  60,000: 50,000 training / 10,000 test"), facts);
        assertTrue(facts.contains("Image size:  32×32 px, colour"), facts);
        assertTrue(facts.contains("airplane, automobile"), facts);
        assertTrue(facts.contains("Licence:  no licence published"), facts);
        assertTrue(facts.contains("Source:  https://www.cs.toronto.edu/~kriz/cifar.html"), facts);
        assertTrue(facts.contains("Download:  169.6 MB"), facts);
        assertEquals("Download 169.6 MB", vm.fetchLabelProperty().get());
        assertFalse(vm.open(), "not here yet");
        assertEquals(1, opened.size());
    }

    @Test
    void offlineAndUnreachableEachRowSaysWhyAndNothingCanBeDownloaded() {
        SampleDatasetsViewModel offline = page(server.url(), true, Runnable::run, Runnable::run);
        offline.checkRepository();
        select(offline, "fashion-mnist");
        assertEquals(SampleStatus.State.UNAVAILABLE_OFFLINE, offline.selectedProperty().get().status().state());
        assertTrue(offline.statusTextProperty().get().startsWith("Cannot be downloaded now. Graft is offline"),
                offline.statusTextProperty().get());
        assertTrue(offline.statusTextProperty().get().contains("train-images-idx3-ubyte.gz (26.4 MB)"));
        assertFalse(offline.canFetchProperty().get());
        assertEquals(List.of(), server.requests());

        SampleDatasetsViewModel unreachable = page(URI.create("http://127.0.0.1:9/"), false, Runnable::run,
                Runnable::run);
        unreachable.checkRepository();
        select(unreachable, "fruits");
        assertTrue(unreachable.statusTextProperty().get().contains("Cannot reach DJL's repository at"
                + " http://127.0.0.1:9/"), unreachable.statusTextProperty().get());
        assertEquals("Fruits fresh and rotten · unavailable offline", unreachable.selectedProperty().get().line());
    }

    @Test
    void aFetchReportsProgressThenTheSetOpens() {
        SampleDatasetsViewModel vm = page(server.url(), false, Runnable::run, Runnable::run);
        vm.checkRepository();
        select(vm, "fashion-mnist");
        assertEquals(SampleStatus.State.DOWNLOADABLE, vm.selectedProperty().get().status().state());
        assertTrue(vm.canFetchProperty().get());
        List<String> progress = new ArrayList<>();
        vm.progressTextProperty().addListener((o, a, b) -> progress.add(b));
        vm.fetch();
        assertTrue(progress.stream().anyMatch(t -> t.startsWith("Downloading: ")), progress.toString());
        assertTrue(progress.stream().anyMatch(t -> t.startsWith("Writing training images: 20 of 20")),
                progress.toString());
        assertEquals(SampleDatasetsViewModel.Activity.IDLE, vm.activityProperty().get());
        assertTrue(vm.messageProperty().get().startsWith("Fashion-MNIST is ready in "), vm.messageProperty().get());
        assertTrue(vm.selectedProperty().get().status().ready());
        assertEquals("on this computer", vm.selectedProperty().get().stateLine());
        assertFalse(vm.canFetchProperty().get());
        assertTrue(said.get(0).startsWith("Fashion-MNIST is ready"), said.toString());
        assertTrue(vm.open());
        assertEquals(tmp.resolve("datasets/fashion-mnist/fashion-mnist-train"), opened.get(0));
    }

    @Test
    void cancelFromTheUiStopsABackgroundFetchAndKeepsNothing() throws Exception {
        server.slow(40);
        ExecutorService worker = Executors.newSingleThreadExecutor();
        LinkedBlockingQueue<Runnable> uiQueue = new LinkedBlockingQueue<>();
        try {
            SampleDatasetsViewModel vm = page(server.url(), false, worker, uiQueue::add);
            select(vm, "cifar10");
            vm.fetch();
            assertEquals(SampleDatasetsViewModel.Activity.FETCHING, vm.activityProperty().get());
            assertFalse(vm.canFetchProperty().get(), "one fetch at a time");
            // the UI thread: apply what the worker sends until bytes are arriving, then cancel
            while (!vm.progressTextProperty().get().matches("Downloading: [1-9].*")) {
                Runnable r = uiQueue.poll(60, TimeUnit.SECONDS);
                if (r == null) {
                    throw new AssertionError("no progress: " + vm.progressTextProperty().get());
                }
                r.run();
            }
            vm.cancel();
            assertEquals(SampleDatasetsViewModel.Activity.CANCELLING, vm.activityProperty().get());
            while (vm.activityProperty().get() != SampleDatasetsViewModel.Activity.IDLE) {
                Runnable r = uiQueue.poll(60, TimeUnit.SECONDS);
                if (r == null) {
                    throw new AssertionError("the fetch did not stop");
                }
                r.run();
            }
            assertEquals("Cancelled; nothing was kept.", vm.messageProperty().get());
            assertFalse(Files.exists(tmp.resolve("datasets/cifar10")));
            assertTrue(vm.canFetchProperty().get(), "it can be fetched again");
        } finally {
            worker.shutdownNow();
        }
    }

    @Test
    void theBundledRootIsTheSamplesPropertysFolder() {
        String old = System.getProperty(SampleDatasets.SAMPLES_PROPERTY);
        try {
            System.setProperty(SampleDatasets.SAMPLES_PROPERTY, tmp.toString());
            assertEquals(tmp.toAbsolutePath(), SampleDatasets.bundledRoot());
        } finally {
            if (old == null) {
                System.clearProperty(SampleDatasets.SAMPLES_PROPERTY);
            } else {
                System.setProperty(SampleDatasets.SAMPLES_PROPERTY, old);
            }
        }
    }
}
