package dev.graft.ui.models;

import dev.graft.testing.Waits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.core.model.CatalogueEntry;
import dev.graft.engine.catalogue.ModelCatalogue;
import dev.graft.engine.zoo.ZooDownloads;
import dev.graft.engine.zoo.ZooSettings;
import dev.graft.testing.ZooFixtureServer;
import dev.graft.ui.models.ModelBrowserViewModel.DownloadState;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The model browser's download state without a toolkit: the real downloader against the fixture
 * repository on 127.0.0.1, a real worker thread, and "UI thread" updates run in place.
 */
class ModelDownloadViewModelTest {

    @TempDir
    Path tmp;

    private ZooFixtureServer server;
    private String oldCache;
    private String oldEngine;
    private ExecutorService worker;

    @BeforeEach
    void start() throws Exception {
        server = new ZooFixtureServer();
        oldCache = System.getProperty("DJL_CACHE_DIR");
        oldEngine = System.getProperty("ENGINE_CACHE_DIR");
        System.setProperty("ENGINE_CACHE_DIR", ai.djl.util.Utils.getEngineCacheDir().toString());
        System.setProperty("DJL_CACHE_DIR", tmp.resolve("djl").toString());
        worker = Executors.newSingleThreadExecutor();
    }

    @AfterEach
    void stop() throws Exception {
        worker.shutdownNow();
        worker.awaitTermination(10, TimeUnit.SECONDS);
        if (oldEngine == null) {
            System.clearProperty("ENGINE_CACHE_DIR");
        } else {
            System.setProperty("ENGINE_CACHE_DIR", oldEngine);
        }
        if (oldCache == null) {
            System.clearProperty("DJL_CACHE_DIR");
        } else {
            System.setProperty("DJL_CACHE_DIR", oldCache);
        }
        server.close();
    }

    private ModelBrowserViewModel browser(boolean offline) {
        ZooDownloads zoo = new ZooDownloads(new ZooSettings(server.url(), offline));
        // what the shell starts with: the catalogue as known without the network
        return new ModelBrowserViewModel(ModelCatalogue.entries(zoo, false), ZooService.of(zoo), worker,
                Runnable::run);
    }

    private static void select(ModelBrowserViewModel vm, String id) {
        vm.selectedProperty().set(vm.visibleModels().stream().filter(e -> e.id().equals(id)).findFirst()
                .orElseThrow());
    }

    private void idle() throws Exception {
        worker.submit(() -> { }).get(30, TimeUnit.SECONDS);
    }

    @Test
    void downloadingMakesTheModelTrainableAndReportsProgress() throws Exception {
        ModelBrowserViewModel vm = browser(false);
        assertNull(vm.trainBlockedReasonProperty().get(), "the bundled default trains");
        select(vm, "djl:resnet18");
        assertTrue(vm.trainBlockedReasonProperty().get().contains("not downloaded yet"),
                vm.trainBlockedReasonProperty().get());
        assertTrue(vm.downloadLabelProperty().get().startsWith("Download 43."), "recorded size before checking");

        vm.checkZoo();
        idle();
        assertTrue(vm.statusesCheckedProperty().get());
        assertEquals("downloadable", vm.selectedProperty().get().status());
        assertTrue(vm.downloadLabelProperty().get().endsWith("kB"), "the repository's real size: "
                + vm.downloadLabelProperty().get());
        assertTrue(vm.canDownloadProperty().get());

        List<String> messages = new ArrayList<>();
        vm.downloadMessageProperty().addListener((o, a, b) -> messages.add(b));
        server.slow(15);
        vm.download();
        assertEquals(DownloadState.DOWNLOADING, vm.downloadStateProperty().get());
        assertFalse(vm.canDownloadProperty().get(), "one download at a time");
        assertTrue(vm.trainBlockedReasonProperty().get().contains("still downloading"));
        idle();

        CatalogueEntry now = vm.selectedProperty().get();
        assertEquals("cached", now.status(), "the card changed and stays selected");
        assertTrue(now.availableOffline());
        assertNull(vm.trainBlockedReasonProperty().get());
        assertEquals(DownloadState.IDLE, vm.downloadStateProperty().get());
        assertEquals(1.0, vm.downloadProgressProperty().get());
        assertTrue(messages.stream().anyMatch(m -> m.contains("/s")), "speed shown: " + messages);
        assertTrue(vm.downloadMessageProperty().get().contains("downloaded and verified"));
        assertFalse(vm.canDownloadProperty().get());
    }

    @Test
    void cancelKeepsNothingAndAFailureSaysWhy() throws Exception {
        ModelBrowserViewModel vm = browser(false);
        select(vm, "djl:resnet18");
        server.slow(60);
        vm.download();
        Waits.until(java.time.Duration.ofSeconds(60), () -> vm.downloadProgressProperty().get() > 0);
        assertTrue(vm.canCancelProperty().get());
        vm.cancelDownload();
        assertEquals(DownloadState.CANCELLING, vm.downloadStateProperty().get());
        idle();
        assertEquals(DownloadState.IDLE, vm.downloadStateProperty().get());
        assertTrue(vm.downloadMessageProperty().get().contains("cancelled"), vm.downloadMessageProperty().get());
        assertFalse(vm.selectedProperty().get().availableOffline());

        server.slow(0);
        server.mode("traced_resnet18.pt.gz", ZooFixtureServer.Mode.TRUNCATED);
        vm.download();
        idle();
        assertEquals(DownloadState.FAILED, vm.downloadStateProperty().get());
        assertTrue(vm.downloadMessageProperty().get().contains("Nothing partial was kept"),
                vm.downloadMessageProperty().get());
        assertTrue(vm.canDownloadProperty().get(), "a failed download can be retried");
    }

    @Test
    void offlineTheCardSaysWhatIsMissingAndOffersNoDownload() throws Exception {
        ModelBrowserViewModel vm = browser(true);
        select(vm, "djl:resnet50");
        assertEquals("unavailable offline", vm.selectedProperty().get().status());
        assertFalse(vm.canDownloadProperty().get());
        String reason = vm.trainBlockedReasonProperty().get();
        assertTrue(reason.contains("traced_resnet50.pt.gz (95.2 MB)"), reason);
        assertEquals(List.of(), server.requests());
    }
}
