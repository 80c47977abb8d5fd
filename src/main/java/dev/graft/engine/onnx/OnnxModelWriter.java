package dev.graft.engine.onnx;

import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;

/**
 * Serialises an {@link OnnxGraph} as an ONNX {@code ModelProto}. The message and field numbers are
 * those of {@code onnx/onnx.proto} (ONNX's protobuf schema, IR version 7 and later); only the fields
 * Graft needs are written. Tensors are stored as little-endian {@code raw_data}, as ONNX requires.
 * The file is checked by ONNX Runtime in the tests, never only by a reader of Graft's own.
 */
public final class OnnxModelWriter {

    /** ONNX IR version 7: the one that goes with operator set 13 (runtimes read it and newer). */
    public static final long IR_VERSION = 7;

    // onnx.proto field numbers
    private static final int MODEL_IR_VERSION = 1;
    private static final int MODEL_PRODUCER_NAME = 2;
    private static final int MODEL_PRODUCER_VERSION = 3;
    private static final int MODEL_DOC = 6;
    private static final int MODEL_GRAPH = 7;
    private static final int MODEL_OPSET = 8;
    private static final int MODEL_METADATA = 14;
    private static final int OPSET_VERSION = 2;
    private static final int ENTRY_KEY = 1;
    private static final int ENTRY_VALUE = 2;
    private static final int GRAPH_NODE = 1;
    private static final int GRAPH_NAME = 2;
    private static final int GRAPH_INITIALIZER = 5;
    private static final int GRAPH_INPUT = 11;
    private static final int GRAPH_OUTPUT = 12;
    private static final int NODE_INPUT = 1;
    private static final int NODE_OUTPUT = 2;
    private static final int NODE_NAME = 3;
    private static final int NODE_OP_TYPE = 4;
    private static final int NODE_ATTRIBUTE = 5;
    private static final int ATTR_NAME = 1;
    private static final int ATTR_F = 2;
    private static final int ATTR_I = 3;
    private static final int ATTR_INTS = 8;
    private static final int ATTR_TYPE = 20;
    private static final int ATTR_TYPE_FLOAT = 1;
    private static final int ATTR_TYPE_INT = 2;
    private static final int ATTR_TYPE_INTS = 7;
    private static final int TENSOR_DIMS = 1;
    private static final int TENSOR_DATA_TYPE = 2;
    private static final int TENSOR_NAME = 8;
    private static final int TENSOR_RAW_DATA = 9;
    private static final int FLOAT32 = 1;
    private static final int VALUE_NAME = 1;
    private static final int VALUE_TYPE = 2;
    private static final int VALUE_DOC = 3;
    private static final int TYPE_TENSOR = 1;
    private static final int TENSOR_TYPE_ELEM = 1;
    private static final int TENSOR_TYPE_SHAPE = 2;
    private static final int SHAPE_DIM = 1;
    private static final int DIM_VALUE = 1;
    private static final int DIM_PARAM = 2;

    private OnnxModelWriter() {}

    /** Writes one protobuf message's fields; nested messages are written through {@link #message}. */
    private interface Fields {
        void write(CodedOutputStream out) throws IOException;
    }

    /**
     * Writes a model.
     *
     * @param graph the graph
     * @param producerVersion the producing program's version
     * @param doc the model's description
     * @param out where to write (not closed)
     * @throws IOException if writing fails
     */
    public static void write(OnnxGraph graph, String producerVersion, String doc, OutputStream out)
            throws IOException {
        CodedOutputStream c = CodedOutputStream.newInstance(out, 1 << 16);
        c.writeInt64(MODEL_IR_VERSION, IR_VERSION);
        c.writeString(MODEL_PRODUCER_NAME, "Graft");
        c.writeString(MODEL_PRODUCER_VERSION, producerVersion);
        c.writeString(MODEL_DOC, doc);
        c.writeByteArray(MODEL_GRAPH, message(g -> graph(g, graph)));
        // the default domain ("") at the graph's operator set version
        c.writeByteArray(MODEL_OPSET, message(o -> o.writeInt64(OPSET_VERSION, graph.opset())));
        for (Map.Entry<String, String> e : graph.metadataInOrder()) {
            c.writeByteArray(MODEL_METADATA, message(m -> {
                m.writeString(ENTRY_KEY, e.getKey());
                m.writeString(ENTRY_VALUE, e.getValue());
            }));
        }
        c.flush();
    }

