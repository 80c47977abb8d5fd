package dev.graft.ui.layers;

import dev.graft.core.model.FreezeException;
import dev.graft.core.model.FreezePlan;
import dev.graft.core.model.TrainingScope;
import dev.graft.core.run.RecipeDefaults;
import dev.graft.core.model.LayerNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * What will train, chosen on the layer tree. Checking a node makes every layer below it train;
 * a node is {@link TrainState#PARTIAL} when only some do. The choice becomes the recipe's
 * {@code trainLast} or {@code freeze} ({@link #trainLastChoice()}, {@link #freezeArgument()}),
 * resolved by the same {@link FreezePlan} as in training, so the tree shows exactly what training
 * does. For TorchScript backbones only "whole backbone" or "none of it" are exact;
 * other choices are refused with the reason.
 */
public final class LayerTreeViewModel {

    /** Why nothing can be ticked while a run trains (a tooltip). */
    public static final String LOCKED = "A run is training with this choice: stop it, or wait for it to end, to change"
            + " what trains.";

    private final ReadOnlyObjectWrapper<LayerNode> root = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper counts = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper defaultInWords = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper();
    private final ReadOnlyStringWrapper unavailable = new ReadOnlyStringWrapper("Loading the model …");
    private final ReadOnlyLongWrapper trainableParameters = new ReadOnlyLongWrapper();
    private final ReadOnlyLongWrapper revision = new ReadOnlyLongWrapper();
    private final javafx.beans.property.BooleanProperty locked = new javafx.beans.property.SimpleBooleanProperty();
    private final Map<String, List<String>> leavesUnder = new HashMap<>();
    private final Map<String, Long> leafParams = new HashMap<>();
    private final Set<String> trainable = new LinkedHashSet<>();

    /** Creates an empty tree; locking or unlocking redraws it (every check box's state changes). */
    public LayerTreeViewModel() {
        locked.addListener((o, a, b) -> revision.set(revision.get() + 1));
    }
    private List<String> leaves = List.of();
    private List<String> stages = List.of();
    private boolean wholeModule;
    private long total;
    /** A recipe's choice waiting for the tree it applies to: {freeze, trainLast}. */
    private String[] pending;

    /**
     * Shows a model's tree. When it is the same network as before (only the head changed, e.g. for
     * another dataset's classes) the choice of what trains is kept; otherwise it starts as the
     * engine's default ({@link FreezePlan#AUTO}: the last stages and the head, or the head only for
     * TorchScript).
     *
     * @param tree the tree (from the engine, built with nothing frozen)
     * @param stageNames backbone stages in forward order
     * @param torchScript true when partial freezing cannot be exact
     * @return true when a custom choice had to be reset because the network changed
     */
    public boolean show(LayerNode tree, List<String> stageNames, boolean torchScript) {
        List<String> previousBackbone = leaves.stream().filter(l -> !FreezePlan.under(l, "head")).toList();
        Set<String> previousChoice = new LinkedHashSet<>(trainable);
        boolean previousWasDefault = previousChoice.equals(new LinkedHashSet<>(defaultChoice()));
        leavesUnder.clear();
        leafParams.clear();
        List<String> all = new ArrayList<>();
        index(tree, all);
        leaves = List.copyOf(all);
        stages = List.copyOf(stageNames);
        wholeModule = torchScript;
        total = tree.parameters() - tree.batchNormStatistics();
        unavailable.set(null);
        root.set(tree);
        defaultInWords.set(inWords(new LinkedHashSet<>(defaultChoice())));
        List<String> backbone = leaves.stream().filter(l -> !FreezePlan.under(l, "head")).toList();
        if (backbone.equals(previousBackbone) && !previousChoice.isEmpty()) {
            List<String> kept = new ArrayList<>(leaves.stream().filter(l -> FreezePlan.under(l, "head")).toList());
            previousChoice.stream().filter(l -> !FreezePlan.under(l, "head")).forEach(kept::add);
            replace(kept);
            return false;
        }
        if (pending != null) {
            String[] choice = pending;
            pending = null;
            try {
                FreezePlan plan = FreezePlan.resolve(leaves, stages, choice[0],
                        choice[1] == null ? null : Integer.valueOf(choice[1]), wholeModule);
                replace(leaves.stream().filter(l -> !plan.isFrozen(l)).toList());
                return false;
            } catch (FreezeException e) {
                problem.set("The run's layer choice does not fit this model: " + e.getMessage());
            }
        }
        replace(defaultChoice()); // not the preset: a new tree is shown even while locked
        return !previousWasDefault;
    }

    /**
     * Applies a recipe's choice of what trains: to the tree now, or to the next tree shown when none
     * is (a run's recipe is loaded before its model's tree).
     *
     * @param freeze the recipe's freeze choice (null when {@code trainLast} is set)
     * @param trainLast the recipe's number of last stages, or null
     * @throws FreezeException when the tree shown cannot honour the choice
     */
    public void choose(String freeze, Integer trainLast) throws FreezeException {
        if (leaves.isEmpty()) {
            pending = new String[] {freeze, trainLast == null ? null : trainLast.toString()};
            return;
        }
        FreezePlan plan = FreezePlan.resolve(leaves, stages, freeze, trainLast, wholeModule);
        choose(leaves.stream().filter(l -> !plan.isFrozen(l)).toList());
    }

    /**
     * Shows no tree, with the reason (a model that cannot be loaded or is not available).
     *
     * @param reason in words, shown where the tree would be
     */
    public void clear(String reason) {
        leavesUnder.clear();
        leafParams.clear();
        leaves = List.of();
        stages = List.of();
        trainable.clear();
        total = 0;
        root.set(null);
        defaultInWords.set("");
        unavailable.set(reason);
        summary.set("");
        problem.set(null);
        revision.set(revision.get() + 1);
    }

    /** @return why no tree is shown, or null while one is */
    public ReadOnlyStringProperty unavailableProperty() {
        return unavailable.getReadOnlyProperty();
    }

    /**
     * What trains, in words, for run names and messages.
     *
     * @return "head only", "last 2 stages", "full fine-tuning" or "custom freeze"
     */
    public String choiceInWords() {
        return inWords(trainable);
    }

    private String inWords(Set<String> choice) {
        if (choice.isEmpty()) {
            return "nothing";
        }
        Set<String> frozen = new LinkedHashSet<>(leaves);
        frozen.removeAll(choice);
        return TrainingScope.of(leaves, stages, new FreezePlan(frozen), RecipeDefaults.PROBE_EPOCHS,
                RecipeDefaults.EPOCHS).name();
    }

    /** @return N when the choice is "the last N stages and the head" (0: the head only), else null */
    private Integer lastStages(Set<String> choice) {
        for (int n = 0; n <= stages.size(); n++) {
            List<String> trainStages = stages.subList(stages.size() - n, stages.size());
            Set<String> expected = new LinkedHashSet<>(leaves.stream().filter(l -> FreezePlan.under(l, "head")
                    || trainStages.stream().anyMatch(st -> FreezePlan.under(l, st))).toList());
            if (expected.equals(choice)) {
                return n;
            }
        }
        return null;
    }

    /**
     * The current choice as "the last N stages", when it is exactly the last N stages and the head
     * (so the run's recipe says so, as {@code --train-last N}); null otherwise, when
     * {@link #freezeArgument()} says it.
     *
     * @return N (at least 1), or null
     */
    public Integer trainLastChoice() {
        Integer n = wholeModule || trainable.size() == leaves.size() ? null : lastStages(trainable);
        return n != null && n > 0 ? n : null;
    }

    /**
     * What the current choice trains in which phase, for a recipe's warm-up and epochs.
     *
     * @param probeEpochs the recipe's head warm-up epochs
     * @param epochs the recipe's epochs
     * @return the scope
     * @throws FreezeException when the choice trains nothing or the model cannot honour it
     */
    public TrainingScope scope(int probeEpochs, int epochs) throws FreezeException {
        FreezePlan plan = FreezePlan.resolve(leaves, stages, freezeArgument(), null, wholeModule);
        return TrainingScope.of(leaves, stages, plan, probeEpochs, epochs);
    }

    private List<String> index(LayerNode node, List<String> all) {
        List<String> below = new ArrayList<>();
        if (node.children().isEmpty()) {
            below.add(node.path());
            all.add(node.path());
            leafParams.put(node.path(), node.parameters() - node.batchNormStatistics());
        } else {
            for (LayerNode child : node.children()) {
                below.addAll(index(child, all));
            }
        }
        leavesUnder.put(node.path(), below);
        return below;
    }

    /** Preset: what training does when nothing is chosen ({@link FreezePlan#AUTO}). */
    public void defaultPreset() {
        choose(defaultChoice());
    }

    /** @return the default choice in words, e.g. "last 2 stages" (for the preset's button) */
    public ReadOnlyStringProperty defaultInWordsProperty() {
        return defaultInWords.getReadOnlyProperty();
    }

    private List<String> defaultChoice() {
        if (leaves.isEmpty()) {
            return List.of();
        }
        try {
            FreezePlan plan = FreezePlan.resolve(leaves, stages, FreezePlan.AUTO, null, wholeModule);
            return leaves.stream().filter(l -> !plan.isFrozen(l)).toList();
        } catch (FreezeException e) {
            // AUTO falls back to the head only wherever fewer layers could train: it cannot fail
            throw new IllegalStateException(e);
        }
    }

    /** Preset: only the new head trains (the feature cache applies). */
    public void featureExtractor() {
        choose(leaves.stream().filter(l -> FreezePlan.under(l, "head")).toList());
    }

    /** Preset: everything trains. */
    public void fullFineTuning() {
        choose(leaves);
    }

    /**
     * Preset: the last N backbone stages and the head train.
     *
     * @param n stages
     */
    public void trainLast(int n) {
        List<String> trainStages = stages.subList(Math.max(0, stages.size() - n), stages.size());
        choose(leaves.stream().filter(l -> FreezePlan.under(l, "head")
                || trainStages.stream().anyMatch(s -> FreezePlan.under(l, s))).toList());
    }

    /**
     * Checks or unchecks a node: every layer below it follows.
     *
     * @param path node path ("" for the whole model)
     * @param train true to train
     */
    public void setTrainable(String path, boolean train) {
        List<String> below = leavesUnder.getOrDefault(path, List.of());
        Set<String> next = new LinkedHashSet<>(trainable);
        if (train) {
            next.addAll(below);
        } else {
            below.forEach(next::remove);
        }
        choose(List.copyOf(next));
    }

    /**
     * Whether a node can be toggled on its own, and if not, why.
     *
     * @param path node path
     * @return null when it can, else the reason (for a tooltip)
     */
    public String disabledReason(String path) {
        if (locked.get()) {
            return LOCKED;
        }
        if (!wholeModule || path.isEmpty() || FreezePlan.under(path, "head")) {
            return null;
        }
        return "TorchScript applies train/eval mode to the whole backbone: use the presets \"default\" (the head"
                + " only here), \"feature extractor\" or \"full fine-tuning\".";
    }

    /**
     * The state of a node.
     *
     * @param path node path
     * @return all, none or partial
     */
    public TrainState state(String path) {
        List<String> below = leavesUnder.getOrDefault(path, List.of());
        long on = below.stream().filter(trainable::contains).count();
        return on == 0 ? TrainState.NONE : on == below.size() ? TrainState.ALL : TrainState.PARTIAL;
    }

    /**
     * The engine argument for the current choice: {@code backbone}, {@code none} or the shortest
     * list of tree prefixes that freezes exactly the unchecked layers.
     *
     * @return the {@code --freeze} value
     */
    public String freezeArgument() {
        if (trainable.size() == leaves.size()) {
            return "none";
        }
        List<String> frozenLeaves = leaves.stream().filter(l -> !trainable.contains(l)).toList();
        if (frozenLeaves.equals(leaves.stream().filter(l -> !FreezePlan.under(l, "head")).toList())) {
            return "backbone";
        }
        List<String> prefixes = new ArrayList<>();
        collectFrozen(root.get(), prefixes);
        return String.join(",", prefixes);
    }

    private void collectFrozen(LayerNode node, List<String> out) {
        if (state(node.path()) == TrainState.NONE && !node.path().isEmpty()) {
            out.add(node.path());
            return;
        }
        for (LayerNode child : node.children()) {
            collectFrozen(child, out);
        }
    }

    /** A user's choice: ignored while locked (the controls are disabled then, this is the guard). */
    private void choose(List<String> next) {
        if (!locked.get()) {
            replace(next);
        }
    }

    /**
     * Whether the choice is locked: while a run trains, the tree shows what it trains with.
     *
     * @return the property (the workbench binds it to its run)
     */
    public javafx.beans.property.BooleanProperty lockedProperty() {
        return locked;
    }

    private void replace(List<String> next) {
        trainable.clear();
        trainable.addAll(next);
        long n = 0;
        for (String leaf : trainable) {
            n += leafParams.getOrDefault(leaf, 0L);
        }
        trainableParameters.set(n);
        // exact counts: a compact "1.3 M of 1.8 M" hid a 6,336-parameter layer and made "last 4
        // stages" look like full fine-tuning
        String what = trainable.isEmpty() ? "nothing trains" : inWords(trainable)
                + (trainable.equals(new LinkedHashSet<>(defaultChoice())) ? " (the default)" : "");
        summary.set(String.format(Locale.ROOT, "%,d of %,d parameters will train (%s) · %s", n, total,
                percent(n, total), what));
        counts.set(String.format(Locale.ROOT, "%,d of %,d parameters train", n, total));
        problem.set(validate());
        revision.set(revision.get() + 1);
    }

    private static String percent(long part, long whole) {
        double p = whole == 0 ? 0 : 100.0 * part / whole;
        // never "100 %" unless everything trains, never "0 %" unless nothing does
        return part == whole ? "100 %" : part == 0 ? "0 %" : p >= 99.95 ? ">99.9 %" : p < 0.05 ? "<0.1 %"
                : String.format(Locale.ROOT, "%.1f %%", p);
    }

    private String validate() {
        if (leaves.isEmpty()) {
            return null;
        }
        try {
            FreezePlan.resolve(leaves, stages, freezeArgument(), null, wholeModule);
            return null;
        } catch (FreezeException e) {
            return e.getMessage();
        }
    }

    /** @return the tree shown */
    public ReadOnlyObjectProperty<LayerNode> rootProperty() {
        return root.getReadOnlyProperty();
    }

    /** @return the counts alone, for the status bar: "1,272,069 of 1,814,597 parameters train" */
    public ReadOnlyStringProperty countsProperty() {
        return counts.getReadOnlyProperty();
    }

    /** @return the full summary: exact counts, share and the choice in words */
    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    /** @return why the current choice cannot train, or null */
    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }

    /** @return parameters that will train */
    public ReadOnlyLongProperty trainableParametersProperty() {
        return trainableParameters.getReadOnlyProperty();
    }

    /** @return increments on every change of the choice (views refresh their check boxes) */
    public ReadOnlyLongProperty revisionProperty() {
        return revision.getReadOnlyProperty();
    }

    /** @return backbone stage names */
    public List<String> stages() {
        return stages;
    }

    /** @return true when only all-or-nothing backbone choices are exact */
    public boolean isWholeModule() {
        return wholeModule;
    }
}
