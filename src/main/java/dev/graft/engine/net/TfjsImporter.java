package dev.graft.engine.net;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Loads the weights of a TensorFlow.js "layers" model (Keras converted by tfjs-converter) into a
 * Graft network whose layers carry Keras names. Handles uint8/uint16-quantised and float32
 * weights and converts Keras' channels-last kernels to DJL's channels-first layout.
 */
public final class TfjsImporter {

    private TfjsImporter() {}

    /**
     * Copies every tensor of the TF.js model into the matching layer of an initialised network.
     *
     * @param modelJson the model.json; weight shards are read from its folder
     * @param net an initialised network built with Keras source names
     * @return the number of tensors imported
     * @throws IOException if files are missing, or a tensor is missing or has the wrong shape
     */
    public static int importInto(Path modelJson, GraftNet net) throws IOException {
        Map<String, float[]> weights = new HashMap<>();
        Map<String, long[]> shapes = new HashMap<>();
        read(modelJson, weights, shapes);
        int count = 0;
        for (LayerRegistry.Layer layer : net.layers().layers()) {
            String src = layer.sourceName();
            if (src == null) {
                continue;
            }
            switch (layer.kind()) {
                case "conv" -> count += copy(weights, shapes, src + "/kernel", layer.tensors().get("weight"), new int[] {3, 2, 0, 1});
                case "depthwise_conv" -> count += copy(weights, shapes, src + "/depthwise_kernel",
                        layer.tensors().get("weight"), new int[] {2, 3, 0, 1});
                case "linear" -> {
                    count += copy(weights, shapes, src + "/kernel", layer.tensors().get("weight"), new int[] {1, 0});
                    count += copy(weights, shapes, src + "/bias", layer.tensors().get("bias"), new int[] {0});
                }
                case "batch_norm" -> {
                    count += copy(weights, shapes, src + "/gamma", layer.tensors().get("gamma"), new int[] {0});
                    count += copy(weights, shapes, src + "/beta", layer.tensors().get("beta"), new int[] {0});
                    count += copy(weights, shapes, src + "/moving_mean", layer.tensors().get("runningMean"), new int[] {0});
                    count += copy(weights, shapes, src + "/moving_variance", layer.tensors().get("runningVar"), new int[] {0});
                }
                default -> throw new IOException("cannot import layer kind " + layer.kind());
            }
        }
        return count;
    }

    private static int copy(Map<String, float[]> weights, Map<String, long[]> shapes, String name,
            Parameter target, int[] perm) throws IOException {
        float[] src = weights.get(name);
        if (src == null) {
            throw new IOException("TF.js model has no tensor " + name);
        }
        long[] srcShape = shapes.get(name);
        float[] permuted = permute(src, srcShape, perm);
        long[] expected = new long[perm.length];
        for (int i = 0; i < perm.length; i++) {
            expected[i] = srcShape[perm[i]];
        }
        NDArray array = target.getArray();
        if (!array.getShape().equals(new Shape(expected))) {
            throw new IOException(String.format(Locale.ROOT, "%s: shape %s does not fit layer shape %s",
                    name, new Shape(expected), array.getShape()));
        }
        array.set(FloatBuffer.wrap(permuted));
        return 1;
    }

    /** Transposes a row-major tensor: output axis i is input axis perm[i]. */
    static float[] permute(float[] src, long[] shape, int[] perm) {
        int rank = shape.length;
        if (rank == 1) {
            return src;
        }
        int[] dims = new int[rank];
        int[] strides = new int[rank];
        int stride = 1;
        for (int i = rank - 1; i >= 0; i--) {
            dims[i] = (int) shape[i];
            strides[i] = stride;
            stride *= dims[i];
        }
        int[] outDims = new int[rank];
        for (int i = 0; i < rank; i++) {
            outDims[i] = dims[perm[i]];
        }
        float[] out = new float[src.length];
        int[] idx = new int[rank];
        for (int o = 0; o < out.length; o++) {
            int s = 0;
            for (int i = 0; i < rank; i++) {
                s += idx[i] * strides[perm[i]];
            }
            out[o] = src[s];
            for (int i = rank - 1; i >= 0; i--) {
                if (++idx[i] < outDims[i]) {
                    break;
                }
                idx[i] = 0;
            }
        }
        return out;
    }

    private static void read(Path modelJson, Map<String, float[]> weights, Map<String, long[]> shapes)
            throws IOException {
        JsonObject root = JsonParser.parseString(Files.readString(modelJson)).getAsJsonObject();
        Path dir = modelJson.toAbsolutePath().getParent();
        for (JsonElement groupEl : root.getAsJsonArray("weightsManifest")) {
            JsonObject group = groupEl.getAsJsonObject();
            ByteBuffer data = concat(dir, group.getAsJsonArray("paths"));
            for (JsonElement wEl : group.getAsJsonArray("weights")) {
                JsonObject w = wEl.getAsJsonObject();
                JsonArray shapeJson = w.getAsJsonArray("shape");
                long[] shape = new long[shapeJson.size()];
                int n = 1;
                for (int i = 0; i < shape.length; i++) {
                    shape[i] = shapeJson.get(i).getAsLong();
                    n *= (int) shape[i];
                }
                float[] values = new float[n];
                JsonObject q = w.has("quantization") ? w.getAsJsonObject("quantization") : null;
                if (q == null) {
                    data.asFloatBuffer().get(values);
                    data.position(data.position() + 4 * n);
                } else {
                    float min = q.get("min").getAsFloat();
                    float scale = q.get("scale").getAsFloat();
                    boolean u16 = "uint16".equals(q.get("dtype").getAsString());
                    for (int i = 0; i < n; i++) {
                        int v = u16 ? data.getShort() & 0xFFFF : data.get() & 0xFF;
                        values[i] = min + scale * v;
                    }
                }
                weights.put(w.get("name").getAsString(), values);
                shapes.put(w.get("name").getAsString(), shape);
            }
        }
    }

    private static ByteBuffer concat(Path dir, JsonArray paths) throws IOException {
        byte[][] parts = new byte[paths.size()][];
        int total = 0;
        for (int i = 0; i < parts.length; i++) {
            parts[i] = Files.readAllBytes(dir.resolve(paths.get(i).getAsString()));
            total += parts[i].length;
        }
        ByteBuffer all = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        for (byte[] part : parts) {
            all.put(part);
        }
        all.flip();
        return all;
    }
}
