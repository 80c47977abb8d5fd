package dev.graft.ui.engine;

import dev.graft.core.run.Failures;
import dev.graft.engine.EngineReport;
import dev.graft.engine.process.NativeLibrary;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executor;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Engine panel: what DJL reports about the engine training uses (libtorch version and
 * flavour, GPUs with memory, why a device is or is not used) and the app setting that chooses
 * the libtorch of every later training process. A JVM loads one libtorch for its lifetime, so a
 * setting other than the bundled one is checked by a short-lived child JVM started exactly like a
 * training process.
 */
public final class EngineViewModel {

    /** The libtorch choices, as the panel lists them. */
    public static final List<String> MODES = List.of(NativeLibrary.BUNDLED, NativeLibrary.CUDA_DOWNLOAD,
            NativeLibrary.INSTALLED);

    private final EngineService service;
    private final Executor background;
    private final Executor ui;
    private final StringProperty mode = new SimpleStringProperty(NativeLibrary.BUNDLED);
    private final StringProperty libraryPath = new SimpleStringProperty("");
    private final StringProperty flavor = new SimpleStringProperty("cu128");
    private final ObjectProperty<EngineReport> report = new SimpleObjectProperty<>();
    private final BooleanProperty busy = new SimpleBooleanProperty();
    private final StringProperty message = new SimpleStringProperty("");
    private final ObservableList<String> gpus = FXCollections.observableArrayList();
    private final ObservableList<String> deviceChoices = FXCollections.observableArrayList("auto", "cpu");
    private final StringBinding summary;
    private final StringBinding plain;
    private final javafx.beans.binding.BooleanBinding hasGpu;
    private final StringBinding problem;

    /**
     * Creates the panel's state; call {@link #refresh()} to fill it.
     *
     * @param service the engine
     * @param background runs reports (slow)
     * @param ui delivers results (the JavaFX thread in the app)
     */
    public EngineViewModel(EngineService service, Executor background, Executor ui) {
        this.service = service;
        this.background = background;
        this.ui = ui;
        NativeLibrary saved = service.load();
        mode.set(saved.mode());
        libraryPath.set(saved.libraryPath() == null ? "" : saved.libraryPath());
        flavor.set(saved.flavor() == null ? "cu128" : saved.flavor());
        summary = Bindings.createStringBinding(() -> summarise(report.get()), report);
        plain = Bindings.createStringBinding(() -> inPlainWords(report.get(),
                Runtime.getRuntime().availableProcessors()), report);
        hasGpu = Bindings.createBooleanBinding(() -> report.get() != null && !report.get().gpus().isEmpty(), report);
        problem = Bindings.createStringBinding(() -> {
            try {
                return setting().problem();
            } catch (IllegalArgumentException e) {
                return e.getMessage();
            }
        }, mode, libraryPath, flavor);
    }

    /** @return the setting as edited */
    public NativeLibrary setting() {
        return new NativeLibrary(mode.get(), NativeLibrary.INSTALLED.equals(mode.get()) ? libraryPath.get() : null,
                NativeLibrary.INSTALLED.equals(mode.get()) ? flavor.get() : null);
    }

    /** Reports on the saved setting's engine (in the background). */
    public void refresh() {
        check(service.load(), false);
    }

    /** Saves the edited setting and checks it (in the background). */
    public void apply() {
        NativeLibrary n;
        try {
            n = setting();
        } catch (IllegalArgumentException e) {
            message.set(e.getMessage());
            return;
        }
        check(n, true);
    }

    private void check(NativeLibrary n, boolean save) {
        busy.set(true);
        message.set(n.equals(NativeLibrary.DEFAULT) ? "Asking the engine …"
                : "Starting a training process with " + n.describe() + " to see what it loads"
                        + (n.downloadsNatives() ? " (the first time DJL downloads about 2.5 GB) …" : " …"));
        background.execute(() -> {
            try {
                if (save) {
                    service.save(n);
                }
                EngineReport r = service.report(n);
                ui.execute(() -> show(n, r, save));
            } catch (Exception e) {
                ui.execute(() -> {
                    busy.set(false);
                    message.set(Failures.describe(e));
                });
            }
        });
    }

