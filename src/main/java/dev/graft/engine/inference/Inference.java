package dev.graft.engine.inference;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.graft.core.eval.TemperatureScaling;
import dev.graft.core.model.ModelFiles;
import dev.graft.engine.image.ImageDecoder;
import dev.graft.engine.image.ImagePreprocessor;
import dev.graft.engine.image.ImageRejectedException;
import dev.graft.engine.net.LoadedNet;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Class probabilities of images under a loaded network, in inference mode, batch by batch, with
 * the model folder's calibration applied (its temperature, and the familiarity check).
 */
public final class Inference {

    /**
     * Probabilities of one image, or why it could not be read.
     *
     * @param file the image
     * @param probabilities calibrated class probabilities, null when unreadable
     * @param familiar false when the image is unlike the model's training images (true when the
     *     model has no familiarity check, or the image is unreadable)
     * @param error the reason when unreadable
     */
    public record Result(Path file, float[] probabilities, boolean familiar, String error) {}

    /**
     * What the network computes for one image before calibration.
     *
     * @param file the image
     * @param logits raw class scores, null when unreadable
     * @param features the backbone's output (the head's input), null when unreadable
     * @param error the reason when unreadable
     */
    public record Outputs(Path file, float[] logits, float[] features, String error) {}

    private final LoadedNet net;
    private final ModelCalibration calibration;
    private final ImagePreprocessor preprocessor;
    private final ImageDecoder decoder = new ImageDecoder();

    /**
     * Creates an inference runner that gives the network's own probabilities (T = 1, every image
     * familiar).
     *
     * @param net the network
     */
    public Inference(LoadedNet net) {
        this(net, ModelCalibration.NONE);
    }

    /**
     * Creates an inference runner with a model folder's calibration.
     *
     * @param net the network
     * @param calibration the temperature and the familiarity check ({@link ModelCalibration#of})
     */
    public Inference(LoadedNet net, ModelCalibration calibration) {
        this.net = net;
        this.calibration = calibration;
        var spec = net.net().spec();
        this.preprocessor = new ImagePreprocessor(spec.imageSize(), spec.mean(), spec.std());
    }

    /** @return the calibration applied */
    public ModelCalibration calibration() {
        return calibration;
    }

    /**
     * Classifies files.
     *
     * @param files images
     * @param batchSize images per forward pass
     * @return one result per file, in order
     */
    public List<Result> run(List<Path> files, int batchSize) {
        return run(outputs(files, batchSize));
    }

    /**
     * Calibrates raw outputs.
     *
     * @param outputs the network's outputs ({@link #outputs})
     * @return one result per output, in order
     */
    public List<Result> run(List<Outputs> outputs) {
        List<Result> results = new ArrayList<>();
        for (Outputs o : outputs) {
            if (o.logits() == null) {
                results.add(new Result(o.file(), null, true, o.error()));
                continue;
            }
            float[] p = TemperatureScaling.softmax(o.logits(), calibration.temperature());
            boolean finite = true;
            for (float v : p) {
                finite &= Float.isFinite(v);
            }
            results.add(finite ? new Result(o.file(), p, familiar(o.features()), null)
                    : new Result(o.file(), null, true, "the model produced invalid (NaN) probabilities:"
                            + " its parameters are corrupt or it diverged in training"));
        }
        return results;
    }

    private boolean familiar(float[] features) {
        var f = calibration.familiarity();
        if (f == null) {
            return true;
        }
        if (features.length != f.means()[0].length) {
            throw new IllegalStateException("The model folder's " + ModelFiles.FAMILIARITY + " was made for "
                    + f.means()[0].length + " features, but the network gives " + features.length
                    + "; the file belongs to another model. Remove it (or run graft calibrate) to go on.");
        }
        return f.familiar(features);
    }

    /**
     * Runs the network on files and keeps its raw outputs: the logits and the backbone's features.
     *
     * @param files images
     * @param batchSize images per forward pass
     * @return one entry per file, in order
     */
    public List<Outputs> outputs(List<Path> files, int batchSize) {
        List<Outputs> results = new ArrayList<>();
        int s = preprocessor.size();
        int per = 3 * s * s;
        for (int start = 0; start < files.size(); start += batchSize) {
            List<Path> chunk = files.subList(start, Math.min(files.size(), start + batchSize));
            float[] batch = new float[chunk.size() * per];
            List<Integer> ok = new ArrayList<>();
            Outputs[] out = new Outputs[chunk.size()];
            for (int i = 0; i < chunk.size(); i++) {
                try {
                    float[] x = preprocessor.toChw(decoder.decode(chunk.get(i)), false);
                    System.arraycopy(x, 0, batch, ok.size() * per, per);
                    ok.add(i);
                } catch (ImageRejectedException e) {
                    out[i] = new Outputs(chunk.get(i), null, null, e.getMessage());
                }
            }
            if (!ok.isEmpty()) {
                float[] input = ok.size() == chunk.size() ? batch : Arrays.copyOf(batch, ok.size() * per);
                float[][][] lf = logitsAndFeatures(input, ok.size());
                for (int k = 0; k < ok.size(); k++) {
                    out[ok.get(k)] = new Outputs(chunk.get(ok.get(k)), lf[0][k], lf[1][k], null);
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
     * @return n rows of calibrated class probabilities
     */
    public float[][] probabilities(float[] input, int n) {
        float[][] logits = logitsAndFeatures(input, n)[0];
        return TemperatureScaling.softmax(logits, calibration.temperature());
    }

    /**
     * The backbone then the head, as the combined network runs them, keeping the features between.
     *
     * @return {logits[n][C], features[n][F]}
     */
    private float[][][] logitsAndFeatures(float[] input, int n) {
        int s = preprocessor.size();
        try (NDManager manager = net.model().getNDManager().newSubManager()) {
            NDArray x = manager.create(input, new Shape(n, 3, s, s));
            ParameterStore ps = new ParameterStore(manager, false);
            NDList features = net.net().backbone().forward(ps, new NDList(x), false);
            NDArray logits = net.net().head().forward(ps, features, false).singletonOrThrow();
            return new float[][][] {rows(logits, n), rows(features.head(), n)};
        }
    }

    private static float[][] rows(NDArray a, int n) {
        float[] flat = a.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray();
        int w = flat.length / n;
        float[][] out = new float[n][w];
        for (int i = 0; i < n; i++) {
            System.arraycopy(flat, i * w, out[i], 0, w);
        }
        return out;
    }
}
