package dev.graft.ui.shell;

import dev.graft.core.run.Failures;
import dev.graft.core.labelling.FolderWatcher;
import dev.graft.ui.common.Background;
import dev.graft.ui.dataset.DatasetViewModel;
import dev.graft.ui.labelling.LabellingViewModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Watches the open dataset for changes made outside Graft (a file manager) and lists it again when
 * they settle. Only the real window watches ({@link #enable}); tests that drive the view-model alone
 * never do. Separate from {@link WorkbenchViewModel} because it owns a resource (the watcher's
 * thread) that must be replaced when another dataset opens and closed with the window.
 */
final class DatasetWatch {

    private final Background background;
    private final DatasetViewModel dataset;
    private final LabellingViewModel labelling;
    private final Consumer<String> say;
    private FolderWatcher watcher;
    private boolean watching;

    /**
     * Creates the watch, not yet watching.
     *
     * @param background where the changes are applied (the UI thread)
     * @param dataset rescanned after a change
     * @param labelling listed again after a change
     * @param say puts a message in the status bar
     */
    DatasetWatch(Background background, DatasetViewModel dataset, LabellingViewModel labelling,
            Consumer<String> say) {
        this.background = background;
        this.dataset = dataset;
        this.labelling = labelling;
        this.say = say;
    }

    /** From now on, folders passed to {@link #watch} are watched (the real window has started). */
    void enable() {
        watching = true;
    }

    /** Stops watching for good (the window closes). */
    void stop() {
        watching = false;
        watch(null);
    }

    /**
     * Watches another folder instead (when started).
     *
     * @param dir the folder, or null for none
     */
    void watch(Path dir) {
        if (watcher != null) {
            watcher.close();
            watcher = null;
        }
        if (!watching || dir == null || !Files.isDirectory(dir)) {
            return;
        }
        try {
            // debounced on the watcher's thread, applied on the UI thread
            watcher = new FolderWatcher(dir, 400, () -> background.run(() -> null, v -> {
                dataset.refreshIfChanged();
                labelling.reload();
            }, e -> { }));
        } catch (java.io.IOException e) {
            say.accept("Changes made outside Graft to " + dir + " show up when the window regains focus ("
                    + Failures.describe(e) + ").");
        }
    }
}
