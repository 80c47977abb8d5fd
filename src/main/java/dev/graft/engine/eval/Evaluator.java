package dev.graft.engine.eval;

import dev.graft.core.data.DatasetScan;
import dev.graft.core.data.LabeledImage;
import dev.graft.core.eval.Evaluation;
import dev.graft.core.eval.Reliability;
import dev.graft.core.eval.TemperatureScaling;
import dev.graft.engine.inference.Inference;
import dev.graft.engine.inference.ModelCalibration;
import dev.graft.engine.net.LoadedNet;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Evaluates a model on labelled images whose class names the model knows. */
public final class Evaluator {

    /** Worst mistakes an evaluation keeps. */
    static final int MISTAKES = 25;

    /**
     * An evaluation with the model's calibration measured on the same images.
     *
     * @param evaluation accuracy, confusion and mistakes, with calibrated probabilities
     * @param uncalibrated confidence against accuracy at T = 1
     * @param calibrated confidence against accuracy at the model's temperature
     * @param temperature the model's temperature
     * @param sureBefore {right, sure} among predictions at least {@link #SURE} sure at T = 1
     * @param sureAfter the same at the model's temperature
     * @param familiar images the familiarity check calls familiar (all without the check)
     */
    public record Report(Evaluation evaluation, Reliability uncalibrated, Reliability calibrated, float temperature,
            int[] sureBefore, int[] sureAfter, int familiar) {}

    /** The probability the labelling inbox calls sure by default, as reported by {@code eval}. */
    public static final double SURE = 0.9;

    private Evaluator() {}

    /**
     * Evaluates on all usable images of a scan, at T = 1.
     *
     * @param net the model
     * @param scan the labelled images (class names must be among the model's)
     * @param batchSize images per forward pass
     * @return the evaluation, in the model's class order
     * @throws IllegalArgumentException if the dataset has a class the model does not know
     */
    public static Evaluation evaluate(LoadedNet net, DatasetScan scan, int batchSize) {
        return evaluate(net, ModelCalibration.NONE, scan.images(), scan.classes(), batchSize).evaluation();
    }

    /**
     * Evaluates on some images, at T = 1.
     *
     * @param net the model
     * @param images images with labels indexing {@code datasetClasses}
     * @param datasetClasses class names the labels refer to
     * @param batchSize images per forward pass
     * @return the evaluation, in the model's class order
     */
    public static Evaluation evaluate(LoadedNet net, List<LabeledImage> images, List<String> datasetClasses,
            int batchSize) {
        return evaluate(net, ModelCalibration.NONE, images, datasetClasses, batchSize).evaluation();
    }

    /**
     * Evaluates on some images with a model folder's calibration, measuring it too.
     *
     * @param net the model
     * @param calibration the model folder's calibration
     * @param images images with labels indexing {@code datasetClasses}
     * @param datasetClasses class names the labels refer to
     * @param batchSize images per forward pass
     * @return the evaluation and the calibration's numbers
     * @throws IllegalArgumentException if the dataset has a class the model does not know
     */
    public static Report evaluate(LoadedNet net, ModelCalibration calibration, List<LabeledImage> images,
            List<String> datasetClasses, int batchSize) {
        List<String> modelClasses = net.net().spec().classes();
        int[] toModel = toModel(modelClasses, datasetClasses);
        List<Path> files = new ArrayList<>();
        for (LabeledImage image : images) {
            files.add(image.file());
        }
        Inference inference = new Inference(net, calibration);
        List<Inference.Outputs> outputs = inference.outputs(files, batchSize);
        List<Inference.Result> results = inference.run(outputs);
        List<String> used = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        List<float[]> logits = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        int familiar = 0;
        for (int i = 0; i < results.size(); i++) {
            Inference.Result r = results.get(i);
            if (r.probabilities() == null) {
                skipped.add(r.file() + ": " + r.error());
            } else {
                used.add(r.file().toString());
                logits.add(outputs.get(i).logits());
                labels.add(toModel[images.get(i).label()]);
                familiar += r.familiar() ? 1 : 0;
            }
        }
        float[][] z = logits.toArray(new float[0][]);
        int[] y = labels.stream().mapToInt(Integer::intValue).toArray();
        float[][] before = TemperatureScaling.softmax(z, 1);
        float[][] after = TemperatureScaling.softmax(z, calibration.temperature());
        Evaluation e = Evaluation.of(modelClasses, used, y, after, MISTAKES, skipped);
        return new Report(e, Reliability.of(before, y), Reliability.of(after, y), calibration.temperature(),
                Reliability.sureAndRight(before, y, SURE), Reliability.sureAndRight(after, y, SURE), familiar);
    }

    /** Each dataset class's index among the model's classes. */
    static int[] toModel(List<String> modelClasses, List<String> datasetClasses) {
        int[] toModel = new int[datasetClasses.size()];
        for (int i = 0; i < toModel.length; i++) {
            toModel[i] = modelClasses.indexOf(datasetClasses.get(i));
            if (toModel[i] < 0) {
                throw new IllegalArgumentException("The dataset has class '" + datasetClasses.get(i)
                        + "' that the model does not know (model classes: " + String.join(", ", modelClasses) + ")");
            }
        }
        return toModel;
    }
}
