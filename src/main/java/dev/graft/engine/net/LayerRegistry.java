package dev.graft.engine.net;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The leaf layers of a network in forward order, each under its Graft tree path
 * ({@code stage3.block_4.expand.conv}). Freezing, the layer tree, diffs and the TF.js importer all
 * address tensors through these paths, never through DJL's positional block names.
 */
public final class LayerRegistry {

    /**
     * One leaf layer.
     *
     * @param path tree path, dot separated
     * @param kind conv, depthwise_conv, batch_norm, linear or torchscript
     * @param block the DJL block holding the tensors
     * @param batchNorm the freezable wrapper when this is a BatchNorm layer, else null
     * @param sourceName the layer's name in the source format (Keras), or null
     * @param outputShape output shape for one image, or null when unknown
     * @param tensors tensor short name to parameter (for TorchScript: the module's parameters)
     */
    public record Layer(String path, String kind, Block block, FreezableBatchNorm batchNorm,
            String sourceName, Shape outputShape, Map<String, Parameter> tensors) {}

    private final List<Layer> layers = new ArrayList<>();

    /**
     * Adds a DJL layer; its tensors are its direct parameters.
     *
     * @param path tree path
     * @param kind layer kind
     * @param block the block
     * @param batchNorm the wrapper for BatchNorm layers, else null
     * @param sourceName name in the source format
     * @param outputShape output shape for one image
     */
    public void add(String path, String kind, Block block, FreezableBatchNorm batchNorm,
            String sourceName, Shape outputShape) {
        Map<String, Parameter> tensors = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            tensors.put(p.getValue().getName(), p.getValue());
        }
        layers.add(new Layer(path, kind, block, batchNorm, sourceName, outputShape, tensors));
    }

    /**
     * Adds a layer whose tensors are given explicitly (TorchScript modules).
     *
     * @param layer the layer
     */
    public void add(Layer layer) {
        layers.add(layer);
    }

    /**
     * Replaces the layers of one kind by new ones, in place of the first old one. Used when
     * parameters are loaded into a TorchScript module, which swaps its native tensors.
     *
     * @param kind the layer kind to replace
     * @param replacement the new layers
     */
    public void replaceKind(String kind, List<Layer> replacement) {
        int at = -1;
        for (int i = layers.size() - 1; i >= 0; i--) {
            if (layers.get(i).kind().equals(kind)) {
                layers.remove(i);
                at = i;
            }
        }
        layers.addAll(at < 0 ? layers.size() : at, replacement);
    }

    /** @return all leaf layers in forward order */
    public List<Layer> layers() {
        return List.copyOf(layers);
    }

    /**
     * All tensors by their full name ({@code path.tensor}), in forward order.
     *
     * @return full name to parameter
     */
    public Map<String, Parameter> tensors() {
        Map<String, Parameter> out = new LinkedHashMap<>();
        for (Layer layer : layers) {
            layer.tensors().forEach((name, p) -> out.put(layer.path() + "." + name, p));
        }
        return out;
    }
}