    private void show(NativeLibrary n, EngineReport r, boolean saved) {
        report.set(r);
        busy.set(false);
        List<String> lines = new ArrayList<>();
        List<String> choices = new ArrayList<>(List.of("auto", "cpu"));
        for (EngineReport.Gpu g : r.gpus()) {
            lines.add(String.format(Locale.ROOT, "gpu%d · %s · compute %s · %,d of %,d MB in use", g.index(),
                    g.name() == null ? "NVIDIA GPU" : g.name(), g.computeCapability(), g.memoryUsedMb(),
                    g.memoryTotalMb()));
            choices.add("gpu" + g.index());
        }
        gpus.setAll(lines);
        // only add and remove what changed: a ChoiceBox whose items are replaced wholesale clears its
        // value, and through its binding the recipe's device (Train then blocks on "device null")
        deviceChoices.retainAll(choices);
        for (int i = 0; i < choices.size(); i++) {
            if (!deviceChoices.contains(choices.get(i))) {
                deviceChoices.add(Math.min(i, deviceChoices.size()), choices.get(i));
            }
        }
        String prefix = saved ? "Saved: training processes will use " + n.describe() + ". " : "";
        message.set(r.loaded() ? prefix + (r.gpus().isEmpty() ? "No GPU: training runs on the CPU."
                : r.gpus().size() + " GPU(s): 'auto' trains on gpu0.")
                : prefix + "This libtorch does not load: " + r.error() + (r.hint() == null ? "" : " " + r.hint()));
    }

    /**
     * What the engine means for this computer, in one or two plain sentences.
     *
     * @param r the report, or null before the first answer
     * @param cores the computer's processor cores
     * @return the sentence
     */
    static String inPlainWords(EngineReport r, int cores) {
        if (r == null) {
            return "Checking what this computer can train with …";
        }
        if (!r.loaded()) {
            return "The engine that trains models could not be loaded: see the details below.";
        }
        if (r.gpus().isEmpty()) {
            return "Training runs on this computer's processor (" + cores + " cores) with the engine Graft ships:"
                    + " nothing to set up. The settings below matter only on a computer with an NVIDIA graphics"
                    + " card, which can train many times faster.";
        }
        return "Training runs on the graphics card " + (r.gpus().get(0).name() == null ? "gpu0"
                : r.gpus().get(0).name()) + " ('auto' in the recipe), and on the processor when it cannot.";
    }

    /** @return what the engine means for this computer, in plain words */
    public StringBinding plainProperty() {
        return plain;
    }

    /** @return true when the engine reports a usable GPU (the GPU settings are then shown open) */
    public javafx.beans.binding.BooleanBinding hasGpuProperty() {
        return hasGpu;
    }

    static String summarise(EngineReport r) {
        if (r == null) {
            return "Engine not checked yet";
        }
        if (!r.loaded()) {
            return "PyTorch engine did not load";
        }
        return String.format(Locale.ROOT, "%s %s · %s · DJL %s · %d GPU(s)%s", r.engine(), r.version(),
                r.flavour(), r.djlVersion(), r.gpus().size(), r.cudaVersion() == null ? "" : " · CUDA "
                        + r.cudaVersion());
    }

    /** @return bundled | cuda-download | installed */
    public StringProperty modeProperty() {
        return mode;
    }

    /** @return the installed libtorch folder (PYTORCH_LIBRARY_PATH) */
    public StringProperty libraryPathProperty() {
        return libraryPath;
    }

    /** @return the installed libtorch's flavour (PYTORCH_FLAVOR) */
    public StringProperty flavorProperty() {
        return flavor;
    }

    /** @return the last report */
    public ReadOnlyObjectProperty<EngineReport> reportProperty() {
        return report;
    }

    /** @return one line: engine, version, flavour, DJL, GPUs */
    public StringBinding summaryProperty() {
        return summary;
    }

    /** @return what is wrong with the edited setting, or null */
    public StringBinding problemProperty() {
        return problem;
    }

    /** @return true while a report is being made */
    public ReadOnlyBooleanProperty busyProperty() {
        return busy;
    }

    /** @return the outcome in words */
    public ReadOnlyStringProperty messageProperty() {
        return message;
    }

    /** @return one line per GPU */
    public ObservableList<String> gpus() {
        return gpus;
    }

    /**
     * The device choices the recipe's device box should offer for this engine: auto, cpu and one
     * per GPU ({@code gpu0}, {@code gpu1}, …).
     *
     * @return the choices
     */
    public ObservableList<String> deviceChoices() {
        return deviceChoices;
    }
}
