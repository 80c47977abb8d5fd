package dev.graft.engine.eval;

import ai.djl.Device;
import dev.graft.core.data.LabeledImage;
import dev.graft.core.eval.CalibrationReport;
import dev.graft.core.eval.Evaluation;
import dev.graft.core.eval.Familiarity;
import dev.graft.core.eval.TemperatureScaling;
import dev.graft.core.model.ModelFiles;
import dev.graft.core.util.AtomicFiles;
import dev.graft.core.util.Json;
import dev.graft.engine.catalogue.FolderModel;
import dev.graft.engine.inference.Inference;
import dev.graft.engine.net.LoadedNet;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Calibrates a trained model folder on its run's split: fits the temperature on the validation
 * images ({@link TemperatureScaling}), sets up the familiarity check (class means of training
 * features, threshold on the validation images, {@link Familiarity}), and writes both into the
 * folder ({@code calibration.json}, {@code familiarity.json}, each atomically). The network runs
 * once over the validation images and over at most {@link #MEANS_PER_CLASS} training images per
 * class.
 */
public final class ModelCalibrator {

    /**
     * Training images per class whose features make the class mean: a mean of unit vectors settles
     * within a few dozen, and the cap keeps calibrating a large dataset to seconds.
     */
    public static final int MEANS_PER_CLASS = 20;

    /**
     * What calibrating gave.
     *
     * @param report the temperature and its numbers, as written to {@code calibration.json}
     * @param familiarity the familiarity check, as written to {@code familiarity.json} (null
     *     without usable training images)
     * @param evaluation the validation split evaluated with the calibrated probabilities
     * @param familiarOnValidation validation images the check calls familiar
     */
    public record Outcome(CalibrationReport report, Familiarity familiarity, Evaluation evaluation,
            int familiarOnValidation) {}

    /** Progress of the pass over the validation images (6,000 of them take minutes on a CPU). */
    public interface Progress {
        /**
         * @param done images done
         * @param total images in all
         */
        void update(int done, int total);
    }

    /** Images per piece of the validation pass between two progress reports. */
    private static final int PIECE = 256;

    private ModelCalibrator() {}

    /**
     * Calibrates a model folder, without progress reports.
     *
     * @param modelDir the model folder (written into: Graft's own output)
     * @param train the run's training images
     * @param validation the run's validation images
     * @param datasetClasses class names the labels refer to (all known to the model)
     * @param batchSize images per forward pass
     * @return what was written
     * @throws Exception if the model cannot be loaded or the files written
     */
    public static Outcome calibrate(Path modelDir, List<LabeledImage> train, List<LabeledImage> validation,
            List<String> datasetClasses, int batchSize) throws Exception {
        return calibrate(modelDir, train, validation, datasetClasses, batchSize, (done, total) -> { });
    }

    /**
     * Calibrates a model folder.
     *
     * @param modelDir the model folder (written into: Graft's own output)
     * @param train the run's training images
     * @param validation the run's validation images
     * @param datasetClasses class names the labels refer to (all known to the model)
     * @param batchSize images per forward pass
     * @param progress told after each piece of the validation pass
     * @return what was written
     * @throws IllegalArgumentException if there are no usable validation images
     * @throws Exception if the model cannot be loaded or the files written
     */
    public static Outcome calibrate(Path modelDir, List<LabeledImage> train, List<LabeledImage> validation,
            List<String> datasetClasses, int batchSize, Progress progress) throws Exception {
        try (LoadedNet net = new FolderModel(modelDir).load(Device.cpu())) {
            List<String> modelClasses = net.net().spec().classes();
            int[] toModel = Evaluator.toModel(modelClasses, datasetClasses);
            Inference inference = new Inference(net);
            Part val = part(inference, validation, toModel, batchSize, progress);
            if (val.labels.length == 0) {
                throw new IllegalArgumentException("The run has no usable validation images: calibration needs images"
                        + " the model did not train on.");
            }
            Part means = part(inference, firstPerClass(train, datasetClasses.size()), toModel, batchSize,
                    (done, total) -> { });
            CalibrationReport report = TemperatureScaling.calibrate(val.logits, val.labels);
            AtomicFiles.writeString(modelDir.resolve(ModelFiles.CALIBRATION), Json.PRETTY.toJson(report));
            Familiarity familiarity = null;
            int familiar = val.labels.length;
            if (means.labels.length > 0) {
                familiarity = Familiarity.fit(means.features, means.labels, modelClasses.size(), val.features);
                AtomicFiles.writeString(modelDir.resolve(ModelFiles.FAMILIARITY), Json.COMPACT.toJson(familiarity));
                familiar = 0;
                for (float[] f : val.features) {
                    familiar += familiarity.familiar(f) ? 1 : 0;
                }
            }
            Evaluation e = Evaluation.of(modelClasses, val.files, val.labels,
                    TemperatureScaling.softmax(val.logits, report.temperature()), Evaluator.MISTAKES, val.skipped);
            return new Outcome(report, familiarity, e, familiar);
        }
    }

    /** The network's outputs on some images, unreadable ones left out. */
    private record Part(List<String> files, float[][] logits, float[][] features, int[] labels,
            List<String> skipped) {}

    private static Part part(Inference inference, List<LabeledImage> images, int[] toModel, int batchSize,
            Progress progress) {
        List<Path> all = images.stream().map(LabeledImage::file).toList();
        List<Inference.Outputs> outputs = new ArrayList<>();
        for (int from = 0; from < all.size(); from += PIECE) {
            outputs.addAll(inference.outputs(all.subList(from, Math.min(all.size(), from + PIECE)), batchSize));
            progress.update(outputs.size(), all.size());
        }
        List<String> files = new ArrayList<>();
        List<float[]> logits = new ArrayList<>();
        List<float[]> features = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (int i = 0; i < outputs.size(); i++) {
            Inference.Outputs o = outputs.get(i);
            if (o.logits() == null) {
                skipped.add(o.file() + ": " + o.error());
                continue;
            }
            files.add(o.file().toString());
            logits.add(o.logits());
            features.add(o.features());
            labels.add(toModel[images.get(i).label()]);
        }
        return new Part(files, logits.toArray(new float[0][]), features.toArray(new float[0][]),
                labels.stream().mapToInt(Integer::intValue).toArray(), skipped);
    }

    private static List<LabeledImage> firstPerClass(List<LabeledImage> images, int classes) {
        int[] taken = new int[classes];
        List<LabeledImage> out = new ArrayList<>();
        for (LabeledImage image : images) {
            if (taken[image.label()]++ < MEANS_PER_CLASS) {
                out.add(image);
            }
        }
        return out;
    }
}
