package dev.graft.engine.export.onnx;

import static dev.graft.engine.onnx.OnnxGraph.attr;
import static dev.graft.engine.onnx.OnnxGraph.attrs;

import dev.graft.engine.net.TappedBackbone;
import dev.graft.engine.onnx.OnnxGraph;
import dev.graft.engine.onnx.OnnxLowerable;
import dev.graft.engine.onnx.OnnxUnsupportedException;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link TappedBackbone} in ONNX: its stages in order, each tapped stage's output averaged over
 * height and width (a stage ending in a feature vector is tapped as it is) (and, when the backbone length-normalises taps, scaled to length sqrt(width)
 * exactly as {@code TappedBackbone} does, epsilon included), the taps concatenated.
 */
final class TappedBackboneLowering implements OnnxLowerable {

    private final TappedBackbone backbone;
    private final StageLowering stages;

    TappedBackboneLowering(TappedBackbone backbone, StageLowering stages) {
        this.backbone = backbone;
        this.stages = stages;
    }

    @Override
    public String lowerTo(OnnxGraph g, String images) throws OnnxUnsupportedException {
        String x = images;
        List<String> taps = new ArrayList<>();
        List<String> names = backbone.stageNames();
        for (int i = 0; i < names.size(); i++) {
            x = stages.lower(g, names.get(i), x);
            if (backbone.isTapped(i)) {
                taps.add(pool(g, names.get(i), x, backbone.stageWidth(i), stages.outputRank(names.get(i)) == 4));
            }
        }
        return taps.size() == 1 ? taps.get(0) : g.node("Concat", "features", taps, attr("axis", 1L));
    }

    private String pool(OnnxGraph g, String stage, String x, int width, boolean image) {
        String flat = image ? g.node("Flatten", stage + ".features", List.of(g.node("GlobalAveragePool",
                stage + ".pool", List.of(x))), attr("axis", 1L)) : x;
        if (!backbone.lengthNormalised()) {
            return flat;
        }
        String length = g.node("ReduceL2", stage + ".length", List.of(flat), attrs("axes", 1), attr("keepdims", 1L));
        String eps = g.constant(stage + ".epsilon", new float[] {TappedBackbone.L2_EPSILON});
        String safe = g.node("Add", stage + ".length_eps", List.of(length, eps));
        String unit = g.node("Div", stage + ".unit", List.of(flat, safe));
        String scale = g.constant(stage + ".scale", new float[] {(float) Math.sqrt(width)});
        return g.node("Mul", stage + ".scaled", List.of(unit, scale));
    }
}
