package dev.graft.engine.inference;

import ai.djl.Device;
import dev.graft.core.eval.Evaluation;
import dev.graft.engine.catalogue.FolderModel;
import dev.graft.engine.catalogue.ModelCatalogue;
import dev.graft.engine.net.LoadedNet;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A trained model classifying image files, for the labelling inbox: which class the model thinks
 * each unlabelled image is, and how sure it is. This package is the window's door to inference: the
 * window may use it, but not the evaluation or training code behind it.
 */
public final class ImageClassifier implements AutoCloseable {

    /**
     * What the model says about one file.
     *
     * @param file the image
     * @param label the most likely class, null when the file could not be read
     * @param confidence its calibrated probability (0 when unreadable)
     * @param familiar false when the image is unlike the images the model was trained on (noise, a
     *     blank frame, another kind of picture); true for models without the familiarity check
     * @param error why the file could not be classified, or null
     */
    public record Prediction(Path file, String label, double confidence, boolean familiar, String error) {}

    private final LoadedNet net;
    private final Inference inference;
    private final Path source;

    private ImageClassifier(LoadedNet net, ModelCalibration calibration, Path source) {
        this.net = net;
        this.inference = new Inference(net, calibration);
        this.source = source;
    }

    /**
     * Loads the model of a run folder (or a model folder) on the CPU, with its calibration. Only
     * data is read from the folder; no code it names is run.
     *
     * @param runOrModel the run or model folder
     * @return the classifier; close it to free the model's memory
     * @throws Exception if there is no usable model there, with the reason
     */
    public static ImageClassifier open(Path runOrModel) throws Exception {
        FolderModel model = ModelCatalogue.resolveTrained(runOrModel.toString());
        ModelCalibration calibration = ModelCalibration.of(model.dir());
        return new ImageClassifier(model.load(Device.cpu()), calibration, runOrModel);
    }

    /** @return the folder the model was loaded from */
    public Path source() {
        return source;
    }

    /** @return the temperature and familiarity check the predictions use */
    public ModelCalibration calibration() {
        return inference.calibration();
    }

    /** @return the model's classes */
    public List<String> classes() {
        return net.net().spec().classes();
    }

    /**
     * Classifies files.
     *
     * @param files the images
     * @return one prediction per file, in order
     */
    public List<Prediction> classify(List<Path> files) {
        List<String> classes = classes();
        List<Prediction> out = new ArrayList<>();
        for (Inference.Result r : inference.run(files, 16)) {
            if (r.probabilities() == null) {
                out.add(new Prediction(r.file(), null, 0, true, r.error()));
            } else {
                int best = Evaluation.argmax(r.probabilities());
                out.add(new Prediction(r.file(), classes.get(best), r.probabilities()[best], r.familiar(), null));
            }
        }
        return out;
    }

    @Override
    public void close() {
        net.close();
    }
}
