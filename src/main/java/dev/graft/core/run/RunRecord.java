package dev.graft.core.run;

import java.nio.file.Path;
import java.util.List;

/**
 * A run folder as history and results describe it, read from its files. Every number here comes
 * from the same files the training wrote, so every view shows the same truth.
 *
 * @param dir the run folder
 * @param name the run's name
 * @param created when it was claimed (ISO-8601), or null for folders of older versions
 * @param recipe its recipe, null when unreadable
 * @param status how it stands or ended
 * @param reason why it stopped, failed, crashed or is broken; null otherwise
 * @param epochsCompleted full epochs trained (0 when none or unknown)
 * @param trainAccuracy training accuracy of the epoch whose model the run kept, null when none or
 *     when the run kept its head warm-up
 * @param valAccuracy validation accuracy of the run's model, null when it has none
 * @param curve per epoch: training and validation accuracy and loss
 * @param warmUpKept true when the run's model is its head warm-up, because fine-tuning ended lower
 *     on validation
 * @param warmUpAccuracy validation accuracy of the head warm-up, when one ran and was validated
 * @param plan what the run said it trains in which phase (its first line), or null
 * @param modelFrom the checkpoint a user made the run's model after it ended early, or null
 */
public record RunRecord(Path dir, String name, String created, Recipe recipe, RunOutcome status, String reason,
        int epochsCompleted, Double trainAccuracy, Double valAccuracy, List<EpochPoint> curve,
        boolean warmUpKept, Double warmUpAccuracy, String plan, String modelFrom) {

    /** Copies the curve. */
    public RunRecord {
        curve = List.copyOf(curve);
    }

    /**
     * One epoch of a run.
     *
     * @param epoch 1-based epoch
     * @param trainLoss mean training loss
     * @param trainAccuracy training accuracy
     * @param valLoss validation loss, null without validation
     * @param valAccuracy validation accuracy, null without validation
     */
    public record EpochPoint(int epoch, double trainLoss, double trainAccuracy, Double valLoss, Double valAccuracy) {}

    /** @return the run folder's layout */
    public RunFolder folder() {
        return new RunFolder(dir);
    }

    /**
     * @return true when the run has a model: it completed, stopped after an epoch, or a user made one
     *     of its checkpoints its model
     */
    public boolean hasModel() {
        return status.canHaveModel() && epochsCompleted > 0 || modelFrom != null;
    }
}
