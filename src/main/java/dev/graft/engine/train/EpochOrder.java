package dev.graft.engine.train;

import dev.graft.core.run.Recipe;
import java.util.Random;

/**
 * What one epoch of training sees and in which order: how many fixed views each image has, how
 * many samples an epoch holds, and the shuffled records. Apart from the loop because these are
 * pure functions of the recipe and the epoch (a run is repeatable: the same seed gives the same
 * order), while the loop owns the network, the caches and the events.
 */
final class EpochOrder {

    private EpochOrder() {}

    /**
     * Fixed views per training image for a recipe: as is, mirrored, and the style-augmented ones.
     *
     * @param recipe the recipe
     * @return views
     */
    static int views(Recipe recipe) {
        return 1 + (recipe.mirror() ? 1 : 0) + recipe.views();
    }

    /**
     * Training samples per epoch of the main phase: every view when the whole backbone is frozen
     * (cheap), else each image as often as before views existed (1, or 2 with the mirror).
     *
     * @param recipe the recipe
     * @param images training images
     * @param headOnly whether only the head trains from cached features
     * @return samples per epoch
     */
    static int samplesPerEpoch(Recipe recipe, int images, boolean headOnly) {
        return images * (headOnly ? views(recipe) : Math.min(views(recipe), recipe.mirror() ? 2 : 1));
    }

    /**
     * The records of one epoch, shuffled: every view of every image when only the head trains;
     * otherwise each image in {@code samplesPerEpoch / n} views, moving on through all its views
     * from epoch to epoch.
     *
     * @param recipe the recipe
     * @param n training images
     * @param views fixed views per image
     * @param headOnly whether only the head trains from cached features
     * @param epoch the epoch, from 1
     * @return records ({@code view * n + image})
     */
    static int[] of(Recipe recipe, int n, int views, boolean headOnly, int epoch) {
        int[] order;
        if (headOnly) {
            order = new int[n * views];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
        } else {
            int per = samplesPerEpoch(recipe, n, false) / n;
            order = new int[n * per];
            for (int j = 0; j < per; j++) {
                for (int i = 0; i < n; i++) {
                    int view = (int) (((long) (epoch - 1) * per + j + i) % views);
                    order[j * n + i] = view * n + i;
                }
            }
        }
        shuffle(order, new Random(recipe.seed() * 1000 + epoch));
        return order;
    }

    private static void shuffle(int[] order, Random random) {
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }
}
