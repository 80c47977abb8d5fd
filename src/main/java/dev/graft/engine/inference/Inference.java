package dev.graft.engine.inference;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.graft.engine.image.ImageDecoder;
import dev.graft.engine.image.ImagePreprocessor;
import dev.graft.engine.image.ImageRejectedException;
import dev.graft.engine.net.LoadedNet;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Class probabilities of images under a loaded network, in inference mode, batch by batch. */
public final class Inference {

    /**
     * Probabilities of one image, or why it could not be read.
     *
     * @param file the image
     * @param probabilities class probabilities, null when unreadable
     * @param error the reason when unreadable
     */
    public record Result(Path file, float[] probabilities, String error) {}

    private final LoadedNet net;
    private final ImagePreprocessor preprocessor;
    private final ImageDecoder decoder = new ImageDecoder();

    /**
     * Creates an inference runner.
     *
     * @param net the network
     */
    public Inference(LoadedNet net) {
        this.net = net;
        var spec = net.net().spec();
        this.preprocessor = new ImagePreprocessor(spec.imageSize(), spec.mean(), spec.std());
    }

    /**
     * Classifies files.
     *
     * @param files images
     * @param batchSize images per forward pass
     * @return one result per file, in order
     */
    public List<Result> run(List<Path> files, int batchSize) {
        List<Result> results = new ArrayList<>();
        int s = preprocessor.size();
        int per = 3 * s * s;
        for (int start = 0; start < files.size(); start += batchSize) {
            List<Path> chunk = files.subList(start, Math.min(files.size(), start + batchSize));
            float[] batch = new float[chunk.size() * per];
            List<Integer> ok = new ArrayList<>();
            Result[] out = new Result[chunk.size()];
            for (int i = 0; i < chunk.size(); i++) {
                try {
                    float[] x = preprocessor.toChw(decoder.decode(chunk.get(i)), false);
                    System.arraycopy(x, 0, batch, ok.size() * per, per);
                    ok.add(i);
                } catch (ImageRejectedException e) {
                    out[i] = new Result(chunk.get(i), null, e.getMessage());
                }
            }
            if (!ok.isEmpty()) {
                float[] input = ok.size() == chunk.size() ? batch : java.util.Arrays.copyOf(batch, ok.size() * per);
                float[][] probs = probabilities(input, ok.size());
                for (int k = 0; k < ok.size(); k++) {
                    boolean finite = true;
                    for (float p : probs[k]) {
                        finite &= Float.isFinite(p);
                    }
                    out[ok.get(k)] = finite ? new Result(chunk.get(ok.get(k)), probs[k], null)
                            : new Result(chunk.get(ok.get(k)), null, "the model produced invalid (NaN) probabilities:"
                                    + " its parameters are corrupt or it diverged in training");
                }
            }
            results.addAll(List.of(out));
        }
        return results;
    }

    /**
     * Runs the network on preprocessed images.
     *
     * @param input n×3×S×S floats
     * @param n number of images
     * @return n rows of class probabilities
     */
    public float[][] probabilities(float[] input, int n) {
        int s = preprocessor.size();
        try (NDManager manager = net.model().getNDManager().newSubManager()) {
            NDArray x = manager.create(input, new Shape(n, 3, s, s));
            NDArray p = net.net().network().forward(new ParameterStore(manager, false), new NDList(x), false)
                    .singletonOrThrow().softmax(1);
            float[] flat = p.toFloatArray();
            int c = (int) p.getShape().get(1);
            float[][] out = new float[n][c];
            for (int i = 0; i < n; i++) {
                System.arraycopy(flat, i * c, out[i], 0, c);
            }
            return out;
        }
    }
}
