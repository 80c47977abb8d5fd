package dev.graft.engine.net.keras;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;

/** Keras' Dense inside a backbone: on the last axis (the channels of a 4-D tensor). */
final class DenseOp extends WeightedOp {

    private final int units;
    private final long in;
    private final String activation;
    private final Parameter weight;
    private final Parameter bias;

    DenseOp(KerasLayer layer, Shape input) throws KerasFormatException {
        super(layer);
        var c = layer.config();
        units = Cfg.integer(c, "units", 0, 1, 1 << 20);
        activation = Cfg.activation(c);
        Activations.check(activation, layer);
        in = input.dimension() == 4 ? input.get(1) : input.get(input.dimension() - 1);
        if (input.dimension() == 3) {
            throw new KerasFormatException("The " + layer.describe() + " gets a 3-D input; Graft supports Dense on"
                    + " 2-D and 4-D tensors.");
        }
        weight = param("weight", Parameter.Type.WEIGHT, new Shape(units, in));
        bias = Cfg.bool(c, "use_bias", true) ? param("bias", Parameter.Type.BIAS, new Shape(units)) : null;
    }

    @Override
    public String kind() {
        return "linear";
    }

    @Override
    public List<WeightMapping> kerasWeights() {
        List<WeightMapping> w = new ArrayList<>();
        w.add(new WeightMapping("kernel", "weight", Layout.DENSE));
        if (bias != null) {
            w.add(new WeightMapping("bias", "bias", Layout.SAME));
        }
        return w;
    }

    @Override
    public Shape outputShape(Shape[] inputs) throws KerasFormatException {
        Shape s = inputs[0];
        if (s.dimension() == 4) {
            if (s.get(1) != in) {
                throw new KerasFormatException("The " + layer.describe() + " expects " + in + " channels, not " + s);
            }
            return new Shape(s.get(0), units, s.get(2), s.get(3));
        }
        if (s.get(s.dimension() - 1) != in) {
            throw new KerasFormatException("The " + layer.describe() + " expects " + in + " inputs, not " + s);
        }
        return new Shape(s.get(0), units);
    }

    @Override
    public NDArray compute(ParameterStore ps, NDList inputs, boolean training) {
        NDArray x = inputs.singletonOrThrow();
        NDArray w = value(ps, weight, x, training);
        NDArray b = value(ps, bias, x, training);
        NDArray y;
        if (x.getShape().dimension() == 4) {
            y = linear(x.transpose(0, 2, 3, 1), w, b).transpose(0, 3, 1, 2);
        } else {
            y = linear(x, w, b);
        }
        return Activations.apply(activation, y);
    }

    private static NDArray linear(NDArray x, NDArray w, NDArray b) {
        return (b == null ? Linear.linear(x, w) : Linear.linear(x, w, b)).singletonOrThrow();
    }
}
