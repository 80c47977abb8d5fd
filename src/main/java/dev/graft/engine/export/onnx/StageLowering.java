package dev.graft.engine.export.onnx;

import dev.graft.engine.onnx.OnnxGraph;
import dev.graft.engine.onnx.OnnxUnsupportedException;

/**
 * Writes one stage of a {@link dev.graft.engine.net.TappedBackbone} into an ONNX graph. A network
 * kind that builds its backbone as a tapped backbone supplies one of these; pooling, tap scaling and
 * concatenation are done by {@link TappedBackboneLowering}.
 */
@FunctionalInterface
public interface StageLowering {

    /**
     * Emits a stage's inference-mode computation.
     *
     * @param graph the graph
     * @param stage the stage's name (its tree path prefix)
     * @param input the stage's input tensor [N,C,H,W]
     * @return the stage's output tensor [N,C',H',W']
     * @throws OnnxUnsupportedException when a layer of the stage has no ONNX form
     */
    String lower(OnnxGraph graph, String stage, String input) throws OnnxUnsupportedException;

    /**
     * The rank of a stage's output: 4 for an image tensor (averaged over height and width when
     * tapped), 2 for a feature vector (tapped as it is).
     *
     * @param stage the stage's name
     * @return its rank
     */
    default int outputRank(String stage) {
        return 4;
    }
}
