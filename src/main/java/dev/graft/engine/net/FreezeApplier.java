package dev.graft.engine.net;

import ai.djl.nn.Parameter;
import dev.graft.core.model.FreezePlan;

/** Applies a {@link FreezePlan} to a network's tensors and BatchNorm layers. */
public final class FreezeApplier {

    private FreezeApplier() {}

    /**
     * Freezes exactly the planned layers: their tensors get no gradient (so the optimizer skips
     * them) and their BatchNorm runs in inference mode (so running statistics do not move).
     * Running statistics never get gradients, frozen or not.
     *
     * @param net the network
     * @param plan the plan
     */
    public static void apply(GraftNet net, FreezePlan plan) {
        apply(net, plan, false);
    }

    /**
     * Freezes as {@link #apply(GraftNet, FreezePlan)} does; with {@code frozenStatistics} the
     * BatchNorm layers that train also run in inference mode: they normalise with their
     * pretrained running statistics (which never move) and only their scale and shift learn.
     * Small batches of a new domain otherwise replace statistics estimated on millions of images.
     *
     * @param net the network
     * @param plan the plan
     * @param frozenStatistics keep every BatchNorm's running statistics, trainable or not
     */
    public static void apply(GraftNet net, FreezePlan plan, boolean frozenStatistics) {
        for (LayerRegistry.Layer layer : net.layers().layers()) {
            boolean frozen = plan.isFrozen(layer.path());
            for (Parameter p : layer.tensors().values()) {
                boolean statistic = p.getType() == Parameter.Type.RUNNING_MEAN
                        || p.getType() == Parameter.Type.RUNNING_VAR;
                p.freeze(frozen || statistic);
            }
            if (layer.batchNorm() != null) {
                layer.batchNorm().setFrozen(frozen || frozenStatistics);
            }
        }
        if (net.backbone() instanceof TorchScriptBackbone ts) {
            // FreezePlan allows only all-or-nothing for TorchScript: eval mode iff all frozen.
            boolean all = net.layers().layers().stream()
                    .filter(l -> !FreezePlan.under(l.path(), GraftNet.HEAD))
                    .allMatch(l -> plan.isFrozen(l.path()));
            ts.setFrozen(all);
            // DJL keeps its own Parameter objects for the module; the trainer reads their flags
            ts.module().freezeParameters(all);
        }
    }

    /**
     * Counts parameters (elements) in total and in layers that will train.
     *
     * @param net the network
     * @param plan the plan
     * @return {total, trainable}
     */
    public static long[] count(GraftNet net, FreezePlan plan) {
        long total = 0;
        long trainable = 0;
        for (LayerRegistry.Layer layer : net.layers().layers()) {
            for (Parameter p : layer.tensors().values()) {
                long n = p.getArray().size();
                total += n;
                boolean statistic = p.getType() == Parameter.Type.RUNNING_MEAN
                        || p.getType() == Parameter.Type.RUNNING_VAR;
                if (!plan.isFrozen(layer.path()) && !statistic) {
                    trainable += n;
                }
            }
        }
        return new long[] {total, trainable};
    }
}
