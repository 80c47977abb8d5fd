package dev.graft.engine.eval;

import dev.graft.core.data.DatasetScan;
import dev.graft.core.data.LabeledImage;
import dev.graft.core.eval.Evaluation;
import dev.graft.engine.inference.Inference;
import dev.graft.engine.net.LoadedNet;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Evaluates a model on labelled images whose class names the model knows. */
public final class Evaluator {

    private Evaluator() {}

    /**
     * Evaluates on all usable images of a scan.
     *
     * @param net the model
     * @param scan the labelled images (class names must be among the model's)
     * @param batchSize images per forward pass
     * @return the evaluation, in the model's class order
     * @throws IllegalArgumentException if the dataset has a class the model does not know
     */
    public static Evaluation evaluate(LoadedNet net, DatasetScan scan, int batchSize) {
        return evaluate(net, scan.images(), scan.classes(), batchSize);
    }

    /**
     * Evaluates on some images.
     *
     * @param net the model
     * @param images images with labels indexing {@code datasetClasses}
     * @param datasetClasses class names the labels refer to
     * @param batchSize images per forward pass
     * @return the evaluation, in the model's class order
     */
    public static Evaluation evaluate(LoadedNet net, List<LabeledImage> images, List<String> datasetClasses,
            int batchSize) {
        List<String> modelClasses = net.net().spec().classes();
        int[] toModel = new int[datasetClasses.size()];
        for (int i = 0; i < toModel.length; i++) {
            toModel[i] = modelClasses.indexOf(datasetClasses.get(i));
            if (toModel[i] < 0) {
                throw new IllegalArgumentException("The dataset has class '" + datasetClasses.get(i)
                        + "' that the model does not know (model classes: " + String.join(", ", modelClasses) + ")");
            }
        }
        List<Path> files = new ArrayList<>();
        for (LabeledImage image : images) {
            files.add(image.file());
        }
        List<Inference.Result> results = new Inference(net).run(files, batchSize);
        List<String> used = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        List<float[]> probs = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            Inference.Result r = results.get(i);
            if (r.probabilities() == null) {
                skipped.add(r.file() + ": " + r.error());
            } else {
                used.add(r.file().toString());
                probs.add(r.probabilities());
                labels.add(toModel[images.get(i).label()]);
            }
        }
        return Evaluation.of(modelClasses, used, labels.stream().mapToInt(Integer::intValue).toArray(),
                probs.toArray(new float[0][]), 25, skipped);
    }
}