    private static void graph(CodedOutputStream g, OnnxGraph graph) throws IOException {
        for (OnnxGraph.Node n : graph.nodes()) {
            g.writeByteArray(GRAPH_NODE, message(o -> node(o, n)));
        }
        g.writeString(GRAPH_NAME, graph.name());
        for (OnnxGraph.Constant t : graph.constants()) {
            g.writeByteArray(GRAPH_INITIALIZER, message(o -> tensor(o, t)));
        }
        for (OnnxGraph.Value v : graph.inputs()) {
            g.writeByteArray(GRAPH_INPUT, message(o -> value(o, v)));
        }
        for (OnnxGraph.Value v : graph.outputs()) {
            g.writeByteArray(GRAPH_OUTPUT, message(o -> value(o, v)));
        }
    }

    private static void node(CodedOutputStream o, OnnxGraph.Node n) throws IOException {
        for (String in : n.inputs()) {
            o.writeString(NODE_INPUT, in);
        }
        for (String out : n.outputs()) {
            o.writeString(NODE_OUTPUT, out);
        }
        o.writeString(NODE_NAME, n.name());
        o.writeString(NODE_OP_TYPE, n.opType());
        for (OnnxGraph.Attribute a : n.attributes()) {
            o.writeByteArray(NODE_ATTRIBUTE, message(m -> attribute(m, a)));
        }
    }

    private static void attribute(CodedOutputStream m, OnnxGraph.Attribute a) throws IOException {
        m.writeString(ATTR_NAME, a.name());
        if (a instanceof OnnxGraph.IntAttr i) {
            m.writeInt64(ATTR_I, i.value());
            m.writeEnum(ATTR_TYPE, ATTR_TYPE_INT);
        } else if (a instanceof OnnxGraph.FloatAttr f) {
            m.writeFloat(ATTR_F, f.value());
            m.writeEnum(ATTR_TYPE, ATTR_TYPE_FLOAT);
        } else if (a instanceof OnnxGraph.IntsAttr is) {
            // repeated int64 in proto2 syntax (onnx.proto): unpacked, one field per value
            for (long v : is.values()) {
                m.writeInt64(ATTR_INTS, v);
            }
            m.writeEnum(ATTR_TYPE, ATTR_TYPE_INTS);
        }
    }

    private static void tensor(CodedOutputStream o, OnnxGraph.Constant t) throws IOException {
        for (long d : t.dims()) {
            o.writeInt64(TENSOR_DIMS, d);
        }
        o.writeInt32(TENSOR_DATA_TYPE, FLOAT32);
        o.writeString(TENSOR_NAME, t.name());
        ByteBuffer raw = ByteBuffer.allocate(4 * t.data().length).order(ByteOrder.LITTLE_ENDIAN);
        raw.asFloatBuffer().put(t.data());
        o.writeByteArray(TENSOR_RAW_DATA, raw.array());
    }

    private static void value(CodedOutputStream o, OnnxGraph.Value v) throws IOException {
        o.writeString(VALUE_NAME, v.name());
        o.writeByteArray(VALUE_TYPE, message(type -> type.writeByteArray(TYPE_TENSOR, message(tt -> {
            tt.writeInt32(TENSOR_TYPE_ELEM, FLOAT32);
            tt.writeByteArray(TENSOR_TYPE_SHAPE, message(shape -> {
                for (OnnxGraph.Dim d : v.dims()) {
                    shape.writeByteArray(SHAPE_DIM, message(dim -> {
                        if (d instanceof OnnxGraph.Fixed f) {
                            dim.writeInt64(DIM_VALUE, f.size());
                        } else if (d instanceof OnnxGraph.Symbolic s) {
                            dim.writeString(DIM_PARAM, s.name());
                        }
                    }));
                }
            }));
        }))));
        if (v.doc() != null) {
            o.writeString(VALUE_DOC, v.doc());
        }
    }

    /** A nested message's bytes (protobuf needs a message's length before its fields). */
    private static byte[] message(Fields fields) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CodedOutputStream c = CodedOutputStream.newInstance(bytes);
        fields.write(c);
        c.flush();
        return bytes.toByteArray();
    }
}
