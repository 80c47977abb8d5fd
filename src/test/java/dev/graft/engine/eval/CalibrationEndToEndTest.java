package dev.graft.engine.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.core.data.LabeledImage;
import dev.graft.core.eval.CalibrationReport;
import dev.graft.core.eval.TemperatureScaling;
import dev.graft.core.model.ModelFiles;
import dev.graft.core.run.RecipeField;
import dev.graft.core.util.Json;
import dev.graft.engine.catalogue.FolderModel;
import dev.graft.engine.data.DatasetScanner;
import dev.graft.engine.inference.ImageClassifier;
import dev.graft.engine.inference.Inference;
import dev.graft.engine.inference.ModelCalibration;
import dev.graft.engine.net.LoadedNet;
import dev.graft.engine.train.TrainingRuns;
import dev.graft.testing.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real tiny training run (the bundled backbone at 64 px, head only) calibrates its model at the
 * end; inference, evaluation and the classifier then use that calibration: the temperature, and
 * the familiarity check that tells noise and blank frames from the kind of images it knows.
 */
class CalibrationEndToEndTest {

    private static final String[] CLASSES = {"animal", "food", "vehicle", "weather", "clothing"};

    @TempDir
    static Path shared;
    static Path run;
    static Path model;

    @TempDir
    Path tmp;

    @BeforeAll
    static void trainATinyRun() throws Exception {
        // up to 25 of each class: a stratified fifth gives more than the 20 validation images a temperature needs
        Path data = TestData.emojiSubset(shared.resolve("data"), 25, CLASSES);
        run = shared.resolve("run");
        TrainingRuns.train(TrainingRuns.quick(data).set(RecipeField.EPOCHS, 8).build(), run);
        model = run.resolve("model");
    }

    private static CalibrationReport report(Path modelDir) throws Exception {
        return Json.COMPACT.fromJson(Files.readString(modelDir.resolve(ModelFiles.CALIBRATION)), CalibrationReport.class);
    }

    @Test
    void trainingWritesTheCalibrationAndTheFamiliarityCheck() throws Exception {
        CalibrationReport r = report(model);
        assertEquals(validationFiles().size(), r.images(), "fitted on the validation split");
        assertTrue(r.images() >= TemperatureScaling.MIN_IMAGES, "enough to fit: " + r.images());
        assertTrue(r.temperature() >= TemperatureScaling.MIN_T && r.temperature() <= TemperatureScaling.MAX_T);
        assertTrue(r.nllAfter() <= r.nllBefore() + 1e-9, r.nllBefore() + " -> " + r.nllAfter());
        assertEquals(r.eceBefore(), r.before().ece(), 1e-12);
        assertTrue(Files.isRegularFile(model.resolve(ModelFiles.FAMILIARITY)));
        ModelCalibration c = ModelCalibration.of(model);
        assertEquals((float) r.temperature(), c.temperature());
        assertEquals(5, c.familiarity().means().length);
        System.out.printf("tiny run: T %.3f (%s), ECE %.3f -> %.3f%n", r.temperature(), r.method(), r.eceBefore(),
                r.eceAfter());
    }

    @Test
    void validationImagesAreFamiliarAndBlankFramesNot() throws Exception {
        // at 64 px the backbone's features of random noise are not reliably apart from the
        // validation split's tail (FamiliarityCheckTest checks noise at the default 224 px)
        List<Path> blank = FamiliarityCheckTest.blankFrames(tmp);
        List<Path> validation = validationFiles();
        try (ImageClassifier classifier = ImageClassifier.open(run)) {
            for (ImageClassifier.Prediction p : classifier.classify(blank)) {
                assertFalse(p.familiar(), p.file().getFileName() + " is a blank frame");
            }
            long familiar = classifier.classify(validation).stream().filter(ImageClassifier.Prediction::familiar).count();
            assertTrue(familiar >= 0.9 * validation.size(), familiar + " of " + validation.size());
        }
    }

    @Test
    void inferenceAndEvaluationApplyTheFoldersTemperature() throws Exception {
        Path calibrated = Files.createDirectories(tmp.resolve("calibrated"));
        try (Stream<Path> s = Files.list(model)) {
            for (Path f : s.toList()) {
                Files.copy(f, calibrated.resolve(f.getFileName()));
            }
        }
        Files.writeString(calibrated.resolve(ModelFiles.CALIBRATION), "{\"temperature\": 2.0}");
        List<Path> files = validationFiles();
        try (LoadedNet net = new FolderModel(calibrated).load(ai.djl.Device.cpu())) {
            List<Inference.Result> plain = new Inference(net).run(files, 8);
            ModelCalibration c = ModelCalibration.of(calibrated);
            List<Inference.Result> warm = new Inference(net, c).run(files, 8);
            for (int i = 0; i < files.size(); i++) {
                float[] p = plain.get(i).probabilities();
                float[] logs = new float[p.length];
                for (int j = 0; j < p.length; j++) {
                    logs[j] = (float) Math.log(p[j]);
                }
                float[] expected = TemperatureScaling.softmax(logs, 2.0);
                for (int j = 0; j < p.length; j++) {
                    assertEquals(expected[j], warm.get(i).probabilities()[j], 1e-4);
                }
            }
            var scan = new DatasetScanner().scan(shared.resolve("data"));
            List<LabeledImage> images = scan.images().stream()
                    .filter(i -> files.contains(i.file())).toList();
            Evaluator.Report report = Evaluator.evaluate(net, c, images, scan.classes(), 8);
            assertEquals(files.size(), report.evaluation().images());
            assertEquals(2.0f, report.temperature());
            assertTrue(report.calibrated().ece() != report.uncalibrated().ece());
            assertEquals(Evaluator.evaluate(net, images, scan.classes(), 8).accuracy(),
                    report.evaluation().accuracy(), "a temperature never changes the predicted class");
        }
        try (ImageClassifier classifier = ImageClassifier.open(calibrated)) {
            assertEquals(2.0f, classifier.calibration().temperature());
        }
        // Try and graft explain show the same, calibrated, probabilities as graft predict
        List<Path> two = files.subList(0, 2);
        try (LoadedNet net = new FolderModel(calibrated).load(ai.djl.Device.cpu());
                dev.graft.engine.explain.Explainer explainer = dev.graft.engine.explain.Explainer.open(calibrated)) {
            List<Inference.Result> expected = new Inference(net, ModelCalibration.of(calibrated)).run(two, 8);
            for (int i = 0; i < two.size(); i++) {
                float[] shown = explainer.explain(two.get(i), null, 0).probabilities();
                for (int j = 0; j < shown.length; j++) {
                    assertEquals(expected.get(i).probabilities()[j], shown[j], 1e-5);
                }
            }
        }
    }

    private static List<Path> validationFiles() throws Exception {
        var recorded = Json.COMPACT.fromJson(Files.readString(run.resolve("dataset.json")),
                com.google.gson.JsonObject.class).getAsJsonArray("validation");
        List<Path> out = new ArrayList<>();
        recorded.forEach(e -> out.add(Path.of(e.getAsString())));
        return out;
    }

}
