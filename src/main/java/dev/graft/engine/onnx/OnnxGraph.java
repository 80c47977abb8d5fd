package dev.graft.engine.onnx;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An ONNX graph under construction: float32 inputs and outputs, constant tensors (initializers),
 * nodes of the default operator set, and the model's metadata. Names are made unique here, so
 * lowerings can ask for readable names ("stage3.block_4.expand") without tracking collisions.
 * {@link OnnxModelWriter} turns it into a {@code .onnx} file.
 */
public final class OnnxGraph {

    /** A tensor dimension: a fixed size, or a symbolic name (the batch size). */
    public sealed interface Dim permits Fixed, Symbolic {}

    /** @param size a fixed size */
    public record Fixed(long size) implements Dim {}

    /** @param name the dimension's symbolic name, e.g. {@code N} */
    public record Symbolic(String name) implements Dim {}

    /**
     * A float32 graph input or output.
     *
     * @param name tensor name
     * @param dims its shape
     * @param doc what it holds (shown by Netron and similar tools)
     */
    public record Value(String name, List<Dim> dims, String doc) {}

    /**
     * A constant float32 tensor.
     *
     * @param name tensor name
     * @param dims shape
     * @param data values in row-major order
     */
    public record Constant(String name, long[] dims, float[] data) {}

    /**
     * One operator node.
     *
     * @param opType ONNX operator, e.g. {@code Conv}
     * @param name node name
     * @param inputs input tensor names ("" for an omitted optional input)
     * @param outputs output tensor names
     * @param attributes the operator's attributes
     */
    public record Node(String opType, String name, List<String> inputs, List<String> outputs,
            List<Attribute> attributes) {}

    /** An operator attribute of one of the kinds Graft uses. */
    public sealed interface Attribute permits IntAttr, IntsAttr, FloatAttr {
        /** @return the attribute's name */
        String name();
    }

    /**
     * @param name attribute name
     * @param value an int64
     */
    public record IntAttr(String name, long value) implements Attribute {}

    /**
     * @param name attribute name
     * @param values int64 values
     */
    public record IntsAttr(String name, long[] values) implements Attribute {}

    /**
     * @param name attribute name
     * @param value a float
     */
    public record FloatAttr(String name, float value) implements Attribute {}

    private final String name;
    private final int opset;
    private final List<Value> inputs = new ArrayList<>();
    private final List<Value> outputs = new ArrayList<>();
    private final List<Constant> constants = new ArrayList<>();
    private final List<Node> nodes = new ArrayList<>();
    private final Map<String, String> metadata = new LinkedHashMap<>();
    private final Set<String> names = new HashSet<>();

    /**
     * Starts a graph.
     *
     * @param name the graph's name
     * @param opset version of the default ONNX operator set the nodes follow
     */
    public OnnxGraph(String name, int opset) {
        this.name = name;
        this.opset = opset;
    }

    /**
     * A name no tensor or node of this graph has yet.
     *
     * @param hint a readable base name
     * @return {@code hint}, or {@code hint_2}, {@code hint_3}, … when taken
     */
    public String fresh(String hint) {
        String n = hint;
        for (int i = 2; !names.add(n); i++) {
            n = hint + "_" + i;
        }
        return n;
    }

    /**
     * Declares a float32 input.
     *
     * @param hint its name
     * @param doc what it holds
     * @param dims its shape
     * @return the tensor's name
     */
    public String input(String hint, String doc, Dim... dims) {
        String n = fresh(hint);
        inputs.add(new Value(n, List.of(dims), doc));
        return n;
    }

    /**
     * Declares a float32 output computed by the graph.
     *
     * @param tensor the tensor to output (must be named as the output should be)
     * @param doc what it holds
     * @param dims its shape
     */
    public void output(String tensor, String doc, Dim... dims) {
        outputs.add(new Value(tensor, List.of(dims), doc));
    }

    /**
     * Adds a constant tensor.
     *
     * @param hint its name
     * @param data values in row-major order
     * @param dims shape (their product must be {@code data.length})
     * @return the tensor's name
     */
    public String constant(String hint, float[] data, long... dims) {
        long count = 1;
        for (long d : dims) {
            count *= d;
        }
        if (count != data.length) {
            throw new IllegalArgumentException(hint + ": " + data.length + " values for shape "
                    + java.util.Arrays.toString(dims));
        }
        String n = fresh(hint);
        constants.add(new Constant(n, dims.clone(), data.clone()));
        return n;
    }

    /**
     * Adds a node with one output.
     *
     * @param opType the operator
     * @param hint name of its output (and of the node)
     * @param in its inputs
     * @param attributes its attributes
     * @return the output's name
     */
    public String node(String opType, String hint, List<String> in, Attribute... attributes) {
        String out = fresh(hint);
        nodes.add(new Node(opType, fresh(out + "/" + opType), List.copyOf(in), List.of(out), List.of(attributes)));
        return out;
    }

    /**
     * Adds a node whose single output gets an exact name (a graph output's).
     *
     * @param opType the operator
     * @param outputName the output's name; must still be free
     * @param in its inputs
     * @param attributes its attributes
     * @return {@code outputName}
     */
    public String nodeNamed(String opType, String outputName, List<String> in, Attribute... attributes) {
        if (!names.add(outputName)) {
            throw new IllegalArgumentException("name already used: " + outputName);
        }
        nodes.add(new Node(opType, fresh(outputName + "/" + opType), List.copyOf(in), List.of(outputName),
                List.of(attributes)));
        return outputName;
    }

    /**
     * Sets a metadata property of the model.
     *
     * @param key the key
     * @param value the value
     */
    public void metadata(String key, String value) {
        metadata.put(key, value);
    }

    /** @return the graph's name */
    public String name() {
        return name;
    }

    /** @return the default operator set version */
    public int opset() {
        return opset;
    }

    /** @return the inputs */
    public List<Value> inputs() {
        return List.copyOf(inputs);
    }

    /** @return the outputs */
    public List<Value> outputs() {
        return List.copyOf(outputs);
    }

    /** @return the constant tensors */
    public List<Constant> constants() {
        return List.copyOf(constants);
    }

    /** @return the nodes in the order they were added (a topological order) */
    public List<Node> nodes() {
        return List.copyOf(nodes);
    }

    /** @return the metadata properties */
    public Map<String, String> metadata() {
        return Map.copyOf(metadata);
    }

    /** @return the metadata properties in the order they were set */
    public List<Map.Entry<String, String>> metadataInOrder() {
        return List.copyOf(metadata.entrySet());
    }

    /**
     * An int64 attribute.
     *
     * @param name attribute name
     * @param value the value
     * @return the attribute
     */
    public static Attribute attr(String name, long value) {
        return new IntAttr(name, value);
    }

    /**
     * An int64-list attribute.
     *
     * @param name attribute name
     * @param values the values
     * @return the attribute
     */
    public static Attribute attrs(String name, long... values) {
        return new IntsAttr(name, values.clone());
    }

    /**
     * A float attribute.
     *
     * @param name attribute name
     * @param value the value
     * @return the attribute
     */
    public static Attribute attr(String name, float value) {
        return new FloatAttr(name, value);
    }
}
