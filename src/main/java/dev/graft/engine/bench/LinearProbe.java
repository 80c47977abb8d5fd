package dev.graft.engine.bench;

import java.util.Random;

/**
 * A softmax classifier on fixed features, trained much as Graft's head-only default trains its head
 * (Adam, learning rate 0.01 with a cosine decay to 1 %, weight decay 1e-4, balanced class weights,
 * batches of 32, the same order for the same seed; no dropout), in plain Java: the features are
 * fixed, so no network is needed, and two backbones' features can be joined row by row.
 */
final class LinearProbe {

    private final float[][] w;
    private final float[] b;

    private LinearProbe(int features, int classes) {
        w = new float[classes][features];
        b = new float[classes];
    }

    /**
     * Trains a probe.
     *
     * @param x training rows
     * @param y their classes
     * @param classes number of classes
     * @param epochs passes
     * @param seed order and initialisation
     * @return the probe
     */
    static LinearProbe train(float[][] x, int[] y, int classes, int epochs, long seed) {
        int n = x.length;
        int f = x[0].length;
        LinearProbe p = new LinearProbe(f, classes);
        Random random = new Random(seed);
        double scale = Math.sqrt(6.0 / (f + classes)); // Xavier, as the head starts
        for (float[] row : p.w) {
            for (int j = 0; j < f; j++) {
                row[j] = (float) ((random.nextDouble() * 2 - 1) * scale);
            }
        }
        int[] counts = new int[classes];
        for (int c : y) {
            counts[c]++;
        }
        double[] weight = new double[classes];
        for (int c = 0; c < classes; c++) {
            weight[c] = counts[c] == 0 ? 0 : n / (double) (classes * counts[c]);
        }
        double lr0 = 0.01;
        double decay = 1e-4;
        int batch = 32;
        int steps = epochs * ((n + batch - 1) / batch);
        double[][] mw = new double[classes][f];
        double[][] vw = new double[classes][f];
        double[] mb = new double[classes];
        double[] vb = new double[classes];
        int t = 0;
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int epoch = 0; epoch < epochs; epoch++) {
            for (int i = n - 1; i > 0; i--) {
                int k = random.nextInt(i + 1);
                int tmp = order[i];
                order[i] = order[k];
                order[k] = tmp;
            }
            for (int start = 0; start < n; start += batch) {
                int end = Math.min(n, start + batch);
                double[][] gw = new double[classes][f];
                double[] gb = new double[classes];
                double total = 0;
                for (int s = start; s < end; s++) {
                    total += weight[y[order[s]]];
                }
                for (int s = start; s < end; s++) {
                    int i = order[s];
                    double[] prob = p.softmax(x[i]);
                    double wi = weight[y[i]] / total;
                    for (int c = 0; c < classes; c++) {
                        double g = (prob[c] - (c == y[i] ? 1 : 0)) * wi;
                        gb[c] += g;
                        for (int j = 0; j < f; j++) {
                            gw[c][j] += g * x[i][j];
                        }
                    }
                }
                t++;
                // cosine decay to 1 % over the run, as the recipe's default schedule
                double lr = lr0 * (0.01 + 0.99 * 0.5 * (1 + Math.cos(Math.PI * Math.min(1.0, t / (double) steps))));
                double c1 = 1 - Math.pow(0.9, t);
                double c2 = 1 - Math.pow(0.999, t);
                for (int c = 0; c < classes; c++) {
                    for (int j = 0; j < f; j++) {
                        double g = gw[c][j] + decay * p.w[c][j];
                        mw[c][j] = 0.9 * mw[c][j] + 0.1 * g;
                        vw[c][j] = 0.999 * vw[c][j] + 0.001 * g * g;
                        p.w[c][j] -= (float) (lr * (mw[c][j] / c1) / (Math.sqrt(vw[c][j] / c2) + 1e-8));
                    }
                    mb[c] = 0.9 * mb[c] + 0.1 * gb[c];
                    vb[c] = 0.999 * vb[c] + 0.001 * gb[c] * gb[c];
                    p.b[c] -= (float) (lr * (mb[c] / c1) / (Math.sqrt(vb[c] / c2) + 1e-8));
                }
            }
        }
        return p;
    }

    private double[] softmax(float[] row) {
        double[] z = new double[b.length];
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < b.length; c++) {
            double s = b[c];
            for (int j = 0; j < row.length; j++) {
                s += w[c][j] * row[j];
            }
            z[c] = s;
            max = Math.max(max, s);
        }
        double sum = 0;
        for (int c = 0; c < z.length; c++) {
            z[c] = Math.exp(z[c] - max);
            sum += z[c];
        }
        for (int c = 0; c < z.length; c++) {
            z[c] /= sum;
        }
        return z;
    }

    /**
     * The share of rows the probe classifies right.
     *
     * @param x rows
     * @param y their classes
     * @return accuracy, 0 to 1
     */
    double accuracy(float[][] x, int[] y) {
        int right = 0;
        for (int i = 0; i < x.length; i++) {
            double[] p = softmax(x[i]);
            int best = 0;
            for (int c = 1; c < p.length; c++) {
                if (p[c] > p[best]) {
                    best = c;
                }
            }
            right += best == y[i] ? 1 : 0;
        }
        return x.length == 0 ? Double.NaN : right / (double) x.length;
    }
}
