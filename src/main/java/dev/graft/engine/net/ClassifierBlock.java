package dev.graft.engine.net;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Backbone then head. Given an image batch [N,3,S,S] it runs both; given a feature batch [N,F]
 * it runs only the head. That lets one DJL {@code Trainer} train from cached backbone features
 * and from images alike (and from a cached frozen prefix: see {@link TappedBackbone#resumeAt}).
 */
public final class ClassifierBlock extends AbstractBlock {

    private final Block backbone;
    private final Block head;

    /**
     * Combines a backbone and a head.
     *
     * @param backbone images to features
     * @param head features to logits
     */
    public ClassifierBlock(Block backbone, Block head) {
        this.backbone = addChildBlock("backbone", backbone);
        this.head = addChildBlock("head", head);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDList x = inputs;
        // images [N,3,S,S], or a cached frozen prefix's output (4-D) with its taps: the backbone
        if (x.get(0).getShape().dimension() == 4) {
            x = backbone.forward(ps, x, training, params);
        }
        return head.forward(ps, x, training, params);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape[] features = inputShapes[0].dimension() == 4 ? backbone.getOutputShapes(inputShapes) : inputShapes;
        return head.getOutputShapes(features);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        backbone.initialize(manager, dataType, inputShapes);
        head.initialize(manager, dataType, backbone.getOutputShapes(inputShapes));
    }
}
