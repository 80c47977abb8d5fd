package dev.graft.engine.net.keras;

import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where a Keras classifier's own head begins. Graft's head is dense layers with ReLU between them
 * and a last dense layer whose outputs are logits (softmax is applied when predicting). So the
 * head taken over from a Keras model is the longest chain at its end of Dense layers (and Dropout,
 * and Activation layers on them) that has this form: hidden Dense layers with ReLU, a last Dense
 * with softmax or no activation, on a 2-D feature vector. Everything before it is the backbone; its
 * output is the feature vector. A model that does not end this way (no dense top, a sigmoid or
 * tanh output, Dense on a 4-D tensor) has no head Graft can keep: the whole model is the backbone.
 *
 * @param feature id of the layer whose output feeds the head (the backbone's output)
 * @param dense the head's Dense layers in order (empty: no head)
 * @param dropout the first Dropout rate inside the head (0 if none)
 */
public record HeadSplit(String feature, List<KerasLayer> dense, float dropout) {

    /** Copies the list. */
    public HeadSplit {
        dense = List.copyOf(dense);
    }

    /** @return whether the model ends in a head Graft keeps */
    public boolean hasHead() {
        return !dense.isEmpty();
    }

    /** @return widths of the hidden dense layers */
    public List<Integer> hidden() {
        List<Integer> w = new ArrayList<>();
        for (int i = 0; i < dense.size() - 1; i++) {
            w.add(units(dense.get(i)));
        }
        return w;
    }

    /** @return number of classes of the last dense layer */
    public int classes() {
        return units(dense.get(dense.size() - 1));
    }

    static int units(KerasLayer dense) {
        return dense.config().get("units").getAsInt();
    }

    /**
     * Finds the head of a model.
     *
     * @param topology the model
     * @param shapes output shape of every layer
     * @return the split
     * @throws KerasFormatException if an activation is unreadable
     */
    public static HeadSplit find(KerasTopology topology, Map<String, Shape> shapes) throws KerasFormatException {
        Map<String, List<String>> consumers = topology.consumers();
        KerasLayer l = topology.layer(topology.output());
        HeadSplit none = new HeadSplit(topology.output(), List.of(), 0);
        boolean finalActivation = false;
        if ("Activation".equals(l.className())) {
            String a = Cfg.activation(l.config());
            if (!a.equals("softmax") && !a.equals("linear")) {
                return none;
            }
            finalActivation = true;
            l = topology.layer(l.inputs().get(0));
        }
        List<KerasLayer> dense = new ArrayList<>();
        float dropout = 0;
        if (!"Dense".equals(l.className())) {
            return none;
        }
        String act = Cfg.activation(l.config());
        if (!(act.equals("linear") || (!finalActivation && act.equals("softmax")))) {
            return none;
        }
        dense.add(l);
        String feature = l.inputs().get(0);
        // walk back over hidden Dense(relu) layers and Dropouts
        while (true) {
            KerasLayer prev = topology.layer(feature);
            if (!single(consumers, prev.id())) {
                break;
            }
            if ("Dropout".equals(prev.className())) {
                dropout = (float) Cfg.number(prev.config(), "rate", 0, 0, 1);
                feature = prev.inputs().get(0);
                continue;
            }
            KerasLayer hidden = null;
            if ("Dense".equals(prev.className()) && "relu".equals(Cfg.activation(prev.config()))) {
                hidden = prev;
            } else if ("Activation".equals(prev.className()) && "relu".equals(Cfg.activation(prev.config()))) {
                KerasLayer before = topology.layer(prev.inputs().get(0));
                if ("Dense".equals(before.className()) && "linear".equals(Cfg.activation(before.config()))
                        && single(consumers, before.id())) {
                    hidden = before;
                }
            }
            if (hidden == null) {
                break;
            }
            dense.add(0, hidden);
            feature = hidden.inputs().get(0);
        }
        // the head must read a feature vector and every dense layer must sit on one
        for (KerasLayer d : dense) {
            if (shapes.get(d.inputs().get(0)).dimension() != 2) {
                return none;
            }
        }
        // dropouts between the feature and the first dense layer belong to the head
        while (true) {
            KerasLayer f = topology.layer(feature);
            if (!"Dropout".equals(f.className()) || !single(consumers, f.id())) {
                break;
            }
            feature = f.inputs().get(0);
        }
        if (shapes.get(feature).dimension() != 2 || topology.layer(feature).isInput()) {
            return none;
        }
        return new HeadSplit(feature, dense, dropout);
    }

    private static boolean single(Map<String, List<String>> consumers, String id) {
        return consumers.getOrDefault(id, List.of()).size() == 1;
    }
}
