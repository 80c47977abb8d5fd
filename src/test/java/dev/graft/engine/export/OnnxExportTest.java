package dev.graft.engine.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.inference.Predictor;
import ai.djl.modality.Classifications;
import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.ImageFactory;
import ai.djl.modality.cv.transform.CenterCrop;
import ai.djl.modality.cv.transform.Resize;
import ai.djl.modality.cv.transform.ToTensor;
import ai.djl.modality.cv.translator.ImageClassificationTranslator;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.NoopTranslator;
import ai.djl.translate.Translator;
import dev.graft.engine.image.ImageDecoder;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.graft.core.model.ArchitectureSpec;
import dev.graft.core.model.ModelFiles;
import dev.graft.core.run.RecipeField;
import dev.graft.core.util.Json;
import dev.graft.engine.catalogue.FolderModel;
import dev.graft.engine.net.LoadedNet;
import dev.graft.engine.net.NetLoader;
import dev.graft.engine.train.TrainingRuns;
import dev.graft.testing.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ONNX export, checked by ONNX Runtime itself (its Java API, not a reader of Graft's own): on
 * real images it gives Graft's probabilities within 1e-4, with the documented input, output and
 * metadata, for a freshly trained run (tapped stages with length normalisation, a hidden head layer,
 * trained backbone BatchNorm) and for the complete bundled MobileNetV2 at 224 px.
 */
class OnnxExportTest {

    static final double TOLERANCE = 1e-4;

    @TempDir
    static Path shared;
    static Path run;
    static List<Path> images;

    @TempDir
    Path tmp;

    @BeforeAll
    static void trainATinyRun() throws Exception {
        Path data = TestData.emojiSubset(shared.resolve("data"), 6, "animal", "food", "weather");
        run = shared.resolve("run");
        // the last backbone stage trains too (its BatchNorm scale and shift change), with a hidden head layer
        TrainingRuns.train(TrainingRuns.quick(data).set(RecipeField.TRAIN_LAST, 1).set(RecipeField.PROBE_EPOCHS, 1)
                .set(RecipeField.EPOCHS, 2).set(RecipeField.HEAD_HIDDEN, List.of(16)).build(), run);
        List<Path> all = new ArrayList<>();
        for (String set : List.of("emoji", "emoji-unseen")) {
            try (Stream<Path> s = Files.walk(Path.of("datasets-sample", set))) {
                s.filter(p -> p.toString().endsWith(".png")).sorted().limit(6).forEach(all::add);
            }
        }
        images = List.copyOf(all);
    }

    @Test
    void onnxRuntimeGivesGraftsProbabilitiesWithTheDocumentedInterface() throws Exception {
        Path out = tmp.resolve("onnx");
        ExportResult result = ModelExport.export(run, ExportFormat.ONNX, out);
        Path onnx = out.resolve(ModelExport.ONNX_FILE);
        // the bundled backbone's MIT licence travels with weights derived from it
        assertEquals(List.of("LICENSE-weights.txt", "README.md", "labels.txt", "model.onnx"), result.files());
        assertEquals(List.of("animal", "food", "weather"), Files.readAllLines(out.resolve("labels.txt")));

        ArchitectureSpec spec;
        float[][] graft;
        try (LoadedNet net = new FolderModel(run.resolve("model")).load(Device.cpu())) {
            spec = net.net().spec();
            graft = OnnxRuntimeCheck.graft(net, images);
        }
        assertEquals(64, spec.imageSize());
        float[] input = OnnxRuntimeCheck.batch(images, 64, null, null);
        float[][] ort = OnnxRuntimeCheck.onnxRuntime(onnx, input, images.size(), 64);
        double diff = OnnxRuntimeCheck.maxDifference(graft, ort);
        System.out.printf(Locale.ROOT, "ONNX Runtime vs Graft, %d images, 64 px run: max |dp| = %.2e%n",
                images.size(), diff);
        assertTrue(diff <= TOLERANCE, "max probability difference " + diff);
        // the batch size is free: one image alone gives the same row
        float[] one = java.util.Arrays.copyOf(input, 3 * 64 * 64);
        assertArrayEquals(ort[0], OnnxRuntimeCheck.onnxRuntime(onnx, one, 1, 64)[0], 1e-6f);

        try (OrtSession session = OrtEnvironment.getEnvironment().createSession(onnx.toString(),
                new OrtSession.SessionOptions())) {
            TensorInfo in = (TensorInfo) session.getInputInfo().get("image").getInfo();
            assertArrayEquals(new long[] {-1, 3, 64, 64}, in.getShape());
            TensorInfo outInfo = (TensorInfo) session.getOutputInfo().get("probabilities").getInfo();
            assertArrayEquals(new long[] {-1, 3}, outInfo.getShape());
            Map<String, String> meta = session.getMetadata().getCustomMetadata();
            assertEquals(List.of("animal", "food", "weather"), List.of(Json.COMPACT.fromJson(meta.get("labels"),
                    String[].class)));
            assertEquals("64", meta.get("image_size"));
            assertEquals(dev.graft.core.util.GraftVersion.VERSION, meta.get("graft_version"));
            assertEquals(dev.graft.core.run.RunClaim.owner(run).orElseThrow().id(), meta.get("graft_run_id"));
            assertEquals("model", meta.get("graft_model_folder"));
            assertEquals("Graft", session.getMetadata().getProducerName());
        }
        String readme = Files.readString(out.resolve("README.md"));
        assertTrue(readme.contains("float32 `[N, 3, 64, 64]`"), readme);
        assertTrue(readme.contains("OrtSession") && readme.contains("\"OnnxRuntime\"")
                && readme.contains("onnxruntime as ort"), "the three snippets");
        assertFalse(readme.contains("{{"), "every placeholder filled");
    }

    @Test
    void theCalibrationTemperatureDividesTheLogitsBeforeSoftmax() throws Exception {
        Path model = copyOf(run.resolve("model"), tmp.resolve("calibrated"));
        Files.writeString(model.resolve(ModelFiles.CALIBRATION), "{\"temperature\": 2.5, \"fittedOn\": 12}");
        Path out = tmp.resolve("onnx");
        ModelExport.export(model, ExportFormat.ONNX, out);
        float[][] graft;
        try (LoadedNet net = new FolderModel(model).load(Device.cpu())) {
            graft = OnnxRuntimeCheck.graft(net, images);
        }
        float[][] expected = new float[graft.length][];
        for (int i = 0; i < graft.length; i++) {
            expected[i] = softmaxOfLogOver(graft[i], 2.5);
        }
        float[][] ort = OnnxRuntimeCheck.onnxRuntime(out.resolve("model.onnx"),
                OnnxRuntimeCheck.batch(images, 64, null, null), images.size(), 64);
        double diff = OnnxRuntimeCheck.maxDifference(expected, ort);
        assertTrue(diff <= TOLERANCE, "max probability difference " + diff);
        assertTrue(OnnxRuntimeCheck.maxDifference(graft, ort) > 1e-3, "the temperature changed the probabilities");
        assertTrue(Files.readString(out.resolve("README.md")).contains("(2.5)"));
    }

    @Test
    void aMalformedCalibrationFileIsAClearErrorAndNothingIsWritten() throws Exception {
        Path model = copyOf(run.resolve("model"), tmp.resolve("broken"));
        Files.writeString(model.resolve(ModelFiles.CALIBRATION), "{\"temperature\": \"warm\"}");
        Path out = tmp.resolve("onnx");
        ExportException e = org.junit.jupiter.api.Assertions.assertThrows(ExportException.class,
                () -> ModelExport.export(model, ExportFormat.ONNX, out));
        assertTrue(e.getMessage().contains("calibration.json") && e.getMessage().contains("temperature"),
                e.getMessage());
        assertFalse(Files.exists(out));
        try (Stream<Path> s = Files.list(tmp)) {
            assertEquals(List.of("broken"), s.map(p -> p.getFileName().toString()).toList(), "no temporary left");
        }
    }

    /**
     * The whole bundled network (every stage, residual blocks, Conv_1, a head with two hidden
     * layers) at 224 px, also with ImageNet mean/std normalisation inside the graph.
     */
    @Test
    void theCompleteBundledMobileNetV2MatchesWithAndWithoutImagenetNormalisation() throws Exception {
        Path bundled = Path.of("src/main/resources/dev/graft/models/mobilenet_v2");
        for (String normalization : List.of("unit", "imagenet")) {
            Path model = copyOf(bundled, tmp.resolve("bundled-" + normalization));
            ArchitectureSpec spec = NetLoader.readSpec(model.resolve(ModelFiles.SPEC));
            ArchitectureSpec changed = new ArchitectureSpec(spec.architecture(), spec.imageSize(), spec.classes(),
                    spec.headHidden(), spec.dropout(), normalization, spec.backboneFile(), spec.featureSize(),
                    spec.baseModel(), spec.featureTaps(), spec.tapNormalization());
            NetLoader.writeSpec(changed, model.resolve(ModelFiles.SPEC));
            Path out = tmp.resolve("onnx-" + normalization);
            ExportResult r = ModelExport.export(model, ExportFormat.ONNX, out);
            List<Path> some = images.subList(0, 4);
            float[][] graft;
            try (LoadedNet net = new FolderModel(model).load(Device.cpu())) {
                graft = OnnxRuntimeCheck.graft(net, some);
            }
            float[][] ort = OnnxRuntimeCheck.onnxRuntime(out.resolve("model.onnx"),
                    OnnxRuntimeCheck.batch(some, 224, null, null), some.size(), 224);
            double diff = OnnxRuntimeCheck.maxDifference(graft, ort);
            System.out.printf(Locale.ROOT, "bundled MobileNetV2 (%s), 224 px: max |dp| = %.2e, model.onnx %.1f MB,"
                    + " export %.2f s%n", normalization, diff, r.modelBytes() / 1e6, r.seconds());
            assertTrue(diff <= TOLERANCE, normalization + ": max probability difference " + diff);
        }
    }

    /** DJL's own ONNX Runtime engine loads the export through Criteria, both ways the README shows. */
    @Test
    void djlLoadsTheExportWithItsOnnxRuntimeEngine() throws Exception {
        Path out = tmp.resolve("onnx");
        ModelExport.export(run, ExportFormat.ONNX, out);
        float[][] graft;
        try (LoadedNet net = new FolderModel(run.resolve("model")).load(Device.cpu())) {
            graft = OnnxRuntimeCheck.graft(net, images);
        }
        // the exact tensor: NDList in, NDList out
        Criteria<NDList, NDList> raw = Criteria.builder().setTypes(NDList.class, NDList.class)
                .optModelPath(out).optModelName("model").optEngine("OnnxRuntime")
                .optTranslator(new NoopTranslator()).build();
        try (ZooModel<NDList, NDList> model = raw.loadModel(); Predictor<NDList, NDList> predictor = model.newPredictor();
                NDManager manager = NDManager.newBaseManager("OnnxRuntime")) {
            assertEquals("OnnxRuntime", model.getNDManager().getEngine().getEngineName());
            NDArray x = manager.create(OnnxRuntimeCheck.batch(images, 64, null, null), new Shape(images.size(), 3, 64, 64));
            float[] flat = predictor.predict(new NDList(x)).singletonOrThrow().toFloatArray();
            float[][] djl = new float[images.size()][3];
            for (int i = 0; i < images.size(); i++) {
                System.arraycopy(flat, 3 * i, djl[i], 0, 3);
            }
            double diff = OnnxRuntimeCheck.maxDifference(graft, djl);
            assertTrue(diff <= TOLERANCE, "max probability difference " + diff);
        }
        // the README's Image -> Classifications snippet: DJL's own transforms, same top class
        Translator<Image, Classifications> translator = ImageClassificationTranslator.builder()
                .addTransform(new CenterCrop()).addTransform(new Resize(64, 64)).addTransform(new ToTensor())
                .optSynsetArtifactName("labels.txt").optApplySoftmax(false).build();
        Criteria<Image, Classifications> criteria = Criteria.builder().setTypes(Image.class, Classifications.class)
                .optModelPath(out).optModelName("model").optEngine("OnnxRuntime").optTranslator(translator).build();
        try (ZooModel<Image, Classifications> model = criteria.loadModel();
                Predictor<Image, Classifications> predictor = model.newPredictor()) {
            List<String> labels = List.of("animal", "food", "weather");
            for (int i = 0; i < images.size(); i++) {
                Image image = ImageFactory.getInstance().fromImage(new ImageDecoder().decode(images.get(i)));
                Classifications c = predictor.predict(image);
                assertEquals(labels.get(argmax(graft[i])), c.best().getClassName(), images.get(i).toString());
                assertEquals(graft[i][argmax(graft[i])], c.best().getProbability(), 1e-3, images.get(i).toString());
            }
        }
    }

    static int argmax(float[] p) {
        int best = 0;
        for (int k = 1; k < p.length; k++) {
            best = p[k] > p[best] ? k : best;
        }
        return best;
    }

    static float[] softmaxOfLogOver(float[] p, double t) {
        double[] z = new double[p.length];
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < p.length; k++) {
            z[k] = Math.log(p[k]) / t;
            max = Math.max(max, z[k]);
        }
        double sum = 0;
        for (int k = 0; k < p.length; k++) {
            z[k] = Math.exp(z[k] - max);
            sum += z[k];
        }
        float[] out = new float[p.length];
        for (int k = 0; k < p.length; k++) {
            out[k] = (float) (z[k] / sum);
        }
        return out;
    }

    static Path copyOf(Path modelDir, Path target) throws Exception {
        Files.createDirectories(target);
        try (Stream<Path> s = Files.list(modelDir)) {
            for (Path f : s.filter(Files::isRegularFile).toList()) {
                Files.copy(f, target.resolve(f.getFileName()));
            }
        }
        return target;
    }
}
