package dev.graft.engine.export;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import dev.graft.engine.net.LoadedNet;
import dev.graft.engine.net.NetLoader;
import dev.graft.engine.net.keras.KerasImporter;
import dev.graft.engine.net.keras.KerasTestFixtures;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Imported Keras models export to ONNX layer by layer, and ONNX Runtime gives Graft's probabilities:
 * the functional test model (nested model, SeparableConv2D, DepthwiseConv2D with a multiplier,
 * BatchNormalization without scale, ReLU6, LeakyReLU, asymmetric ZeroPadding2D, "same" pooling,
 * squeeze-and-excitation gate, Add/Multiply/Concatenate, Flatten, Rescaling) and Teachable Machine
 * projects on MobileNet v1 (a Flatten feeds the head) and v2.
 */
class KerasOnnxExportTest {

    private static final String FUNCTIONAL = "/dev/graft/keras/functional/";

    @ParameterizedTest
    @ValueSource(strings = {"functional", "v1-0.25", "v2-0.35"})
    void onnxRuntimeGivesGraftsProbabilities(String which, @TempDir Path tmp) throws Exception {
        Path source = Files.createDirectory(tmp.resolve("source"));
        List<Path> images = new ArrayList<>();
        KerasImporter.Options options = KerasImporter.Options.none();
        if (which.equals("functional")) {
            for (String f : List.of("plain/model.json", "plain/group1-shard1of1.bin", "badger-64.png", "apple-64.png",
                    "closed_umbrella-64.png")) {
                Path target = source.resolve(f.substring(f.indexOf('/') + 1));
                copy(FUNCTIONAL + f, target);
                if (f.endsWith(".png")) {
                    images.add(target);
                }
            }
            options = new KerasImporter.Options(List.of("a", "b", "c", "d", "e"), null, null);
        } else {
            KerasTestFixtures.teachableMachine(which, source);
            for (String f : List.of("aerial_tramway-224.png", "apple-224.png", "bear-224.png")) {
                images.add(copy("/dev/graft/reference/" + f, tmp.resolve(f)));
            }
        }
        Path model = tmp.resolve("model");
        KerasImporter.importTo(source, model, options);
        Path out = tmp.resolve("onnx");
        ExportResult r = ModelExport.export(model, ExportFormat.ONNX, out);
        float[][] graft;
        int size;
        try (LoadedNet net = NetLoader.load(model, Device.cpu())) {
            size = net.net().spec().imageSize();
            graft = OnnxRuntimeCheck.graft(net, images);
        }
        float[][] ort = OnnxRuntimeCheck.onnxRuntime(out.resolve(ModelExport.ONNX_FILE),
                OnnxRuntimeCheck.batch(images, size, null, null), images.size(), size);
        double diff = OnnxRuntimeCheck.maxDifference(graft, ort);
        System.out.printf(Locale.ROOT, "Keras %s, %d px: ONNX Runtime vs Graft max |dp| = %.2e, model.onnx %.1f MB%n",
                which, size, diff, r.modelBytes() / 1e6);
        assertTrue(diff <= OnnxExportTest.TOLERANCE, which + ": max probability difference " + diff);
    }

    private static Path copy(String resource, Path target) throws Exception {
        try (InputStream in = KerasOnnxExportTest.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            Files.copy(in, target);
        }
        return target;
    }
}
