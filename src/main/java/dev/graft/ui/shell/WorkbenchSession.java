package dev.graft.ui.shell;

import dev.graft.core.model.CatalogueEntry;
import dev.graft.core.run.RunRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Keeps the window's work between starts: restores the models a user added, the chosen model, the
 * last dataset and the run each dataset showed, and remembers every change as it happens (so a killed
 * window loses nothing it had remembered). The window's own place and tab are told by the shell.
 */
public final class WorkbenchSession {

    private final WorkbenchViewModel vm;
    private final WorkbenchStateStore store;
    private WorkbenchState state;

    /**
     * Reads the remembered state.
     *
     * @param vm the workbench
     * @param store where the state is kept
     */
    public WorkbenchSession(WorkbenchViewModel vm, WorkbenchStateStore store) {
        this.vm = vm;
        this.store = store;
        this.state = store.load();
    }

    /** @return the remembered state (as read, or as changed since) */
    public WorkbenchState state() {
        return state;
    }

    /** @return what went wrong with the settings file, or null */
    public String problem() {
        return store.problem();
    }

    /**
     * Brings back the added models, the chosen model and which run each dataset showed, then
     * follows every change. Call before the first dataset opens.
     *
     * @return the dataset folder open last, when it still exists; else null
     */
    public Path restore() {
        for (String id : state.addedModels()) {
            if (Files.exists(Path.of(id))) {
                vm.models().find(id);
            }
        }
        CatalogueEntry chosen = state.selectedModel() == null ? null : vm.models().allModels().stream()
                .filter(e -> e.id().equals(state.selectedModel())).findFirst().orElse(null);
        if (chosen != null) {
            vm.models().selectedProperty().set(chosen);
        }
        vm.rememberShownRuns(dataset -> {
            String run = state.shownRuns().get(dataset.toAbsolutePath().normalize().toString());
            return run == null ? null : Path.of(run);
        });
        follow();
        Path last = state.lastDataset() == null ? null : Path.of(state.lastDataset());
        return last != null && Files.isDirectory(last) ? last : null;
    }

    private void follow() {
        vm.dataset().folderProperty().addListener((o, a, dir) -> {
            if (dir != null) {
                save(state.withDataset(dir.toAbsolutePath().normalize().toString()));
            }
        });
        vm.models().allModels().addListener((javafx.collections.ListChangeListener<CatalogueEntry>) c -> models());
        vm.models().selectedProperty().addListener((o, a, b) -> models());
        vm.results().runProperty().addListener((o, a, run) -> shown(run));
    }

    private void models() {
        CatalogueEntry selected = vm.models().selectedProperty().get();
        List<String> added = vm.models().addedIds();
        String id = selected == null ? state.selectedModel() : selected.id();
        if (!added.equals(state.addedModels()) || !java.util.Objects.equals(id, state.selectedModel())) {
            save(state.withModels(added, id));
        }
    }

    private void shown(RunRecord run) {
        Path dataset = vm.dataset().folderProperty().get();
        if (run != null && dataset != null) {
            save(state.withShownRun(dataset.toAbsolutePath().normalize().toString(), run.dir().toString()));
        }
    }

    /**
     * Remembers where the window is.
     *
     * @param window its place and size
     */
    public void windowChanged(WorkbenchState.Window window) {
        if (!window.equals(state.window())) {
            save(state.withWindow(window));
        }
    }

    /**
     * Remembers the tab in front.
     *
     * @param tab its text
     */
    public void tabChanged(String tab) {
        if (!java.util.Objects.equals(tab, state.tab())) {
            save(state.withTab(tab));
        }
    }

    private void save(WorkbenchState next) {
        state = next;
        store.save(next);
    }
}
