package dev.graft.engine.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.core.model.ArchitectureSpec;
import dev.graft.engine.catalogue.BundledModel;
import dev.graft.engine.net.GraftNet;
import dev.graft.engine.net.MobileNetV2Builder;
import dev.graft.testing.TestData;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shared batch and the torchvision-named weights of the peer bench. */
class PeerInputsTest {

    @TempDir
    Path tmp;

    /**
     * Every backbone tensor of Graft's MobileNetV2 gets exactly one of torchvision's names, and
     * every torchvision name is used. The key list was printed from torchvision 0.14's
     * {@code mobilenet_v2().state_dict()} (without classifier and num_batches_tracked).
     */
    @Test
    void namesAreExactlyTorchvisionsStateDictKeys() throws Exception {
        Set<String> expected = new TreeSet<>();
        try (InputStream in = getClass().getResourceAsStream("/dev/graft/bench/torchvision-mobilenet_v2-keys.txt")) {
            new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank())
                    .forEach(expected::add);
        }
        ArchitectureSpec spec = new BundledModel().spec().withFeatures(java.util.List.of("top"), "none", 1280);
        GraftNet net = MobileNetV2Builder.build(spec, null);
        Set<String> mapped = new TreeSet<>();
        int head = 0;
        for (var layer : net.layers().layers()) {
            for (String tensor : layer.tensors().keySet()) {
                String name = PeerInputs.torchvisionName(layer.path() + "." + tensor);
                if (layer.path().startsWith(GraftNet.HEAD + ".")) {
                    assertNull(name, "the head is new on both sides");
                    head++;
                } else {
                    assertTrue(mapped.add(name), "two tensors map to " + name);
                }
            }
        }
        assertEquals(expected, mapped);
        assertTrue(head > 0);
        assertEquals("features.5.conv.1.0.weight", PeerInputs.torchvisionName("stage3.block_4.depthwise.conv.weight"));
        assertEquals("features.1.conv.2.running_var", PeerInputs.torchvisionName("stage1.block_0.project.bn.runningVar"));
    }

    @Test
    void batchRoundTripsWithRealImagesAndLabels() throws Exception {
        Path dir = tmp.resolve("inputs");
        PeerInputs.write(TestData.EMOJI, 6, 32, dir);
        PeerInputs.Batch b = PeerInputs.readBatch(dir);
        assertEquals(6, b.size());
        assertEquals(32, b.imageSize());
        assertEquals(5, b.classes());
        assertEquals(6 * 3 * 32 * 32, b.pixels().length);
        assertTrue(java.util.Arrays.stream(b.labels()).distinct().count() >= 3, "the batch spans the classes");
        double sum = 0;
        for (float v : b.pixels()) {
            assertTrue(v >= 0 && v <= 1, "unit-normalised pixels: " + v);
            sum += v;
        }
        assertTrue(sum > 0, "real pixels, not zeros");
        assertTrue(Files.size(dir.resolve(PeerInputs.WEIGHTS)) > 8_000_000L, "about 2.2 M float weights");
    }
}
