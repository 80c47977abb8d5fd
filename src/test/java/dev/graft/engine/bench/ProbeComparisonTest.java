package dev.graft.engine.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.testing.TestData;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Linear probes on frozen features: they learn what is learnable, and the comparison runs end to end. */
class ProbeComparisonTest {

    @TempDir
    Path tmp;

    @Test
    void aProbeLearnsSeparableClassesAndNotNoise() {
        Random r = new Random(1);
        float[][] x = new float[200][8];
        int[] y = new int[200];
        for (int i = 0; i < x.length; i++) {
            y[i] = i % 3;
            for (int j = 0; j < 8; j++) {
                x[i][j] = (float) r.nextGaussian() * 0.3f + (j == y[i] ? 2f : 0f);
            }
        }
        LinearProbe p = LinearProbe.train(x, y, 3, 30, 7);
        assertTrue(p.accuracy(x, y) > 0.95, "separable: " + p.accuracy(x, y));
        int[] shuffled = y.clone();
        for (int i = 0; i < shuffled.length; i++) {
            shuffled[i] = r.nextInt(3);
        }
        LinearProbe noise = LinearProbe.train(x, shuffled, 3, 30, 7);
        float[][] fresh = new float[200][8];
        for (float[] row : fresh) {
            for (int j = 0; j < 8; j++) {
                row[j] = (float) r.nextGaussian();
            }
        }
        int[] freshY = new int[200];
        for (int i = 0; i < freshY.length; i++) {
            freshY[i] = r.nextInt(3);
        }
        assertTrue(noise.accuracy(fresh, freshY) < 0.5, "no better than chance on what it could not learn");
    }

    @Test
    void backbonesAreComparedAloneAndJoinedOnEverySeed() throws Exception {
        Path data = TestData.emojiSubset(tmp.resolve("data"), 5, "animal", "food");
        Path test = TestData.emojiSubset(tmp.resolve("test"), 2, "animal", "food");
        List<ProbeComparison.Backbone> backbones = List.of(ProbeComparison.Backbone.parse("mobilenet_v2@64:stage5",
                224), ProbeComparison.Backbone.parse("mobilenet_v2:stage7", 64));
        assertEquals(new ProbeComparison.Backbone("mobilenet_v2", 64, "stage5"), backbones.get(0));
        List<ProbeComparison.Row> rows = ProbeComparison.run(data, backbones, List.of(1L, 2L), List.of(test), 5,
                line -> { });
        assertEquals(6, rows.size(), "two seeds × (two alone + joined)");
        assertEquals("mobilenet_v2@64:stage5 + mobilenet_v2@64:stage7", rows.get(2).features());
        for (ProbeComparison.Row row : rows) {
            assertTrue(row.validation() >= 0 && row.validation() <= 1);
            assertTrue(row.tests().get("test") >= 0 && row.tests().get("test") <= 1);
        }
        String table = ProbeComparison.markdown(rows);
        assertTrue(table.contains("| mobilenet_v2@64:stage5 + mobilenet_v2@64:stage7 | "), table);
    }
}
