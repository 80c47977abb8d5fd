package dev.graft.core.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The familiarity score and its threshold on feature vectors with a known structure. */
class FamiliarityTest {

    private static float[] around(float[] centre, Random r, double noise) {
        float[] v = new float[centre.length];
        for (int j = 0; j < v.length; j++) {
            v[j] = (float) Math.max(0, centre[j] + r.nextGaussian() * noise);
        }
        return v;
    }

    @Test
    void featuresNearAClassAreFamiliarAndOthersAreNot() {
        Random r = new Random(1);
        int d = 32;
        float[][] centres = new float[3][d];
        for (int c = 0; c < 3; c++) {
            for (int j = c * 8; j < c * 8 + 8; j++) {
                centres[c][j] = 1;
            }
        }
        float[][] train = new float[60][];
        int[] labels = new int[60];
        for (int i = 0; i < 60; i++) {
            labels[i] = i % 3;
            train[i] = around(centres[labels[i]], r, 0.2);
        }
        float[][] val = new float[40][];
        for (int i = 0; i < 40; i++) {
            val[i] = around(centres[i % 3], r, 0.2);
        }
        Familiarity f = Familiarity.fit(train, labels, 3, val);
        int familiar = 0;
        for (float[] v : val) {
            familiar += f.familiar(v) ? 1 : 0;
        }
        assertEquals(40, familiar, "the threshold is the largest validation score");
        assertEquals(0.95, Familiarity.quantile(new double[] {0, 1}, 0.95), 1e-12, "interpolated");
        float[] elsewhere = new float[d];
        for (int j = 24; j < d; j++) {
            elsewhere[j] = 1; // the dimensions no class uses
        }
        assertFalse(f.familiar(elsewhere));
        assertFalse(f.familiar(new float[d]), "a blank feature vector");
        assertTrue(f.familiar(centres[1]));
        assertTrue(Double.isNaN(f.score(new float[d + 1])), "features of another width have no score");
    }

    @Test
    void fewValidationImagesAreAllFamiliar() {
        float[][] train = {{1, 0}, {0, 1}};
        float[][] val = {{1, 0.2f}, {0.3f, 1}, {1, 1}};
        Familiarity f = Familiarity.fit(train, new int[] {0, 1}, 2, val);
        for (float[] v : val) {
            assertTrue(f.familiar(v));
        }
        assertEquals(3, f.validationImages());
    }
}
