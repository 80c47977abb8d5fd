package dev.graft.engine.net;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs backbone stages in order and returns the average-pooled outputs of the tapped stages,
 * concatenated. With {@code l2} each tapped vector is scaled to length sqrt(width) first, so a
 * 96-wide and a 320-wide tap weigh alike.
 *
 * <p>Why taps: the top of the bundled MobileNetV2 (blocks 11-16, Conv_1) was fine-tuned for image
 * moderation; its 1280-wide output transfers worse to everyday objects than stages 5-7 together
 * (measured on unseen emoji: docs/numbers.md).
 */
public final class TappedBackbone extends AbstractBlock {

    private final List<Block> stages = new ArrayList<>();
    private final List<String> names;
    private final boolean[] tapped;
    private final int[] widths;
    private final boolean l2;
    /** Stage at which a two-part input (cached prefix output, prefix taps) resumes; -1: none. */
    private int resumeStage = -1;

    /**
     * Creates the backbone.
     *
     * @param stageBlocks stages in forward order
     * @param stageNames their names
     * @param taps names of tapped stages
     * @param stageWidths output channels of each stage
     * @param l2 whether to length-normalise each tap
     */
    public TappedBackbone(List<Block> stageBlocks, List<String> stageNames, List<String> taps, int[] stageWidths,
            boolean l2) {
        tapped = new boolean[stageBlocks.size()];
        names = List.copyOf(stageNames);
        widths = stageWidths.clone();
        for (int i = 0; i < stageBlocks.size(); i++) {
            stages.add(addChildBlock(stageNames.get(i), stageBlocks.get(i)));
            tapped[i] = taps.contains(stageNames.get(i));
        }
        this.l2 = l2;
    }

    /** @return width of the concatenated feature vector */
    public int featureWidth() {
        int w = 0;
        for (int i = 0; i < tapped.length; i++) {
            w += tapped[i] ? widths[i] : 0;
        }
        return w;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDList x = inputs;
        NDList taps = new NDList();
        int from = 0;
        if (inputs.size() == 2) {
            // the output of a cached frozen prefix and that prefix's taps (see forwardPrefix)
            if (resumeStage < 0) {
                throw new IllegalStateException("a two-part input needs resumeAt(stage) first");
            }
            from = resumeStage;
            x = new NDList(inputs.get(0));
            if (inputs.get(1).getShape().get(1) > 0) {
                taps.add(inputs.get(1));
            }
        }
        for (int i = from; i < stages.size(); i++) {
            x = stages.get(i).forward(ps, x, training, params);
            if (tapped[i]) {
                taps.add(pool(i, x.singletonOrThrow()));
            }
        }
        return new NDList(taps.size() == 1 ? taps.get(0) : NDArrays.concat(taps, 1));
    }

    private NDArray pool(int stage, NDArray t) {
        NDArray pooled = t.getShape().dimension() == 4 ? t.mean(new int[] {3}).mean(new int[] {2}) : t;
        if (l2) {
            NDArray norm = pooled.norm(new int[] {1}, true).add(1e-6f);
            pooled = pooled.div(norm).mul((float) Math.sqrt(widths[stage]));
        }
        return pooled;
    }

    // --- frozen-prefix caching: the training loop runs the frozen leading stages once
    // per fixed view, keeps their output, and resumes the network from there every step.

    /** @return number of stages */
    public int stageCount() {
        return stages.size();
    }

    /** @return the stages' names, in forward order */
    public List<String> stageNames() {
        return names;
    }

    /** Changes a stage's output on its way to the next stage (see {@link StatisticsNoise}). */
    public interface StageHook {
        /**
         * @param stage the stage's index
         * @param output its output [N,C,H,W]
         * @return what the next stage sees
         */
        NDArray after(int stage, NDArray output);
    }

    /**
     * The feature vector of an image batch in inference mode, with a hook between stages: what
     * {@link #forward} gives when the hook changes nothing.
     *
     * @param ps parameter store
     * @param images image batch [N,3,S,S]
     * @param hook applied to every stage's output
     * @return the features [N, featureWidth]
     */
    public NDArray features(ParameterStore ps, NDList images, StageHook hook) {
        return forwardPrefix(ps, images, stages.size(), hook).get(1);
    }

    /**
     * Width of the taps of stages before a stage (the part of the feature vector a cached prefix
     * already holds).
     *
     * @param stage a stage index
     * @return summed widths of tapped stages below it
     */
    public int tapWidthBefore(int stage) {
        int w = 0;
        for (int i = 0; i < stage; i++) {
            w += tapped[i] ? widths[i] : 0;
        }
        return w;
    }

    /**
     * Runs the stages before {@code stage} in inference mode.
     *
     * @param ps parameter store
     * @param images image batch [N,3,S,S]
     * @param stage first stage not run
     * @return the last prefix stage's output and the prefix's pooled taps [N,T] (T may be 0)
     */
    public NDList forwardPrefix(ParameterStore ps, NDList images, int stage) {
        return forwardPrefix(ps, images, stage, null);
    }

    /**
     * Runs the stages before {@code stage} in inference mode, with a hook between stages.
     *
     * @param ps parameter store
     * @param images image batch [N,3,S,S]
     * @param stage first stage not run
     * @param hook applied to every stage's output, or null
     * @return the last prefix stage's output and the prefix's pooled taps [N,T] (T may be 0)
     */
    public NDList forwardPrefix(ParameterStore ps, NDList images, int stage, StageHook hook) {
        NDList x = images;
        NDList taps = new NDList();
        for (int i = 0; i < stage; i++) {
            x = stages.get(i).forward(ps, x, false, null);
            if (hook != null) {
                x = new NDList(hook.after(i, x.singletonOrThrow()));
            }
            if (tapped[i]) {
                taps.add(pool(i, x.singletonOrThrow()));
            }
        }
        NDArray out = x.singletonOrThrow();
        NDArray t = taps.isEmpty() ? out.getManager().zeros(new Shape(out.getShape().get(0), 0))
                : taps.size() == 1 ? taps.get(0) : NDArrays.concat(taps, 1);
        return new NDList(out, t);
    }

    /**
     * Sets where a two-part input (from {@link #forwardPrefix}) resumes.
     *
     * @param stage the first stage to run, or -1 to accept images only
     */
    public void resumeAt(int stage) {
        resumeStage = stage;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), featureWidth())};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape[] shapes = inputShapes;
        for (Block stage : stages) {
            stage.initialize(manager, dataType, shapes);
            shapes = stage.getOutputShapes(shapes);
        }
    }
}
