package dev.graft.ui.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.core.model.ModelFiles;
import dev.graft.engine.export.ExportFormat;
import dev.graft.engine.export.ModelExport;
import dev.graft.testing.TestData;
import dev.graft.ui.common.Background;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Results view's export, without a toolkit: the real exporter on a real model folder. */
class ExportViewModelTest {

    @TempDir
    Path tmp;

    private Path bundledCopy(String name) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve(name));
        try (Stream<Path> s = Files.list(Path.of("src/main/resources/dev/graft/models/mobilenet_v2"))) {
            for (Path f : s.toList()) {
                Files.copy(f, dir.resolve(f.getFileName()));
            }
        }
        return dir;
    }

    @Test
    void exportsIntoAnEmptyPickedFolderAndSaysWhereAndWhatNext() throws Exception {
        ExportViewModel vm = new ExportViewModel(Background.sameThread(), ModelExport::export);
        assertFalse(vm.canExportBinding().get(), "nothing to export before a run with a model is shown");
        vm.setRun(bundledCopy("my-run"));
        assertTrue(vm.canExportBinding().get());
        assertEquals(List.of(ExportFormat.ONNX, ExportFormat.WEB, ExportFormat.DJL), vm.formats());
        Path picked = Files.createDirectories(tmp.resolve("picked"));
        vm.exportInto(picked);
        assertFalse(vm.failedProperty().get(), vm.messageProperty().get());
        assertEquals(picked.toAbsolutePath(), vm.exportedProperty().get());
        assertTrue(Files.isRegularFile(picked.resolve("model.onnx")));
        assertTrue(vm.messageProperty().get().startsWith("Exported as ONNX model to " + picked.toAbsolutePath())
                && vm.messageProperty().get().contains("README.md"), vm.messageProperty().get());
    }

    @Test
    void aPickedFolderHoldingFilesGetsANewFolderNamedAfterTheRunNeverOverwriting() throws Exception {
        ExportViewModel vm = new ExportViewModel(Background.sameThread(), ModelExport::export);
        vm.setRun(bundledCopy("my-run"));
        vm.formatProperty().set(ExportFormat.DJL);
        Path picked = Files.createDirectories(tmp.resolve("Documents"));
        Files.writeString(picked.resolve("letter.txt"), "mine");
        vm.exportInto(picked);
        vm.exportInto(picked);
        assertEquals(picked.resolve("my-run-djl-2").toAbsolutePath(), vm.exportedProperty().get());
        try (Stream<Path> s = Files.list(picked)) {
            assertEquals(List.of("letter.txt", "my-run-djl", "my-run-djl-2"),
                    s.map(p -> p.getFileName().toString()).sorted().toList());
        }
        assertEquals("mine", Files.readString(picked.resolve("letter.txt")));
        assertTrue(Files.isRegularFile(picked.resolve("my-run-djl").resolve(ModelFiles.PARAMS)));
    }

    @Test
    void aModelThatCannotBeExportedSaysWhyAndLeavesNothing() throws Exception {
        Path ts = Files.createDirectories(tmp.resolve("ts"));
        TestData.tinyTorchScript(ts);
        Files.writeString(ts.resolve(ModelFiles.SPEC), "{\"architecture\": \"torchscript\", \"imageSize\": 64,"
                + " \"classes\": [\"a\", \"b\"], \"headHidden\": [], \"dropout\": 0.0, \"normalization\": \"unit\","
                + " \"backboneFile\": \"tiny_cnn.pt\", \"featureSize\": 8}");
        ExportViewModel vm = new ExportViewModel(Background.sameThread(), ModelExport::export);
        vm.setRun(ts);
        Path picked = tmp.resolve("out");
        vm.exportInto(picked);
        assertTrue(vm.failedProperty().get());
        assertTrue(vm.messageProperty().get().startsWith("Export failed: ")
                && vm.messageProperty().get().contains("TorchScript"), vm.messageProperty().get());
        assertNull(vm.exportedProperty().get());
        assertFalse(Files.exists(picked));
        assertTrue(vm.canExportBinding().get(), "the user can pick another format and try again");
    }

    @Test
    void whileAnExportRunsItCannotBeStartedTwiceAndShowingAnotherRunDropsIt() throws Exception {
        List<Runnable> pending = new ArrayList<>();
        Background later = new Background() {
            @Override
            public <T> Job run(Callable<T> job, Consumer<T> onSuccess, Consumer<Throwable> onFailure) {
                boolean[] cancelled = {false};
                pending.add(() -> {
                    try {
                        T r = job.call();
                        if (!cancelled[0]) {
                            onSuccess.accept(r);
                        }
                    } catch (Exception e) {
                        if (!cancelled[0]) {
                            onFailure.accept(e);
                        }
                    }
                });
                return () -> cancelled[0] = true;
            }
        };
        ExportViewModel vm = new ExportViewModel(later, ModelExport::export);
        vm.setRun(bundledCopy("my-run"));
        vm.formatProperty().set(ExportFormat.DJL);
        vm.exportInto(tmp.resolve("a"));
        assertTrue(vm.busyProperty().get());
        assertFalse(vm.canExportBinding().get());
        assertTrue(vm.messageProperty().get().startsWith("Exporting as DJL model folder"));
        vm.exportInto(tmp.resolve("b"));
        assertEquals(1, pending.size(), "a second press while busy does nothing");
        vm.setRun(null);
        pending.get(0).run();
        assertEquals("", vm.messageProperty().get(), "the old run's outcome does not show on the new one");
        assertFalse(vm.busyProperty().get());
    }
}
