package dev.graft.core.model;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which leaf layers of a network are frozen. Pure logic over tree paths, shared by the CLI, the
 * engine and the GUI's layer tree, so the tree shows exactly what training will do.
 *
 * <p>Prefixes match whole path segments: {@code stage3} freezes {@code stage3.block_4.expand.conv}
 * but {@code block_1} does not freeze {@code block_10}.
 *
 * @param frozen paths of frozen leaf layers
 */
public record FreezePlan(Set<String> frozen) {

    /** The freeze choice that lets Graft pick: see {@link #AUTO_TRAIN_LAST}. */
    public static final String AUTO = "auto";

    /**
     * Stages {@link #AUTO} trains, with the head, where a backbone can be frozen stage by stage
     * (on mobilenet_v2 with the default feature taps, whose backbone ends at stage7: stage6 and stage7). Chosen on validation data only: over
     * three seeds it matched or beat head-only training on the sample's validation split and on two
     * other emoji art styles (docs/numbers.md has the numbers). TorchScript backbones, and
     * backbones with no more stages than this, train the head only.
     */
    public static final int AUTO_TRAIN_LAST = 2;

    /** Copies the set. */
    public FreezePlan {
        frozen = Set.copyOf(frozen);
    }

    /**
     * Whether a path is at or below a prefix.
     *
     * @param path a layer path
     * @param prefix a tree path prefix
     * @return true when the path is the prefix or lies under it
     */
    public static boolean under(String path, String prefix) {
        return path.equals(prefix) || path.startsWith(prefix + ".");
    }

    /**
     * Resolves a freeze choice.
     *
     * @param layers leaf layer paths in forward order (backbone, then head under {@code head})
     * @param stages backbone stage names in forward order
     * @param freeze {@link #AUTO}, {@code backbone}, {@code none} or comma-separated prefixes
     *     (ignored when trainLast is set)
     * @param trainLast when not null: train the last N stages plus the head
     * @param wholeModuleMode true when the backbone's train/eval mode cannot be set per layer
     *     (TorchScript): only "all of the backbone" or "none of it" is exact there
     * @return the plan
     * @throws FreezeException when a prefix names no layer, nothing would train, or the format
     *     cannot honour the choice exactly
     */
    public static FreezePlan resolve(List<String> layers, List<String> stages, String freeze, Integer trainLast,
            boolean wholeModuleMode) throws FreezeException {
        Set<String> frozen = new LinkedHashSet<>();
        if (trainLast == null && AUTO.equals(freeze)) {
            int n = autoTrainLast(stages, wholeModuleMode);
            return n == 0 ? resolve(layers, stages, "backbone", null, wholeModuleMode)
                    : resolve(layers, stages, null, n, wholeModuleMode);
        }
        if (trainLast != null) {
            if (trainLast > stages.size()) {
                throw new FreezeException("--train-last " + trainLast + " is more than the " + stages.size()
                        + " stages of this model (" + String.join(", ", stages) + ")");
            }
            List<String> frozenStages = stages.subList(0, stages.size() - trainLast);
            for (String layer : layers) {
                for (String stage : frozenStages) {
                    if (under(layer, stage)) {
                        frozen.add(layer);
                    }
                }
            }
        } else if (freeze == null || freeze.isBlank() || freeze.equals("backbone")) {
            for (String layer : layers) {
                if (!under(layer, "head")) {
                    frozen.add(layer);
                }
            }
        } else if (!freeze.equals("none")) {
            List<String> unknown = new ArrayList<>();
            for (String raw : freeze.split(",")) {
                String prefix = raw.trim();
                if (prefix.isEmpty()) {
                    continue;
                }
                boolean matched = false;
                for (String layer : layers) {
                    if (under(layer, prefix)) {
                        frozen.add(layer);
                        matched = true;
                    }
                }
                if (!matched) {
                    unknown.add(prefix);
                }
            }
            if (!unknown.isEmpty()) {
                throw new FreezeException("No layer of this model is named " + String.join(", ", unknown)
                        + " (see `graft inspect` for the tree; stages are " + String.join(", ", stages) + ")");
            }
        }
        if (frozen.size() == layers.size()) {
            throw new FreezeException("Every layer would be frozen: nothing would train.");
        }
        if (wholeModuleMode) {
            long backbone = layers.stream().filter(l -> !under(l, "head")).count();
            long frozenBackbone = frozen.stream().filter(l -> !under(l, "head")).count();
            boolean headFrozen = frozen.stream().anyMatch(l -> under(l, "head"));
            if ((frozenBackbone != 0 && frozenBackbone != backbone) || headFrozen) {
                throw new FreezeException("This model is TorchScript: train/eval mode applies to the whole"
                        + " backbone module, so freezing part of it would let BatchNorm statistics of frozen"
                        + " layers drift. Use --freeze backbone (head only) or --freeze none (everything).");
            }
        }
        return new FreezePlan(frozen);
    }

    /**
     * What {@link #AUTO} trains on a backbone.
     *
     * @param stages backbone stage names in forward order
     * @param wholeModuleMode true for TorchScript backbones
     * @return the number of last stages that train (0: the head only)
     */
    public static int autoTrainLast(List<String> stages, boolean wholeModuleMode) {
        return wholeModuleMode || stages.size() <= AUTO_TRAIN_LAST ? 0 : AUTO_TRAIN_LAST;
    }

    /**
     * Whether a layer is frozen.
     *
     * @param path layer path
     * @return true if frozen
     */
    public boolean isFrozen(String path) {
        return frozen.contains(path);
    }
}
