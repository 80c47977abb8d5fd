package dev.graft.engine.train;

import dev.graft.core.eval.Evaluation;
import java.util.Locale;

/**
 * Which model a run publishes when backbone layers trained: the fine-tuned one, unless the head
 * warm-up before it (the new head on the pretrained backbone, which is what head-only training
 * gives) did better on validation. Fine-tuning a few hundred images can overfit or drift; the user
 * who picks "train last 2" must never end up below what head-only training would have given.
 */
final class PublishedModel {

    private PublishedModel() {}

    /**
     * Whether the warm-up model is published instead of the fine-tuned one.
     *
     * @param warmUp the warm-up model on the validation split, null when there was none
     * @param fineTuned the last completed epoch on the validation split, null when none
     * @return true only when both exist and the warm-up is strictly more accurate: on a tie the
     *     user gets the fine-tuning they asked for
     */
    static boolean warmUpWins(Evaluation warmUp, Evaluation fineTuned) {
        return warmUp != null && fineTuned != null && warmUp.accuracy() > fineTuned.accuracy();
    }

    /**
     * The warning that tells the user why the published model is not the last epoch's.
     *
     * @param warmUp the warm-up's evaluation
     * @param fineTuned the last epoch's evaluation
     * @param epoch the last completed epoch
     * @return the message
     */
    static String warning(Evaluation warmUp, Evaluation fineTuned, int epoch) {
        return String.format(Locale.ROOT, "fine-tuning ended at %.1f %% validation accuracy, below the head"
                + " warm-up's %.1f %%: the published model is the warm-up (the new head on the pretrained"
                + " backbone); epoch %d's fine-tuned model stays in the run's checkpoints",
                100 * fineTuned.accuracy(), 100 * warmUp.accuracy(), epoch);
    }
}
