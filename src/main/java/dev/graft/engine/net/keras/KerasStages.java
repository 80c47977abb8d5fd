package dev.graft.engine.net.keras;

import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Divides a Keras backbone into stages, from the model's own structure. A stage ends only where a
 * single image-shaped tensor flows to the rest of the network (so a frozen prefix of stages can be
 * computed once and cached), and stages are named after Keras' block names: MobileNet v2's
 * {@code block_N} (its {@code expanded_conv} is {@code block_0}), MobileNet v1's
 * {@code conv_dw_N}/{@code conv_pw_N} ({@code block_N}), InceptionV3's {@code mixedN}, ResNet's
 * {@code convN_blockM}, EfficientNet's and VGG's {@code blockN…}. Layers in a nested model without
 * such names form a stage named after that model. Unnamed layers before the first block are the
 * {@code stem}, after the last one the {@code top}; between blocks they join the next block. A
 * model without any of these names is cut after every downsampling layer ({@code stage1}, …).
 */
public final class KerasStages {

    private static final List<Pattern> BLOCKS = List.of(
            Pattern.compile("^(block_\\d+)_.*"),
            Pattern.compile("^expanded_conv_.*"),
            Pattern.compile("^conv_(?:dw|pw|pad)_(\\d+)(?:_.*)?$"),
            Pattern.compile("^(mixed\\d+)$"),
            Pattern.compile("^(conv\\d+_block\\d+)_.*"),
            Pattern.compile("^(block\\d+[a-z]?)_.*"));

    private KerasStages() {}

    /**
     * One stage.
     *
     * @param name the stage's name (a layer-tree path segment)
     * @param layers ids of its layers in order
     * @param input id of the layer whose output enters it
     * @param output id of the layer whose output leaves it
     */
    public record Stage(String name, List<String> layers, String input, String output) {}

    /**
     * The block name of a layer, if its Keras name has one.
     *
     * @param name the layer's Keras name
     * @return the block name or null
     */
    static String blockName(String name) {
        for (int i = 0; i < BLOCKS.size(); i++) {
            Matcher m = BLOCKS.get(i).matcher(name);
            if (m.matches()) {
                return switch (i) {
                    case 1 -> "block_0";
                    case 2 -> "block_" + m.group(1);
                    default -> m.group(1);
                };
            }
        }
        return null;
    }

    /**
     * Divides a backbone.
     *
     * @param topology the model
     * @param backbone ids of the backbone's layers in topological order, input first
     * @param feature id of the backbone's output layer
     * @param shapes output shape of every layer
     * @return the stages in forward order
     */
    public static List<Stage> of(KerasTopology topology, List<String> backbone, String feature,
            Map<String, Shape> shapes) {
        List<String> order = backbone.subList(1, backbone.size());
        Map<String, Integer> position = new HashMap<>();
        for (int i = 0; i < backbone.size(); i++) {
            position.put(backbone.get(i), i);
        }
        // the last position at which each tensor is read
        Map<String, Integer> lastRead = new HashMap<>();
        for (String id : backbone) {
            for (String in : topology.layer(id).inputs()) {
                lastRead.merge(in, position.get(id), Math::max);
            }
        }
        // cut after a layer when its output is the only tensor still to be read, and image-shaped
        List<List<String>> segments = new ArrayList<>();
        List<String> current = new ArrayList<>();
        for (int i = 1; i < backbone.size(); i++) {
            String id = backbone.get(i);
            current.add(id);
            boolean last = i == backbone.size() - 1;
            boolean alone = true;
            for (int j = 0; j < i && alone; j++) {
                alone = lastRead.getOrDefault(backbone.get(j), -1) <= i;
            }
            if (last || alone && shapes.get(id).dimension() == 4) {
                segments.add(current);
                current = new ArrayList<>();
            }
        }
        Set<String> namedModels = namedModels(topology, order);
        List<String> names = new ArrayList<>();
        boolean any = false;
        for (List<String> seg : segments) {
            String name = null;
            for (int k = seg.size() - 1; k >= 0 && name == null; k--) {
                name = group(topology.layer(seg.get(k)), namedModels);
            }
            names.add(name);
            any |= name != null;
        }
        if (!any) {
            return byDownsampling(topology, segments, backbone.get(0), shapes);
        }
        // unnamed segments: before the first name the stem, after the last the top, else the next block
        int first = names.indexOf(names.stream().filter(n -> n != null).findFirst().orElseThrow());
        int lastNamed = -1;
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i) != null) {
                lastNamed = i;
            }
        }
        for (int i = names.size() - 1; i >= 0; i--) {
            if (names.get(i) == null) {
                names.set(i, i < first ? "stem" : i > lastNamed ? "top" : names.get(i + 1));
            }
        }
        return merge(segments, names, backbone.get(0));
    }

    /** A layer's group: its block name, else the innermost nested model without block names. */
    private static String group(KerasLayer layer, Set<String> namedModels) {
        String block = blockName(layer.name());
        if (block != null) {
            return block;
        }
        for (int i = layer.nesting().size() - 1; i >= 0; i--) {
            String model = layer.nesting().get(i);
            if (!namedModels.contains(model)) {
                return model;
            }
            return null;
        }
        return null;
    }

    /** Nested models holding at least one layer with a block name (directly or deeper). */
    private static Set<String> namedModels(KerasTopology topology, List<String> order) {
        Set<String> out = new HashSet<>();
        for (String id : order) {
            KerasLayer l = topology.layer(id);
            if (blockName(l.name()) != null) {
                out.addAll(l.nesting());
            }
        }
        return out;
    }

    private static List<Stage> merge(List<List<String>> segments, List<String> names, String inputId) {
        Map<String, Integer> seen = new LinkedHashMap<>();
        List<Stage> stages = new ArrayList<>();
        String in = inputId;
        List<String> layers = new ArrayList<>();
        for (int i = 0; i < segments.size(); i++) {
            layers.addAll(segments.get(i));
            boolean end = i == segments.size() - 1 || !names.get(i + 1).equals(names.get(i));
            if (end) {
                String name = names.get(i).replace('.', '_');
                int n = seen.merge(name, 1, Integer::sum);
                String unique = n == 1 ? name : name + "_" + n;
                String out = layers.get(layers.size() - 1);
                stages.add(new Stage(unique, List.copyOf(layers), in, out));
                in = out;
                layers = new ArrayList<>();
            }
        }
        return stages;
    }

    private static List<Stage> byDownsampling(KerasTopology topology, List<List<String>> segments, String inputId,
            Map<String, Shape> shapes) {
        List<String> names = new ArrayList<>();
        int stage = 1;
        for (List<String> seg : segments) {
            names.add("stage" + stage);
            String last = seg.get(seg.size() - 1);
            String before = topology.layer(seg.get(0)).inputs().get(0);
            Shape a = shapes.get(before);
            Shape b = shapes.get(last);
            if (a.dimension() == 4 && b.dimension() == 4 && b.get(2) < a.get(2)) {
                stage++;
            }
        }
        return merge(segments, names, inputId);
    }
}
