package dev.graft.engine.export.onnx;

import static dev.graft.engine.onnx.OnnxGraph.attr;
import static dev.graft.engine.onnx.OnnxGraph.attrs;

import ai.djl.nn.Parameter;
import dev.graft.engine.net.LayerRegistry;
import dev.graft.engine.net.MobileNetV2Builder;
import dev.graft.engine.onnx.OnnxGraph;
import dev.graft.engine.onnx.OnnxUnsupportedException;
import java.util.List;
import java.util.Map;

/**
 * The stages of Graft's MobileNetV2 in ONNX, in the mathematically plain layout of
 * {@link MobileNetV2Builder.Ops#REFERENCE} (not the flipped frame the fast path computes in):
 * Keras' bottom/right zero padding before a stride-2 convolution becomes the convolution's own
 * asymmetric {@code pads}, ReLU6 is {@code Clip(0, 6)}, and each BatchNorm is folded into its
 * convolution (weights × gamma / sqrt(var + eps), bias beta − mean × that scale, computed in double
 * precision) — the same folding Graft's inference does, so ONNX Runtime computes what Graft does.
 */
final class MobileNetV2Lowering implements StageLowering {

    private final Map<String, LayerRegistry.Layer> layers = new java.util.HashMap<>();
    private String relu6Min;
    private String relu6Max;

    MobileNetV2Lowering(LayerRegistry registry) {
        for (LayerRegistry.Layer l : registry.layers()) {
            layers.put(l.path(), l);
        }
    }

    @Override
    public String lower(OnnxGraph g, String stage, String input) throws OnnxUnsupportedException {
        if (stage.equals("stem")) {
            return convBn(g, "stem", input, 3, 2, 1, true);
        }
        if (stage.equals("top")) {
            return convBn(g, "top", input, 1, 1, 1, true);
        }
        String x = input;
        boolean any = false;
        for (MobileNetV2Builder.Bottleneck b : MobileNetV2Builder.bottlenecks()) {
            if (!stage.equals("stage" + b.stage())) {
                continue;
            }
            any = true;
            String y = x;
            int hidden = b.in() * b.expansion();
            if (b.expansion() != 1) {
                y = convBn(g, b.path() + ".expand", y, 1, 1, 1, true);
            }
            y = convBn(g, b.path() + ".depthwise", y, 3, b.stride(), hidden, true);
            y = convBn(g, b.path() + ".project", y, 1, 1, 1, false);
            x = b.residual() ? g.node("Add", b.path() + ".add", List.of(y, x)) : y;
        }
        if (!any) {
            throw new OnnxUnsupportedException("MobileNetV2 has no stage '" + stage + "'");
        }
        return x;
    }

    /**
     * A convolution with its BatchNorm folded in, then ReLU6 if asked. Padding follows the network:
     * 3×3 stride 1 pads one on every side; 3×3 stride 2 pads one row at the bottom and one column
     * at the right only (Keras' ZeroPadding2D before a valid convolution); 1×1 pads nothing.
     */
    private String convBn(OnnxGraph g, String path, String x, int kernel, int stride, int groups, boolean relu6)
            throws OnnxUnsupportedException {
        float[] w = floats(path + ".conv", "weight");
        float[] gamma = floats(path + ".bn", "gamma");
        float[] beta = floats(path + ".bn", "beta");
        float[] mean = floats(path + ".bn", "runningMean");
        float[] var = floats(path + ".bn", "runningVar");
        int out = gamma.length;
        int per = w.length / out;
        float[] folded = new float[w.length];
        float[] bias = new float[out];
        for (int c = 0; c < out; c++) {
            double scale = gamma[c] / Math.sqrt((double) var[c] + MobileNetV2Builder.BN_EPSILON);
            for (int k = 0; k < per; k++) {
                folded[c * per + k] = (float) (w[c * per + k] * scale);
            }
            bias[c] = (float) (beta[c] - mean[c] * scale);
        }
        long[] wShape = parameter(path + ".conv", "weight").getArray().getShape().getShape();
        String wName = g.constant(path + ".weight", folded, wShape);
        String bName = g.constant(path + ".bias", bias, out);
        long[] pads = kernel == 1 ? new long[] {0, 0, 0, 0}
                : stride == 1 ? new long[] {1, 1, 1, 1}
                : new long[] {0, 0, 1, 1};
        String y = g.node("Conv", path, List.of(x, wName, bName), attrs("kernel_shape", kernel, kernel),
                attrs("strides", stride, stride), attrs("pads", pads), attr("group", (long) groups));
        if (!relu6) {
            return y;
        }
        if (relu6Min == null) {
            // rank-0 bounds, as Clip requires from operator set 11 on; shared by every ReLU6
            relu6Min = g.constant("relu6_min", new float[] {0f});
            relu6Max = g.constant("relu6_max", new float[] {6f});
        }
        return g.node("Clip", path + ".relu6", List.of(y, relu6Min, relu6Max));
    }

    private Parameter parameter(String layer, String tensor) throws OnnxUnsupportedException {
        LayerRegistry.Layer l = layers.get(layer);
        Parameter p = l == null ? null : l.tensors().get(tensor);
        if (p == null || p.getArray() == null) {
            throw new OnnxUnsupportedException("MobileNetV2 layer " + layer + " has no tensor '" + tensor
                    + "': the network does not have the expected layout");
        }
        return p;
    }

    private float[] floats(String layer, String tensor) throws OnnxUnsupportedException {
        return parameter(layer, tensor).getArray().toFloatArray();
    }
}
