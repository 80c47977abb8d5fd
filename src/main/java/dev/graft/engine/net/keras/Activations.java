package dev.graft.engine.net.keras;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import java.util.Set;

/**
 * Keras' activation functions by name, on NCHW (or 2-D) arrays. {@code hard_sigmoid} is TF.js'
 * and Keras 2's {@code clip(0.2x + 0.5, 0, 1)}; softmax runs over the channel axis, which is
 * Keras' last axis.
 */
final class Activations {

    /** Names Graft computes. */
    static final Set<String> SUPPORTED = Set.of("linear", "relu", "relu6", "sigmoid", "hard_sigmoid", "swish",
            "silu", "tanh", "softmax", "elu", "softplus", "softsign", "selu");

    private Activations() {}

    static void check(String name, KerasLayer layer) throws KerasFormatException {
        if (!SUPPORTED.contains(name)) {
            throw new KerasFormatException("The " + layer.describe() + " uses the activation '" + name
                    + "', which Graft does not support (supported: " + String.join(", ", new java.util.TreeSet<>(
                            SUPPORTED)) + ").");
        }
    }

    static NDArray apply(String name, NDArray x) {
        return switch (name) {
            case "linear" -> x;
            case "relu" -> Activation.relu(x);
            case "relu6" -> Activation.relu(x).clip(0, 6);
            case "sigmoid" -> Activation.sigmoid(x);
            case "hard_sigmoid" -> x.mul(0.2f).add(0.5f).clip(0, 1);
            case "swish", "silu" -> x.mul(Activation.sigmoid(x));
            case "tanh" -> Activation.tanh(x);
            case "softmax" -> x.softmax(x.getShape().dimension() == 4 ? 1 : -1);
            case "elu" -> Activation.elu(x, 1f);
            case "softplus" -> Activation.softPlus(x);
            case "softsign" -> Activation.softSign(x);
            case "selu" -> Activation.selu(x);
            default -> throw new IllegalStateException("unchecked activation " + name);
        };
    }
}
