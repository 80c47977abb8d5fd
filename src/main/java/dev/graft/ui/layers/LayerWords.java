package dev.graft.ui.layers;

import dev.graft.core.model.LayerNode;
import java.util.Arrays;
import java.util.stream.Collectors;

/** The layer tree's terms in plain words, for people who do not read network diagrams every day. */
final class LayerWords {

    private LayerWords() {}

    /**
     * An output shape as a reader sees it.
     *
     * @param shape e.g. [160, 7, 7]
     * @return "160 × 7 × 7"
     */
    static String shape(long[] shape) {
        return Arrays.stream(shape).mapToObj(Long::toString).collect(Collectors.joining(" × "));
    }

    /**
     * What a node is and what ticking it means.
     *
     * @param node a node of the tree
     * @return one or two sentences
     */
    static String explain(LayerNode node) {
        String what = switch (node.kind()) {
            case "conv" -> "A convolution: it learns small image filters.";
            case "depthwise_conv" -> "A depthwise convolution: one filter per channel, cheap and spatial.";
            case "batch_norm" -> "Batch normalisation: rescales each channel. Its running statistics stay fixed"
                    + " when the layer is frozen.";
            case "linear" -> "A dense layer of the classification head.";
            default -> node.children().isEmpty() ? "A layer of kind " + node.kind() + "."
                    : "A group of layers (" + node.kind() + "); ticking it trains everything inside.";
        };
        String out = "";
        long[] s = node.outputShape();
        if (s != null && s.length == 3) {
            out = " Output: " + s[0] + " channels on a " + s[1] + " × " + s[2] + " grid of image positions.";
        } else if (s != null && s.length == 1) {
            out = " Output: " + s[0] + " numbers.";
        }
        return what + out + " Ticked: it trains; unticked: it stays as pretrained (Space toggles).";
    }
}
