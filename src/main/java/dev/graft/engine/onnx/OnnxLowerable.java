package dev.graft.engine.onnx;

/**
 * A backbone that can write its own computation into an ONNX graph. A network kind whose backbone
 * block implements this exports to ONNX without registering anything: the exporter puts the input
 * normalisation in front and the head, temperature and softmax behind it.
 */
public interface OnnxLowerable {

    /**
     * Emits the backbone's inference-mode computation.
     *
     * @param graph the graph to add to
     * @param images name of the normalised image batch, float32 [N,3,S,S] (what the backbone's
     *     {@code forward} receives)
     * @return name of the feature batch, float32 [N,F] (what the head receives)
     * @throws OnnxUnsupportedException naming the layer that has no ONNX equivalent, and why
     */
    String lowerTo(OnnxGraph graph, String images) throws OnnxUnsupportedException;
}
