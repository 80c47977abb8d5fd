package dev.graft.engine.export;

import dev.graft.core.run.RecipeField;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.inference.Predictor;
import ai.djl.modality.Classifications;
import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.ImageFactory;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.DeferredTranslatorFactory;
import dev.graft.engine.catalogue.FolderModel;
import dev.graft.engine.inference.Inference;
import dev.graft.engine.net.LoadedNet;
import dev.graft.engine.train.TrainingRuns;
import dev.graft.testing.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exported folder loads through DJL's Criteria alone and predicts what Graft predicts. */
class CriteriaExportTest {

    @TempDir
    Path tmp;

    @Test
    void exportLoadsThroughCriteriaAndMatchesGraftPredict() throws Exception {
        Path data = TestData.emojiSubset(tmp.resolve("data"), 6, "animal", "food", "weather");
        TrainingRuns.train(TrainingRuns.quick(data).set(RecipeField.EPOCHS, 3).build(), tmp.resolve("run"));
        Path modelDir = tmp.resolve("run/model");
        List<Path> images;
        try (Stream<Path> s = Files.walk(TestData.EMOJI)) {
            images = s.filter(p -> p.toString().endsWith(".png")).sorted().limit(12).toList();
        }
        // a calibrated model: DJL's translator divides by the same temperature Graft's inference does
        Files.writeString(modelDir.resolve(dev.graft.core.model.ModelFiles.CALIBRATION), "{\"temperature\": 2.5}");
        List<Inference.Result> graft;
        try (LoadedNet net = new FolderModel(modelDir).load(Device.cpu())) {
            graft = new Inference(net, dev.graft.engine.inference.ModelCalibration.of(modelDir)).run(images, 4);
        }
        Criteria<Image, Classifications> criteria = Criteria.builder()
                .setTypes(Image.class, Classifications.class)
                .optModelPath(modelDir)
                .optEngine("PyTorch")
                .optTranslatorFactory(new DeferredTranslatorFactory())
                .build();
        int compared = 0;
        try (ZooModel<Image, Classifications> model = criteria.loadModel();
                Predictor<Image, Classifications> predictor = model.newPredictor()) {
            for (int i = 0; i < images.size(); i++) {
                Classifications c = predictor.predict(ImageFactory.getInstance().fromFile(images.get(i)));
                List<String> classes = List.of("animal", "food", "weather");
                float[] expected = graft.get(i).probabilities();
                for (int k = 0; k < classes.size(); k++) {
                    double p = c.get(classes.get(k)).getProbability();
                    assertEquals(expected[k], p, 1e-5, images.get(i) + " class " + classes.get(k));
                }
                compared++;
            }
        }
        assertEquals(12, compared);
        String serving = Files.readString(modelDir.resolve("serving.properties"));
        assertTrue(serving.contains("blockFactory=dev.graft.engine.export.GraftBlockFactory"));
        assertEquals(List.of("animal", "food", "weather"), Files.readAllLines(modelDir.resolve("synset.txt")));
    }
}
