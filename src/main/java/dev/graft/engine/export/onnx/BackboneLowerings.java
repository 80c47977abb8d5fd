package dev.graft.engine.export.onnx;

import dev.graft.core.model.ArchitectureSpec;
import dev.graft.engine.net.GraftNet;
import dev.graft.engine.net.TappedBackbone;
import dev.graft.engine.net.keras.KerasOnnx;
import dev.graft.engine.onnx.OnnxGraph;
import dev.graft.engine.onnx.OnnxLowerable;
import dev.graft.engine.onnx.OnnxUnsupportedException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * How each kind of network's backbone becomes ONNX. A backbone block that implements
 * {@link OnnxLowerable} lowers itself; otherwise the lowering registered for the network's
 * architecture (its {@code graft-model.json} {@code architecture}) is used. A kind without either
 * is refused with its name; a TorchScript backbone is refused with what to do instead.
 */
public final class BackboneLowerings {

    private static final Map<String, Function<GraftNet, OnnxLowerable>> BY_ARCHITECTURE = new ConcurrentHashMap<>();

    static {
        register(ArchitectureSpec.MOBILENET_V2, net -> new TappedBackboneLowering((TappedBackbone) net.backbone(),
                new MobileNetV2Lowering(net.layers())));
        register(ArchitectureSpec.KERAS, BackboneLowerings::keras);
    }

    /** An imported Keras model: its own layer graph, stage by stage. */
    private static OnnxLowerable keras(GraftNet net) {
        KerasOnnx k = KerasOnnx.of(net);
        return new TappedBackboneLowering((TappedBackbone) net.backbone(), new StageLowering() {
            @Override
            public String lower(OnnxGraph graph, String stage, String input) throws OnnxUnsupportedException {
                return k.lower(graph, stage, input);
            }

            @Override
            public int outputRank(String stage) {
                return k.outputRank(stage);
            }
        });
    }

    private BackboneLowerings() {}

    /**
     * Registers the lowering of a network kind whose backbone does not implement
     * {@link OnnxLowerable} itself (for a {@link TappedBackbone}, wrap a {@link StageLowering}
     * with {@link #tapped}).
     *
     * @param architecture the architecture name in {@code graft-model.json}
     * @param lowering makes the lowering of one network
     */
    public static void register(String architecture, Function<GraftNet, OnnxLowerable> lowering) {
        BY_ARCHITECTURE.put(architecture, lowering);
    }

    /**
     * The lowering of a tapped backbone whose stages a {@link StageLowering} writes.
     *
     * @param backbone the backbone
     * @param stages writes each stage
     * @return the backbone's lowering
     */
    public static OnnxLowerable tapped(TappedBackbone backbone, StageLowering stages) {
        return new TappedBackboneLowering(backbone, stages);
    }

    /**
     * Says whether an architecture can be exported, before anything is loaded.
     *
     * @param spec the architecture
     * @throws OnnxUnsupportedException why not, and what to do instead
     */
    public static void check(ArchitectureSpec spec) throws OnnxUnsupportedException {
        if (ArchitectureSpec.TORCHSCRIPT.equals(spec.architecture())) {
            String file = spec.backboneFile() == null ? "" : " (" + spec.backboneFile()
                    + (spec.baseModel() == null ? "" : ", from " + spec.baseModel()) + ")";
            throw new OnnxUnsupportedException("This model's backbone is TorchScript" + file + ": compiled"
                    + " PyTorch code that Graft runs as one opaque module, so it cannot be written as ONNX"
                    + " layer by layer; ONNX export needs the backbone's original PyTorch source. Instead: use"
                    + " --format djl (DJL with the PyTorch engine loads the model as it is), or export the"
                    + " original PyTorch module with torch.onnx.export yourself, or train on a backbone Graft"
                    + " builds from its own layers (the bundled mobilenet_v2) and export that.");
        }
    }

    /**
     * The lowering of a network's backbone.
     *
     * @param net the network
     * @return its lowering
     * @throws OnnxUnsupportedException when the network's kind cannot be exported, with why
     */
    public static OnnxLowerable forNet(GraftNet net) throws OnnxUnsupportedException {
        check(net.spec());
        if (net.backbone() instanceof OnnxLowerable self) {
            return self;
        }
        Function<GraftNet, OnnxLowerable> lowering = BY_ARCHITECTURE.get(net.spec().architecture());
        if (lowering == null) {
            throw new OnnxUnsupportedException("Graft cannot write architecture '" + net.spec().architecture()
                    + "' as ONNX yet (no lowering for its layers). Use --format djl instead.");
        }
        return lowering.apply(net);
    }
}
