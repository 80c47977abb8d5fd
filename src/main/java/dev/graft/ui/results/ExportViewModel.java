package dev.graft.ui.results;

import dev.graft.engine.export.ExportFormat;
import dev.graft.engine.export.ExportResult;
import dev.graft.engine.export.ModelExport;
import dev.graft.ui.common.Background;
import dev.graft.core.run.Failures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;

/**
 * Exporting the shown run's model from the results: the format (ONNX, web page, DJL folder), the
 * folder the user picked, the export running in the background, and what came of it. A picked
 * folder that is empty receives the export; otherwise a new folder named after the run and format
 * is made inside it ({@code <run>-onnx}, {@code <run>-onnx-2}, …), so nothing is ever overwritten.
 */
public final class ExportViewModel {

    /** What does the work; the window uses {@link ModelExport#export}. */
    @FunctionalInterface
    public interface Exporter {
        /**
         * Exports.
         *
         * @param run run or model folder
         * @param format the format
         * @param out the folder to write
         * @return what was written
         * @throws Exception why not
         */
        ExportResult export(Path run, ExportFormat format, Path out) throws Exception;
    }

    private final Background background;
    private final Exporter exporter;
    private final ObjectProperty<ExportFormat> format = new SimpleObjectProperty<>(ExportFormat.ONNX);
    private final ReadOnlyObjectWrapper<Path> run = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper failed = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<Path> exported = new ReadOnlyObjectWrapper<>();
    private final BooleanBinding canExport;
    private Background.Job job;

    /**
     * Creates the view-model.
     *
     * @param background where the export runs
     * @param exporter what exports
     */
    public ExportViewModel(Background background, Exporter exporter) {
        this.background = background;
        this.exporter = exporter;
        this.canExport = Bindings.createBooleanBinding(() -> run.get() != null && !busy.get() && format.get() != null,
                run, busy, format);
    }

    /** @return the formats offered, in the order shown */
    public List<ExportFormat> formats() {
        return List.of(ExportFormat.values());
    }

    /**
     * Sets which run's model is exported; forgets the last export's message.
     *
     * @param runOrModel the run folder (or model folder), or null when the shown run has no model
     */
    public void setRun(Path runOrModel) {
        if (job != null) {
            job.cancel();
            job = null;
        }
        busy.set(false);
        run.set(runOrModel);
        message.set("");
        failed.set(false);
        exported.set(null);
    }

    /**
     * Where an export into a picked folder goes: the folder itself when it is empty, else a new
     * folder inside it named after the run and the format.
     *
     * @param picked the folder the user picked
     * @return the folder to write
     * @throws IOException if the picked folder cannot be read
     */
    public Path targetIn(Path picked) throws IOException {
        if (!Files.exists(picked, LinkOption.NOFOLLOW_LINKS) || isEmptyFolder(picked)) {
            return picked;
        }
        Path runDir = run.get();
        String base = (runDir == null || runDir.getFileName() == null ? "model" : runDir.getFileName().toString())
                + "-" + format.get().id();
        Path candidate = picked.resolve(base);
        for (int i = 2; Files.exists(candidate, LinkOption.NOFOLLOW_LINKS); i++) {
            candidate = picked.resolve(base + "-" + i);
        }
        return candidate;
    }

    /**
     * Exports the run's model in the chosen format into a picked folder (see {@link #targetIn}), in
     * the background.
     *
     * @param picked the folder the user picked
     */
    public void exportInto(Path picked) {
        Path source = run.get();
        ExportFormat f = format.get();
        if (source == null || f == null || busy.get()) {
            return;
        }
        busy.set(true);
        failed.set(false);
        exported.set(null);
        message.set("Exporting as " + f.label() + " …");
        job = background.run(() -> exporter.export(source, f, targetIn(picked)), r -> {
            busy.set(false);
            exported.set(r.folder());
            message.set(describe(r));
        }, e -> {
            busy.set(false);
            failed.set(true);
            message.set("Export failed: " + Failures.describe(e));
        });
    }

    /**
     * What the user is told after an export.
     *
     * @param r the export
     * @return one or two sentences with the folder
     */
    static String describe(ExportResult r) {
        String what = String.format(Locale.ROOT, "Exported as %s to %s (%.1f MB, %.1f s).", r.format().label(),
                r.folder(), r.bytes() / 1e6, r.seconds());
        String next = switch (r.format()) {
            case ONNX -> " README.md there says how to feed it (ONNX Runtime in Java or Python, DJL).";
            case WEB -> " To open the page, serve the folder: graft serve " + r.folder()
                    + ", then http://127.0.0.1:8080/ (README.md names other servers).";
            case DJL -> " README.md there shows how DJL loads it.";
        };
        return what + next + (r.note() == null ? "" : " Note: " + r.note() + ".");
    }

    private static boolean isEmptyFolder(Path dir) throws IOException {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        }
    }

    /** @return the chosen format */
    public ObjectProperty<ExportFormat> formatProperty() {
        return format;
    }

    /** @return the run whose model is exported, null when there is none */
    public ReadOnlyObjectProperty<Path> runProperty() {
        return run.getReadOnlyProperty();
    }

    /** @return whether an export is running */
    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    /** @return whether the last export failed */
    public ReadOnlyBooleanProperty failedProperty() {
        return failed.getReadOnlyProperty();
    }

    /** @return what happened to the last export ("" before any) */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** @return the folder the last export wrote, null before any or after a failure */
    public ReadOnlyObjectProperty<Path> exportedProperty() {
        return exported.getReadOnlyProperty();
    }

    /** @return whether Export can be pressed: a run with a model, nothing running */
    public BooleanBinding canExportBinding() {
        return canExport;
    }
}
