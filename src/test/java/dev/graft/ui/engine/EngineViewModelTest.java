package dev.graft.ui.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.engine.EngineReport;
import dev.graft.engine.process.NativeLibrary;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Engine panel's state without a toolkit. */
class EngineViewModelTest {

    /** A settings store in memory; reports from the real engine or canned GPU-machine reports. */
    private static final class Service implements EngineService {
        NativeLibrary saved = NativeLibrary.DEFAULT;
        final List<NativeLibrary> probed = new ArrayList<>();
        EngineReport canned;

        @Override
        public EngineReport report(NativeLibrary natives) throws InterruptedException {
            probed.add(natives);
            return canned != null ? canned : EngineService.real().report(natives);
        }

        @Override
        public NativeLibrary load() {
            return saved;
        }

        @Override
        public void save(NativeLibrary natives) {
            saved = natives;
        }
    }

    private static EngineViewModel vm(Service s) {
        return new EngineViewModel(s, Runnable::run, Runnable::run);
    }

    @Test
    void showsWhatTheRealEngineReports() {
        Service s = new Service();
        EngineViewModel vm = vm(s);
        assertEquals("Engine not checked yet", vm.summaryProperty().get());
        vm.refresh();
        assertTrue(vm.summaryProperty().get().startsWith("PyTorch 2.7.1 · cpu · DJL 0.36.0 · 0 GPU(s)"),
                vm.summaryProperty().get());
        assertEquals(List.of("auto", "cpu"), vm.deviceChoices());
        assertTrue(vm.messageProperty().get().contains("No GPU"), vm.messageProperty().get());
        assertTrue(vm.plainProperty().get().startsWith("Training runs on this computer's processor")
                && vm.plainProperty().get().contains("nothing to set up"), "plain words first: "
                + vm.plainProperty().get());
        assertFalse(vm.hasGpuProperty().get());
        assertTrue(vm.reportProperty().get().notes().stream().anyMatch(n -> n.contains("Mixed precision")));
        assertFalse(vm.busyProperty().get());
    }

    @Test
    void aReportKeepsTheDeviceChoicesThatStillExist() {
        // a ChoiceBox bound to the recipe's device loses its value when its selected item is removed,
        // even for an instant: a report must only add and remove what changed
        Service s = new Service();
        EngineViewModel vm = vm(s);
        List<String> removed = new ArrayList<>();
        vm.deviceChoices().addListener((javafx.collections.ListChangeListener<String>) c -> {
            while (c.next()) {
                removed.addAll(c.getRemoved());
            }
        });
        vm.refresh();
        assertEquals(List.of("auto", "cpu"), vm.deviceChoices());
        assertEquals(List.of(), removed, "auto and cpu were never taken away");
        s.canned = new EngineReport(true, null, null, "PyTorch", "2.7.1", "0.36.0", "cu128", "/opt/libtorch/lib",
                List.of("CUDA"), "128", List.of(new EngineReport.Gpu(0, "NVIDIA RTX 4090", "89", 512, 24_564)),
                Map.of(), List.of());
        vm.refresh();
        assertEquals(List.of("auto", "cpu", "gpu0"), vm.deviceChoices());
        s.canned = null;
        vm.refresh();
        assertEquals(List.of("auto", "cpu"), vm.deviceChoices());
        assertEquals(List.of("gpu0"), removed, "only the GPU that went away was removed");
    }

    @Test
    void aGpuMachinesReportOffersEachGpuAsADevice() {
        Service s = new Service();
        s.canned = new EngineReport(true, null, null, "PyTorch", "2.7.1", "0.36.0", "cu128", "/opt/libtorch/lib",
                List.of("CUDA", "CUDNN"), "128", List.of(new EngineReport.Gpu(0, "NVIDIA RTX 4090", "89", 512, 24_564),
                        new EngineReport.Gpu(1, null, "86", 300, 12_288)), Map.of(), List.of(EngineReport.MIXED_PRECISION));
        EngineViewModel vm = vm(s);
        vm.modeProperty().set("installed");
        assertTrue(vm.problemProperty().get() != null, "installed needs a folder");
        vm.libraryPathProperty().set("/opt/libtorch/lib");
        vm.apply();
        assertEquals(new NativeLibrary("installed", "/opt/libtorch/lib", "cu128"), s.saved, "saved for training");
        assertEquals(List.of("auto", "cpu", "gpu0", "gpu1"), vm.deviceChoices());
        assertEquals("gpu0 · NVIDIA RTX 4090 · compute 89 · 512 of 24,564 MB in use", vm.gpus().get(0));
        assertTrue(vm.summaryProperty().get().contains("cu128") && vm.summaryProperty().get().contains("CUDA 128"));
        assertTrue(vm.messageProperty().get().startsWith("Saved: training processes will use installed libtorch"),
                vm.messageProperty().get());
    }

    @Test
    void aLibtorchThatDoesNotLoadSaysWhyAndWhatToDo() {
        Service s = new Service();
        s.canned = new EngineReport(false, "Failed to save pytorch index file: publish.djl.ai", "Connect once …",
                "PyTorch", null, "0.36.0", null, null, List.of(), null, List.of(), Map.of(), List.of());
        EngineViewModel vm = vm(s);
        vm.modeProperty().set("cuda-download");
        assertNull(vm.problemProperty().get());
        vm.apply();
        assertEquals("PyTorch engine did not load", vm.summaryProperty().get());
        assertTrue(vm.messageProperty().get().contains("does not load: Failed to save pytorch index file"),
                vm.messageProperty().get());
        assertTrue(vm.messageProperty().get().contains("Connect once"));
        assertEquals(List.of("auto", "cpu"), vm.deviceChoices());
    }
}
