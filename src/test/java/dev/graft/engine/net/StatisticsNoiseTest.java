package dev.graft.engine.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Feature-statistics noise (DSU) re-draws the per-channel mean and spread of chosen rows exactly as
 * specified, leaves every other row bit-identical, and is a fixed function of record and seed.
 */
class StatisticsNoiseTest {

    private static final int N = 4;
    private static final int C = 3;
    private static final int HW = 5;

    @Test
    void perturbedRowsGetTheDrawnStatisticsAndOtherRowsStayBitIdentical() {
        float[] x = new float[N * C * HW * HW];
        Random r = new Random(1);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian() * (1 + i % 3) + (i / (C * HW * HW));
        }
        float[] mask = {0, 1, 0, 1};
        float[] eMean = new float[N * C];
        float[] eStd = new float[N * C];
        for (int i = 0; i < eMean.length; i++) {
            eMean[i] = (float) r.nextGaussian();
            eStd[i] = (float) r.nextGaussian();
        }
        try (NDManager m = NDManager.newBaseManager()) {
            float[] y = StatisticsNoise.perturb(m.create(x, new Shape(N, C, HW, HW)), mask, eMean, eStd).toFloatArray();
            double[][] mean = new double[N][C];
            double[][] std = new double[N][C];
            stats(x, mean, std);
            double[][] yMean = new double[N][C];
            double[][] yStd = new double[N][C];
            stats(y, yMean, yStd);
            for (int c = 0; c < C; c++) {
                double meanSpread = spread(mean, c);
                double stdSpread = spread(std, c);
                for (int n = 0; n < N; n++) {
                    int from = (n * C + c) * HW * HW;
                    float[] row = Arrays.copyOfRange(x, from, from + HW * HW);
                    float[] out = Arrays.copyOfRange(y, from, from + HW * HW);
                    if (mask[n] == 0) {
                        assertArrayEquals(row, out, "row " + n + " is not touched");
                    } else {
                        assertEquals(mean[n][c] + eMean[n * C + c] * meanSpread, yMean[n][c], 1e-4, "mean");
                        assertEquals(Math.abs(std[n][c] + eStd[n * C + c] * stdSpread), yStd[n][c], 1e-4, "spread");
                    }
                }
            }
        }
    }

    @Test
    void onlyStyleViewsAreTouchedAfterTheEarlyStagesReproducibly() {
        // 3 images in views 0 (as is), 1 (mirror), 2-3 (style): records 0-5 are plain
        TappedBackbone backbone = backbone();
        List<String> names = backbone.stageNames();
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray chunk = m.randomNormal(new Shape(6, C, HW, HW));
            StatisticsNoise noise = new StatisticsNoise(backbone, 1f, 42, 3, 2);
            int perturbed = 0;
            int[] stagesPerRecord = new int[6];
            for (int stage = 0; stage < names.size(); stage++) {
                boolean early = StatisticsNoise.STAGES.contains(names.get(stage));
                float[] plain = noise.forRecords(0).after(stage, chunk).toFloatArray();
                assertArrayEquals(chunk.toFloatArray(), plain, "records 0-5 are the image and its mirror");
                float[] styled = noise.forRecords(6).after(stage, chunk).toFloatArray();
                assertArrayEquals(styled, noise.forRecords(6).after(stage, chunk).toFloatArray(), "reproducible");
                float[] otherSeed = new StatisticsNoise(backbone, 1f, 43, 3, 2).forRecords(6).after(stage, chunk)
                        .toFloatArray();
                if (!early) {
                    assertArrayEquals(chunk.toFloatArray(), styled, names.get(stage) + " is not perturbed");
                    continue;
                }
                int per = C * HW * HW;
                for (int i = 0; i < 6; i++) {
                    boolean changed = !Arrays.equals(Arrays.copyOfRange(styled, i * per, (i + 1) * per),
                            Arrays.copyOfRange(chunk.toFloatArray(), i * per, (i + 1) * per));
                    perturbed += changed ? 1 : 0;
                    stagesPerRecord[i] += changed ? 1 : 0;
                }
                assertFalse(Arrays.equals(styled, otherSeed), "another seed draws other noise");
            }
            // 3 early stages × 6 style records, each perturbed with chance 0.5
            assertTrue(perturbed >= 3 && perturbed <= 15, "about half the style records: " + perturbed + " of 18");
            // each stage draws anew: some record is perturbed after some early stages but not all
            // (with draws correlated across stages every record got all three or none)
            assertTrue(Arrays.stream(stagesPerRecord).anyMatch(k -> k == 1 || k == 2),
                    Arrays.toString(stagesPerRecord));
        }
    }

    private static TappedBackbone backbone() {
        List<Block> blocks = new ArrayList<>();
        for (String ignored : MobileNetV2Builder.ALL_STAGES) {
            blocks.add(new LambdaBlock(list -> list));
        }
        int[] widths = new int[MobileNetV2Builder.ALL_STAGES.size()];
        Arrays.fill(widths, C);
        return new TappedBackbone(blocks, MobileNetV2Builder.ALL_STAGES, List.of("top"), widths, false);
    }

    private static void stats(float[] x, double[][] mean, double[][] std) {
        for (int n = 0; n < N; n++) {
            for (int c = 0; c < C; c++) {
                int from = (n * C + c) * HW * HW;
                double s = 0;
                for (int k = 0; k < HW * HW; k++) {
                    s += x[from + k];
                }
                mean[n][c] = s / (HW * HW);
                double v = 0;
                for (int k = 0; k < HW * HW; k++) {
                    v += (x[from + k] - mean[n][c]) * (x[from + k] - mean[n][c]);
                }
                std[n][c] = Math.sqrt(v / (HW * HW) + 1e-6);
            }
        }
    }

    private static double spread(double[][] s, int c) {
        double mean = 0;
        for (double[] row : s) {
            mean += row[c] / s.length;
        }
        double v = 0;
        for (double[] row : s) {
            v += (row[c] - mean) * (row[c] - mean);
        }
        return Math.sqrt(v / s.length + 1e-6);
    }
}
