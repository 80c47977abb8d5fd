package dev.graft.engine.net.keras;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import dev.graft.engine.net.LoadedNet;
import dev.graft.engine.net.NetLoader;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A functional Keras model made for this test ({@code src/test/node/keras-reference/make-functional.js}:
 * a nested model, SeparableConv2D, DepthwiseConv2D with a multiplier, Add, Multiply, Concatenate, a
 * squeeze-and-excitation gate, asymmetric padding, quantised weights) imports from model.json and
 * from npm's wrapped .min.js form and computes what TF.js computes.
 */
class FunctionalModelReferenceTest {

    private static final String DIR = "/dev/graft/keras/functional/";

    @ParameterizedTest
    @ValueSource(strings = {"plain", "wrapped"})
    void importedModelMatchesTfjs(String form, @TempDir Path tmp) throws Exception {
        Path source = Files.createDirectory(tmp.resolve(form));
        for (String f : form.equals("plain") ? List.of("model.json", "group1-shard1of1.bin")
                : List.of("model.min.js", "group1-shard1of1.bin.min.js")) {
            try (InputStream in = getClass().getResourceAsStream(DIR + form + "/" + f)) {
                Files.copy(in, source.resolve(f));
            }
        }
        KerasImporter.Result r = KerasImporter.importTo(source, tmp.resolve("model"),
                new KerasImporter.Options(List.of("a", "b", "c", "d", "e"), null, null));
        assertEquals("pixels", r.spec().normalization(), "a model that rescales its inputs gets pixels");
        assertEquals(List.of(32), r.spec().headHidden());
        assertEquals(List.of("stem", "features", "block1", "block2", "top"), r.stages(), "stages: " + r.stages());
        try (LoadedNet net = NetLoader.load(tmp.resolve("model"), Device.cpu())) {
            double[] worst = KerasReference.compare(net, TeachableMachineFixtures.json(DIR + "reference.json"), DIR,
                    "features");
            System.out.println(form + ": max |dp| " + worst[0] + " max |df| " + worst[1]);
            assertTrue(worst[0] < 1e-4, "probabilities differ from TF.js by " + worst[0]);
            assertTrue(worst[1] < 1e-4, "features differ from TF.js by " + worst[1]);
        }
    }
}
