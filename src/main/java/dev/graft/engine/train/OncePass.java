package dev.graft.engine.train;

import dev.graft.core.model.FreezePlan;
import dev.graft.engine.net.GraftNet;
import java.util.List;

/**
 * The facts of a run's once-only pass through the frozen part of the network (the feature cache,
 * or the cached outputs of the frozen leading stages): how many images go through at a time, and
 * which stages it covers. One place for the trainer and for the bench that measures the same
 * part's raw speed.
 */
public final class OncePass {

    /**
     * Images per pass. Inference activations at 224 px are large; measured on the emoji sample:
     * batch 32 peaks at 4.0 GB resident, batch 8 at 1.7 GB, in the same time.
     */
    public static final int BATCH = 8;

    private OncePass() {}

    /**
     * Counts the frozen leading stages; at least one stage is always left to run after them.
     *
     * @param g the network
     * @param paths its layer paths
     * @param plan the freeze plan
     * @return the number of stages whose outputs can be cached
     */
    public static int prefixStages(GraftNet g, List<String> paths, FreezePlan plan) {
        int k = 0;
        for (String stage : g.stages()) {
            boolean frozen = paths.stream().filter(p -> FreezePlan.under(p, stage)).allMatch(plan::isFrozen);
            if (!frozen) {
                break;
            }
            k++;
        }
        return Math.min(k, g.stages().size() - 1);
    }
}
