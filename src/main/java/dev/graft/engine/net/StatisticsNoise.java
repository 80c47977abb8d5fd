package dev.graft.engine.net;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Random;

/**
 * Feature-statistics noise (DSU: Li et al., "Uncertainty Modeling for Out-of-Distribution
 * Generalization", ICLR 2022). In a CNN's early feature maps the per-channel mean and standard
 * deviation over an image carry much of its style (colour, contrast, texture, stroke), the
 * normalised map its content. Shifting an image's statistics by Gaussian noise, scaled by how much
 * those statistics vary between images, draws the same content in a style the training images
 * never had: augmentation in feature space, where pixel edits (see the style views) cannot reach.
 *
 * <p>Used while caching the frozen stages' outputs for the style views only: the image itself,
 * its mirror image and every validation image pass unchanged, and a view stays a fixed function of
 * the image, its view index and the seed, so it can be cached.
 */
public final class StatisticsNoise {

    /**
     * The stages after which statistics are perturbed: MobileNetV2's early stages (24-32 channels,
     * 56-28 px at 224 px input), as in DSU, which perturbs after the early blocks of a ResNet.
     */
    public static final List<String> STAGES = List.of("stage1", "stage2", "stage3");
    /** Chance that a style view's statistics are perturbed after each of those stages (DSU's 0.5). */
    public static final double CHANCE = 0.5;

    private final float strength;
    private final long seed;
    private final int images;
    private final int firstStyleView;
    private final boolean[] at;

    /**
     * Noise for the views of a training set.
     *
     * @param backbone the backbone whose stages are named
     * @param strength noise scale in standard deviations of the statistics across a chunk (0: off)
     * @param seed the run's seed
     * @param images training images (record k is image k % images in view k / images)
     * @param firstStyleView first view index that is a style view
     */
    public StatisticsNoise(TappedBackbone backbone, float strength, long seed, int images, int firstStyleView) {
        this.strength = strength;
        this.seed = seed;
        this.images = images;
        this.firstStyleView = firstStyleView;
        List<String> names = backbone.stageNames();
        at = new boolean[names.size()];
        for (int i = 0; i < names.size(); i++) {
            at[i] = STAGES.contains(names.get(i));
        }
    }

    /**
     * The hook for a chunk of consecutive records.
     *
     * @param start the chunk's first record
     * @return the hook
     */
    public TappedBackbone.StageHook forRecords(int start) {
        return (stage, x) -> {
            if (!at[stage]) {
                return x;
            }
            int n = (int) x.getShape().get(0);
            int c = (int) x.getShape().get(1);
            float[] mask = new float[n];
            float[] noiseMean = new float[n * c];
            float[] noiseStd = new float[n * c];
            boolean any = false;
            for (int i = 0; i < n; i++) {
                int record = start + i;
                if (record / images < firstStyleView) {
                    continue;
                }
                Random r = new Random(mix(mix(mix(seed) + record) + stage));
                if (r.nextDouble() >= CHANCE) {
                    continue;
                }
                mask[i] = 1;
                any = true;
                for (int j = 0; j < c; j++) {
                    noiseMean[i * c + j] = (float) r.nextGaussian() * strength;
                    noiseStd[i * c + j] = (float) r.nextGaussian() * strength;
                }
            }
            return any ? perturb(x, mask, noiseMean, noiseStd) : x;
        };
    }

    /**
     * MurmurHash3's 64-bit finaliser. java.util.Random's first draws from nearby seeds are nearly
     * equal, so seeds that differ by one (the stage) must be scattered first, or a record would be
     * perturbed after all three stages or after none, with the same noise.
     */
    private static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xFF51AFD7ED558CCDL;
        z = (z ^ (z >>> 33)) * 0xC4CEB9FE1A85EC53L;
        return z ^ (z >>> 33);
    }

    /**
     * Re-draws the per-channel statistics of some rows of a feature map.
     *
     * @param x feature map [N,C,H,W]
     * @param mask 1 for each row to change, 0 to keep
     * @param noiseMean N×C standard-normal draws (times the strength) for the means
     * @param noiseStd N×C draws for the standard deviations
     * @return the feature map with row i's channel c normalised, then scaled by
     *     |σ + ε'·spread(σ)| and shifted by μ + ε·spread(μ), where spread is the standard deviation
     *     of that channel's statistic over the rows
     */
    static NDArray perturb(NDArray x, float[] mask, float[] noiseMean, float[] noiseStd) {
        NDManager m = x.getManager();
        long n = x.getShape().get(0);
        long c = x.getShape().get(1);
        Shape stats = new Shape(n, c, 1, 1);
        // DJL's PyTorch mean reduces one axis at a time
        NDArray mean = x.mean(new int[] {3}, true).mean(new int[] {2}, true);
        NDArray std = x.sub(mean).square().mean(new int[] {3}, true).mean(new int[] {2}, true).add(1e-6f).sqrt();
        NDArray meanSpread = spread(mean);
        NDArray stdSpread = spread(std);
        NDArray newMean = mean.add(m.create(noiseMean, stats).mul(meanSpread));
        NDArray newStd = std.add(m.create(noiseStd, stats).mul(stdSpread)).abs();
        NDArray restyled = x.sub(mean).div(std).mul(newStd).add(newMean);
        NDArray rows = m.create(mask, new Shape(n, 1, 1, 1));
        return x.add(restyled.sub(x).mul(rows));
    }

    /** Standard deviation over the rows [1,C,1,1] (0 for a single row). */
    private static NDArray spread(NDArray s) {
        return s.sub(s.mean(new int[] {0}, true)).square().mean(new int[] {0}, true).add(1e-6f).sqrt();
    }
}
