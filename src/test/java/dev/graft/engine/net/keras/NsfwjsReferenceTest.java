package dev.graft.engine.net.keras;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import dev.graft.engine.net.LoadedNet;
import dev.graft.engine.net.NetLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real Keras models of the npm package nsfwjs 4.4.0, imported straight from the package's
 * wrapped {@code dist/models/<name>/*.min.js} files, compute what TF.js computes (reference outputs
 * committed, made by {@code src/test/node/keras-reference}). The package (29 MB for InceptionV3) is
 * not committed: these tests run when {@code npm ci} was run in {@code src/test/node/keras-reference}
 * and skip otherwise.
 */
class NsfwjsReferenceTest {

    private static final Path MODELS = Path.of("src/test/node/keras-reference/node_modules/nsfwjs/dist/models");
    private static final List<String> CLASSES = List.of("Drawing", "Hentai", "Neutral", "Porn", "Sexy");

    @TempDir
    Path tmp;

    private static Path models(String name) {
        Path dir = MODELS.resolve(name);
        Assumptions.assumeTrue(Files.isDirectory(dir), "skipped: nsfwjs 4.4.0 is not installed; run `npm ci` in"
                + " src/test/node/keras-reference");
        return dir;
    }

    @Test
    void inceptionV3MatchesTfjs() throws Exception {
        KerasImporter.Result r = KerasImporter.importTo(models("inception_v3"), tmp.resolve("model"),
                new KerasImporter.Options(CLASSES, "unit", null));
        assertEquals(299, r.spec().imageSize());
        assertEquals(List.of("stem", "mixed0", "mixed1", "mixed2", "mixed3", "mixed4", "mixed5", "mixed6", "mixed7",
                "mixed8", "mixed9", "mixed10", "top"), r.stages());
        assertEquals(List.of(256, 128), r.spec().headHidden());
        try (LoadedNet net = NetLoader.load(tmp.resolve("model"), Device.cpu())) {
            String dir = "/dev/graft/keras/inception/";
            double[] worst = KerasReference.compare(net, TeachableMachineFixtures.json(dir + "inception-reference.json"),
                    dir, "features");
            System.out.println("InceptionV3: max |dp| " + worst[0] + " max |df| " + worst[1]);
            assertTrue(worst[0] < 1e-4, "probabilities differ from TF.js by " + worst[0]);
            assertTrue(worst[1] < 1e-3, "features differ from TF.js by " + worst[1]);
        }
    }

    @Test
    void mobileNetV2ThroughTheGeneralImporterMatchesTfjs() throws Exception {
        KerasImporter.Result r = KerasImporter.importTo(models("mobilenet_v2"), tmp.resolve("model"),
                new KerasImporter.Options(CLASSES, "unit", null));
        assertEquals("block_16", r.stages().get(r.stages().size() - 2));
        try (LoadedNet net = NetLoader.load(tmp.resolve("model"), Device.cpu())) {
            double[] worst = KerasReference.compare(net, TeachableMachineFixtures.json("/dev/graft/reference/reference.json"),
                    "/dev/graft/reference/", "pooledFeatures");
            System.out.println("MobileNetV2: max |dp| " + worst[0] + " max |df| " + worst[1]);
            assertTrue(worst[0] < 1e-4, "probabilities differ from TF.js by " + worst[0]);
            assertTrue(worst[1] < 1e-3, "features differ from TF.js by " + worst[1]);
        }
    }
}
