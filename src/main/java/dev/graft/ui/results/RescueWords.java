package dev.graft.ui.results;

import dev.graft.core.run.RunCheckpoints;
import dev.graft.ui.training.TrainingMessages;
import java.util.ArrayList;
import java.util.List;

/** What a run that ended without a model left, in words. */
final class RescueWords {

    private RescueWords() {}

    /**
     * Describes a run's whole-epoch checkpoints and the one offered.
     *
     * @param saved the checkpoints, oldest first (not empty)
     * @param offered the one offered as the run's model
     * @return e.g. "Its checkpoints hold the head warm-up and epochs 1–2. The best on validation is epoch
     *     2 (61.0 %): make it the run's model, or resume training from it."
     */
    static String describe(List<RunCheckpoints.Saved> saved, RunCheckpoints.Saved offered) {
        List<String> parts = new ArrayList<>();
        List<Integer> epochs = saved.stream().filter(s -> s.epoch() > 0).map(RunCheckpoints.Saved::epoch).toList();
        if (saved.stream().anyMatch(s -> s.epoch() == 0)) {
            parts.add("the head warm-up");
        }
        if (epochs.size() == 1) {
            parts.add("epoch " + epochs.get(0));
        } else if (!epochs.isEmpty()) {
            boolean consecutive = epochs.get(epochs.size() - 1) - epochs.get(0) == epochs.size() - 1;
            parts.add(consecutive ? "epochs " + epochs.get(0) + "–" + epochs.get(epochs.size() - 1)
                    : "epochs " + String.join(", ", epochs.stream().map(String::valueOf).toList()));
        }
        String which = offered.valAccuracy() == null ? "The newest is " + offered.label()
                : "The best on validation is " + offered.label() + " (" + TrainingMessages.accuracy(
                        offered.valAccuracy()) + ")";
        return "Its checkpoints hold " + String.join(" and ", parts) + ". " + which
                + ": make it the run's model, or resume training from it.";
    }
}
