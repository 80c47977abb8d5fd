package dev.graft.engine.net;

import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import dev.graft.core.model.ArchitectureSpec;
import java.util.List;

/**
 * A classifier as Graft sees it: a backbone that maps an image batch to feature vectors, a head
 * that maps features to class logits, the combined network DJL runs, the named leaf layers, and
 * the backbone's stages in forward order (for {@code --train-last N}).
 *
 * @param spec how to rebuild it
 * @param backbone images [N,3,S,S] to features [N,F]
 * @param head features [N,F] to logits [N,C]
 * @param network backbone then head
 * @param layers named leaf layers
 * @param stages backbone stage names in forward order
 * @param backboneRunsAsOneModule true when train/eval mode can only be set for the whole
 *     backbone (TorchScript), so partial freezing cannot keep BatchNorm statistics exact
 */
public record GraftNet(ArchitectureSpec spec, Block backbone, SequentialBlock head, ClassifierBlock network,
        LayerRegistry layers, List<String> stages, boolean backboneRunsAsOneModule) {

    /** Tree path prefix of the head's layers. */
    public static final String HEAD = "head";
}
