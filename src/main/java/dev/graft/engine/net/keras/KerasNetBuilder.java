package dev.graft.engine.net.keras;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import dev.graft.core.model.ArchitectureSpec;
import dev.graft.engine.net.ClassifierBlock;
import dev.graft.engine.net.GraftNet;
import dev.graft.engine.net.HeadBuilder;
import dev.graft.engine.net.LayerRegistry;
import dev.graft.engine.net.TappedBackbone;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Builds a Graft network from a stored Keras topology: the backbone is the Keras graph up to its
 * feature layer, divided into {@link KerasStages stages} and run by a {@link TappedBackbone} (so
 * feature taps, freezing by stage and the cached frozen prefix work as for Graft's own models);
 * the head is Graft's. Layers with weights are registered under {@code <stage>.<keras name>}.
 */
public final class KerasNetBuilder {

    private KerasNetBuilder() {}

    /**
     * The stages of a stored model at an image size, with their output widths (what a tap adds).
     *
     * @param file the stored topology
     * @param imageSize the image side
     * @return stage name to width, in forward order
     * @throws KerasFormatException if the model cannot be built at that size
     */
    public static java.util.LinkedHashMap<String, Integer> stageWidths(KerasModelFile file, int imageSize)
            throws KerasFormatException {
        KerasTopology topology = KerasTopology.parse(file.modelTopology());
        KerasGraph graph = new KerasGraph(topology, checkedFeature(topology, file), structureSize(file, imageSize));
        java.util.LinkedHashMap<String, Integer> out = new java.util.LinkedHashMap<>();
        for (KerasStages.Stage s : KerasStages.of(topology, graph.order(), file.feature(), graph.shapes())) {
            out.put(s.name(), width(graph.shapes().get(s.output())));
        }
        return out;
    }

    /**
     * Builds the network (uninitialised).
     *
     * @param spec the architecture (taps, head, classes, image size)
     * @param file the stored topology
     * @param headSourceNames Keras names of the head's dense layers (importers), or null
     * @return the network
     * @throws KerasFormatException if the topology cannot be built as the spec asks
     */
    public static GraftNet build(ArchitectureSpec spec, KerasModelFile file, List<String> headSourceNames)
            throws KerasFormatException {
        KerasTopology topology = KerasTopology.parse(file.modelTopology());
        String feature = checkedFeature(topology, file);
        // stages follow the model's structure at its own size; layers after the last tap are not
        // built, so a tap before a fixed-size top (InceptionV3's 8×8 pooling) works at any size
        KerasGraph structure = new KerasGraph(topology, feature, structureSize(file, spec.imageSize()));
        List<KerasStages.Stage> all = KerasStages.of(topology, structure.order(), feature, structure.shapes());
        List<String> names = all.stream().map(KerasStages.Stage::name).toList();
        List<String> taps = spec.featureTaps().isEmpty() ? List.of(names.get(names.size() - 1)) : spec.featureTaps();
        int last = -1;
        for (String tap : taps) {
            int i = names.indexOf(tap);
            if (i < 0) {
                throw new KerasFormatException("Unknown feature tap '" + tap + "'; this model's stages are "
                        + String.join(", ", names));
            }
            last = Math.max(last, i);
        }
        KerasGraph graph;
        try {
            graph = new KerasGraph(topology, all.get(last).output(), spec.imageSize());
        } catch (KerasFormatException e) {
            if (file.inputSize() <= 0 || file.inputSize() == spec.imageSize()) {
                throw e;
            }
            throw new KerasFormatException(e.getMessage() + " This model was made for " + file.inputSize()
                    + " px: train it with --image-size " + file.inputSize() + ", or tap an earlier stage with"
                    + " --features (its stages: " + String.join(", ", names) + ").", e);
        }
        LayerRegistry registry = new LayerRegistry();
        List<Block> blocks = new ArrayList<>();
        int[] widths = new int[last + 1];
        for (int i = 0; i <= last; i++) {
            KerasStages.Stage s = all.get(i);
            List<KerasNode> nodes = new ArrayList<>();
            for (String id : s.layers()) {
                KerasNode n = graph.node(id);
                nodes.add(n);
                if (n.op().kind() != null) {
                    Shape out = n.outputShape();
                    registry.add(new LayerRegistry.Layer(s.name() + "." + n.layer().name().replace('.', '_'),
                            n.op().kind(), n.op().block(), n.op().batchNorm(), n.layer().name(),
                            new Shape(java.util.Arrays.copyOfRange(out.getShape(), 1, out.dimension())),
                            n.op().tensors()));
                }
            }
            blocks.add(new KerasGraphBlock(nodes, s.input(), s.output()));
            widths[i] = width(graph.shapes().get(s.output()));
        }
        TappedBackbone backbone = new TappedBackbone(blocks, names.subList(0, last + 1), taps, widths,
                "l2".equals(spec.tapNormalization()));
        if (backbone.featureWidth() != spec.featureSize()) {
            throw new KerasFormatException(String.format(Locale.ROOT, "At %d px this model's features are %d wide,"
                    + " but the model was made for %d (at %d px its feature layer gives that width): train it at"
                    + " --image-size %d.", spec.imageSize(), backbone.featureWidth(), spec.featureSize(),
                    file.inputSize(), file.inputSize()));
        }
        SequentialBlock head = HeadBuilder.build(registry, spec.headHidden(), spec.dropout(), spec.classes().size(),
                headSourceNames);
        return new GraftNet(spec, backbone, head, new ClassifierBlock(backbone, head), registry,
                List.copyOf(names.subList(0, last + 1)), false);
    }

    /**
     * Sets the tensors Keras does not have (gamma of a BatchNormalization without scale, beta
     * without centre) to their fixed values: after creating a network and after loading a file.
     *
     * @param net a network built here (others are left alone)
     */
    public static void fixAbsentTensors(GraftNet net) {
        if (!(net.backbone() instanceof TappedBackbone t)) {
            return;
        }
        for (var child : t.getChildren().values()) {
            if (child instanceof KerasGraphBlock g) {
                for (KerasNode n : g.nodes()) {
                    if (n.op() instanceof BatchNormOp bn) {
                        bn.fixAbsentTensors();
                    }
                }
            }
        }
    }

    /**
     * The graph blocks of a network built here, stage by stage (for exporters).
     *
     * @param net the network
     * @return the stages' graphs in forward order
     */
    public static List<KerasGraphBlock> graphs(GraftNet net) {
        List<KerasGraphBlock> out = new ArrayList<>();
        if (net.backbone() instanceof TappedBackbone t) {
            for (var child : t.getChildren().values()) {
                if (child instanceof KerasGraphBlock g) {
                    out.add(g);
                }
            }
        }
        return out;
    }

    private static String checkedFeature(KerasTopology topology, KerasModelFile file) throws KerasFormatException {
        try {
            topology.layer(file.feature());
        } catch (IllegalArgumentException e) {
            throw new KerasFormatException("The stored topology has no layer '" + file.feature()
                    + "' (its feature layer).");
        }
        return file.feature();
    }

    /** The size at which a stored model's structure (its stages) is read: its own, if it fixes one. */
    private static int structureSize(KerasModelFile file, int imageSize) {
        return file.inputSize() > 0 ? file.inputSize() : imageSize;
    }

    static int width(Shape s) {
        return (int) (s.dimension() == 4 ? s.get(1) : s.size() / s.get(0));
    }
}
