package dev.graft.engine.export;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.graft.engine.image.ImageDecoder;
import dev.graft.engine.image.ImagePreprocessor;
import dev.graft.engine.inference.Inference;
import dev.graft.engine.net.LoadedNet;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Runs an exported ONNX model in ONNX Runtime (its own Java API) and Graft's model side by side. */
final class OnnxRuntimeCheck {

    static {
        // One ONNX Runtime environment per JVM: DJL's engine insists on creating it (with its own
        // thread pool) and fails if plain ONNX Runtime made it first. The tests share a JVM.
        ai.djl.engine.Engine.getEngine("OnnxRuntime");
    }

    private OnnxRuntimeCheck() {}

    /**
     * Images as the ONNX model takes them: composited, centre square, resized, RGB 0-1, CHW.
     *
     * @param files images
     * @param size side length
     * @param mean per-channel mean (null: 0-1 as is)
     * @param std per-channel std (null: 0-1 as is)
     * @return n×3×size×size floats
     */
    static float[] batch(List<Path> files, int size, float[] mean, float[] std) throws Exception {
        ImagePreprocessor pre = new ImagePreprocessor(size, mean, std);
        ImageDecoder decoder = new ImageDecoder();
        int per = 3 * size * size;
        float[] out = new float[files.size() * per];
        for (int i = 0; i < files.size(); i++) {
            System.arraycopy(pre.toChw(decoder.decode(files.get(i)), false), 0, out, i * per, per);
        }
        return out;
    }

    /** ONNX Runtime's probabilities for a batch. */
    static float[][] onnxRuntime(Path model, float[] input, int n, int size) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(model.toString(), new OrtSession.SessionOptions());
                OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(input), new long[] {n, 3, size, size});
                OrtSession.Result r = session.run(Map.of("image", x))) {
            return (float[][]) r.get(0).getValue();
        }
    }

    /** Graft's own probabilities (the code behind {@code graft predict}) for a batch. */
    static float[][] graft(LoadedNet net, List<Path> files) throws Exception {
        var spec = net.net().spec();
        float[] input = batch(files, spec.imageSize(), spec.mean(), spec.std());
        return new Inference(net).probabilities(input, files.size());
    }

    static double maxDifference(float[][] a, float[][] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            if (a[i].length != b[i].length) {
                throw new AssertionError("row " + i + ": " + a[i].length + " vs " + b[i].length + " classes");
            }
            for (int k = 0; k < a[i].length; k++) {
                max = Math.max(max, Math.abs(a[i][k] - b[i][k]));
            }
        }
        return max;
    }
}
