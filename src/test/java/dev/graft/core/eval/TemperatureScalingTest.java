package dev.graft.core.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Temperature scaling on synthetic logits whose true temperature is known: labels are drawn from
 * softmax(logits / T0), so the fit must find T0, and the guards must keep T = 1 where the data
 * cannot tell.
 */
class TemperatureScalingTest {

    /** n images of c classes: logits with a spread like a trained head's, labels drawn at T0. */
    static Object[] sample(int n, int c, double t0, long seed) {
        Random r = new Random(seed);
        float[][] z = new float[n][c];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            int favoured = r.nextInt(c);
            for (int j = 0; j < c; j++) {
                z[i][j] = (float) (r.nextGaussian() * 2 + (j == favoured ? 6 : 0));
            }
            float[] p = TemperatureScaling.softmax(z[i], t0);
            double u = r.nextDouble();
            int k = 0;
            for (double acc = p[0]; acc < u && k < c - 1; acc += p[++k]) {
                // walk the cumulative distribution
            }
            y[i] = k;
        }
        return new Object[] {z, y};
    }

    @Test
    void theFitRecoversAKnownTemperature() {
        for (double t0 : new double[] {1.3, 2.5, 4.0}) {
            Object[] s = sample(4000, 5, t0, 7);
            double t = TemperatureScaling.fit((float[][]) s[0], (int[]) s[1]);
            assertEquals(t0, t, 0.08 * t0, "fitted on 4000 images drawn at T0 = " + t0);
        }
    }

    @Test
    void calibratingAnOverconfidentModelLowersEceAndNll() {
        Object[] s = sample(400, 5, 2.5, 3);
        CalibrationReport r = TemperatureScaling.calibrate((float[][]) s[0], (int[]) s[1]);
        assertEquals(TemperatureScaling.METHOD, r.method());
        assertEquals(2.5, r.temperature(), 0.4);
        assertTrue(r.eceAfter() < r.eceBefore() / 2, r.eceBefore() + " -> " + r.eceAfter());
        assertTrue(r.nllAfter() < r.nllBefore());
        assertEquals(400, r.images());
        assertEquals(r.eceAfter(), r.after().ece(), 1e-12);
    }

    @Test
    void tooFewImagesKeepTemperatureOne() {
        Object[] s = sample(TemperatureScaling.MIN_IMAGES - 1, 5, 3.0, 5);
        CalibrationReport r = TemperatureScaling.calibrate((float[][]) s[0], (int[]) s[1]);
        assertEquals(1.0, r.temperature());
        assertTrue(r.method().startsWith("none: 19 validation images"), r.method());
        assertEquals(r.eceBefore(), r.eceAfter());
    }

    @Test
    void logitsThatSayNothingKeepTemperatureOne() {
        // every logit equal: no temperature changes any probability, so none may be claimed to help
        float[][] z = new float[60][4];
        int[] y = new int[60];
        for (int i = 0; i < y.length; i++) {
            y[i] = i % 4;
        }
        CalibrationReport r = TemperatureScaling.calibrate(z, y);
        assertEquals(1.0, r.temperature());
        assertTrue(r.method().contains("did not lower"), r.method());
    }

    @Test
    void aSplitTheModelGetsAllRightIsNotSharpened() {
        float[][] z = new float[40][3];
        int[] y = new int[40];
        for (int i = 0; i < y.length; i++) {
            y[i] = i % 3;
            z[i][y[i]] = 3;
        }
        double t = TemperatureScaling.calibrate(z, y).temperature();
        assertEquals(1.0, t, 1e-3, "never below 1, however sure the split lets the model be");
    }

    @Test
    void eceBinsConfidenceAgainstAccuracy() {
        // 10 images at 0.95 sure with 7 right, 10 at 0.55 with 5 right
        double[] top = new double[20];
        boolean[] right = new boolean[20];
        for (int i = 0; i < 10; i++) {
            top[i] = 0.95;
            right[i] = i < 7;
            top[10 + i] = 0.55;
            right[10 + i] = i < 5;
        }
        Reliability r = Reliability.of(top, right);
        assertEquals(10, r.counts()[9]);
        assertEquals(10, r.counts()[5]);
        assertEquals(0.7, r.accuracy()[9], 1e-12);
        assertEquals(0.5 * 0.25 + 0.5 * 0.05, r.ece(), 1e-12);
        assertTrue(Double.isNaN(r.confidence()[0]));
        float[][] p = {{0.95f, 0.05f}, {0.2f, 0.8f}, {0.92f, 0.08f}};
        assertEquals(1, Reliability.sureAndRight(p, new int[] {0, 1, 1}, 0.9)[0]);
        assertEquals(2, Reliability.sureAndRight(p, new int[] {0, 1, 1}, 0.9)[1]);
    }
}
