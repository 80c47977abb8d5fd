package dev.graft.core.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a run trains, in which phase, in words: the run's name ("last 2 stages", "stage6, head fixed
 * after warm-up") and the sentence its first line and Results show. The command line, the training
 * process and the window all describe a run through this one class, from the resolved
 * {@link FreezePlan}, so a run never says something other than what it does.
 *
 * @param stages every backbone stage, in forward order
 * @param stagesTrained backbone stages whose every layer trains, in forward order
 * @param stagesPartly backbone stages of which some layers train, in forward order
 * @param stagesFrozen backbone stages of which nothing trains, in forward order
 * @param headTrains whether the head trains with the backbone (after a warm-up, if any)
 * @param backboneTrains whether any backbone layer trains
 * @param lastStages N when exactly the last N stages and the head train (0: the head only), else null
 * @param probeEpochs epochs the new head trains alone first (0: no warm-up)
 * @param epochs epochs of the main phase
 */
public record TrainingScope(List<String> stages, List<String> stagesTrained, List<String> stagesPartly, List<String> stagesFrozen,
        boolean headTrains, boolean backboneTrains, Integer lastStages, int probeEpochs, int epochs) {

    /** Copies lists. */
    public TrainingScope {
        stages = List.copyOf(stages);
        stagesTrained = List.copyOf(stagesTrained);
        stagesPartly = List.copyOf(stagesPartly);
        stagesFrozen = List.copyOf(stagesFrozen);
    }

    /**
     * Describes a resolved freeze plan.
     *
     * @param layers leaf layer paths in forward order (backbone, then the head under {@code head})
     * @param stages backbone stage names in forward order
     * @param plan what is frozen
     * @param probeEpochs the recipe's head warm-up epochs (used only when backbone layers train)
     * @param epochs the recipe's epochs
     * @return the scope
     */
    public static TrainingScope of(List<String> layers, List<String> stages, FreezePlan plan, int probeEpochs,
            int epochs) {
        List<String> trained = new ArrayList<>();
        List<String> partly = new ArrayList<>();
        List<String> frozen = new ArrayList<>();
        for (String stage : stages) {
            List<String> in = layers.stream().filter(l -> FreezePlan.under(l, stage)).toList();
            long n = in.stream().filter(l -> !plan.isFrozen(l)).count();
            (n == 0 ? frozen : n == in.size() ? trained : partly).add(stage);
        }
        boolean headTrains = layers.stream().filter(l -> FreezePlan.under(l, "head")).anyMatch(l -> !plan.isFrozen(l));
        boolean backbone = !trained.isEmpty() || !partly.isEmpty();
        Integer last = null;
        if (headTrains && partly.isEmpty()) {
            int n = trained.size();
            if (stages.subList(stages.size() - n, stages.size()).equals(trained)) {
                last = n;
            }
        }
        return new TrainingScope(stages, trained, partly, frozen, headTrains, backbone, last,
                backbone ? probeEpochs : 0, epochs);
    }

    /** @return true when every backbone stage and the head train */
    public boolean isFull() {
        return stagesFrozen.isEmpty() && stagesPartly.isEmpty() && headTrains;
    }

    /**
     * The run's name for this scope.
     *
     * @return "head only", "last 2 stages", "full fine-tuning" or what trains, e.g. "stage6, head fixed
     *     after warm-up"
     */
    public String name() {
        if (isFull()) {
            return "full fine-tuning";
        }
        if (lastStages != null) {
            return lastStages == 0 ? "head only" : "last " + lastStages + (lastStages == 1 ? " stage" : " stages");
        }
        return String.join(", ", trainedParts()) + (headTrains ? " and head"
                : probeEpochs > 0 ? ", head fixed after warm-up" : ", head fixed");
    }

    /**
     * What trains in which phase, as one or two sentences.
     *
     * @return e.g. "Stem–stage5 stay frozen. First the new head trains alone for 30 epochs (warm-up);
     *     then stage6, stage7 and the head train for 30 epochs."
     */
    public String sentence() {
        StringBuilder s = new StringBuilder();
        if (!stagesFrozen.isEmpty()) {
            s.append(capitalise(ranges(stagesFrozen))).append(stagesFrozen.size() == 1 ? " stays" : " stay")
                    .append(" frozen. ");
        }
        if (!backboneTrains) {
            return s.append("Only the head trains, for ").append(epochs(epochs)).append('.').toString().trim();
        }
        String what = String.join(", ", trainedParts()) + (headTrains ? " and the head" : "");
        boolean plural = headTrains || stagesTrained.size() + stagesPartly.size() > 1;
        if (probeEpochs > 0) {
            s.append("First the new head trains alone for ").append(epochs(probeEpochs)).append(" (warm-up); then ")
                    .append(what).append(plural ? " train" : " trains").append(" for ").append(epochs(epochs));
            s.append(headTrains ? "." : ", while the head stays as the warm-up left it.");
        } else {
            s.append(capitalise(what)).append(plural ? " train" : " trains").append(" for ").append(epochs(epochs));
            s.append(headTrains ? "." : "; the head stays fixed.");
        }
        return s.toString();
    }

    private List<String> trainedParts() {
        List<String> parts = new ArrayList<>();
        if (!stagesTrained.isEmpty()) {
            parts.add(ranges(stagesTrained));
        }
        for (String stage : stagesPartly) {
            parts.add("some layers of " + stage);
        }
        return parts;
    }

    private static String epochs(int n) {
        return n + (n == 1 ? " epoch" : " epochs");
    }

    /** Stages as runs of neighbours: "stem–stage5, stage7". */
    private String ranges(List<String> some) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < some.size()) {
            int j = i;
            while (j + 1 < some.size() && stages.indexOf(some.get(j + 1)) == stages.indexOf(some.get(j)) + 1) {
                j++;
            }
            out.add(j - i >= 2 ? some.get(i) + "–" + some.get(j) : j == i + 1 ? some.get(i) + ", " + some.get(j)
                    : some.get(i));
            i = j + 1;
        }
        return String.join(", ", out);
    }

    private static String capitalise(String s) {
        return s.isEmpty() ? s : s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1);
    }
}
