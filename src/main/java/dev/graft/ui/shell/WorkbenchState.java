package dev.graft.ui.shell;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the window keeps between starts: its place and size, the open dataset, the models a user
 * added, the model chosen, the run each dataset showed last and the tab in front. Written as
 * {@code workbench.json} in Graft's settings folder.
 *
 * @param window where the window was, or null for the default placement
 * @param lastDataset the dataset folder open last, or null
 * @param addedModels models added with Add model or by a drop (files and folders), in order
 * @param selectedModel the model chosen, or null for the default
 * @param shownRuns for each dataset folder, the run folder Results showed last
 * @param tab the tab in front, by its text, or null
 */
public record WorkbenchState(Window window, String lastDataset, List<String> addedModels, String selectedModel,
        Map<String, String> shownRuns, String tab) {

    /** Copies and fills in absent parts (an older or hand-edited file). */
    public WorkbenchState {
        addedModels = addedModels == null ? List.of() : List.copyOf(addedModels);
        shownRuns = shownRuns == null ? Map.of() : Map.copyOf(shownRuns);
    }

    /**
     * The window's place.
     *
     * @param x left edge on the screen
     * @param y top edge on the screen
     * @param width width
     * @param height height
     * @param maximized whether it was maximised (x, y, width and height are then its size before)
     */
    public record Window(double x, double y, double width, double height, boolean maximized) {}

    /** @return the state of a first start */
    public static WorkbenchState empty() {
        return new WorkbenchState(null, null, List.of(), null, Map.of(), null);
    }

    /**
     * @param w the window's place
     * @return this state with it
     */
    public WorkbenchState withWindow(Window w) {
        return new WorkbenchState(w, lastDataset, addedModels, selectedModel, shownRuns, tab);
    }

    /**
     * @param dataset the open dataset folder
     * @return this state with it
     */
    public WorkbenchState withDataset(String dataset) {
        return new WorkbenchState(window, dataset, addedModels, selectedModel, shownRuns, tab);
    }

    /**
     * @param added the added models
     * @param selected the chosen model
     * @return this state with them
     */
    public WorkbenchState withModels(List<String> added, String selected) {
        return new WorkbenchState(window, lastDataset, added, selected, shownRuns, tab);
    }

    /**
     * @param dataset a dataset folder
     * @param run the run Results shows for it
     * @return this state with it
     */
    public WorkbenchState withShownRun(String dataset, String run) {
        Map<String, String> runs = new LinkedHashMap<>(shownRuns);
        runs.put(dataset, run);
        return new WorkbenchState(window, lastDataset, addedModels, selectedModel, runs, tab);
    }

    /**
     * @param front the tab in front
     * @return this state with it
     */
    public WorkbenchState withTab(String front) {
        return new WorkbenchState(window, lastDataset, addedModels, selectedModel, shownRuns, front);
    }
}
