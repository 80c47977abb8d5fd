package dev.graft.engine.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import java.util.function.BiFunction;

/** Inputs of training or validation batches; a record is image {@code r % n} in view {@code r / n}. */
interface Batches {
    /**
     * The inputs of a batch.
     *
     * @param m manager of the batch
     * @param records the batch's records
     * @param aug randomness of augmentation, or null for fixed views
     * @return the inputs
     * @throws Exception when an image cannot be read
     */
    NDList input(NDManager m, int[] records, Random aug) throws Exception;

    /**
     * Rows of a feature or frozen-stage cache.
     *
     * @param cache the cache
     * @param unpack turns the rows into the network's inputs; null: the rows are the input
     * @return the inputs
     */
    static Batches cached(FeatureCache cache, BiFunction<NDManager, NDArray, NDList> unpack) {
        return (m, records, aug) -> {
            NDArray rows = m.create(cache.batch(records), new Shape(records.length, cache.width()));
            return unpack == null ? new NDList(rows) : unpack.apply(m, rows);
        };
    }

    /**
     * Decoded images: the image or its mirror with random augmentation when {@code aug} is given,
     * else the fixed view (as is, mirrored or style-augmented).
     *
     * @param store the images
     * @param size side length
     * @param mirror whether view 1 is the mirror image
     * @return the inputs
     */
    static Batches images(ImageStore store, int size, boolean mirror) {
        int per = 3 * size * size;
        return (m, records, aug) -> {
            float[] x = new float[records.length * per];
            int n = store.size();
            for (int i = 0; i < records.length; i++) {
                int image = records[i] % n;
                int view = records[i] / n;
                if (aug != null && view < (mirror ? 2 : 1)) {
                    store.fill(image, x, i * per, view == 1, aug);
                } else {
                    store.fillView(image, view, x, i * per);
                }
            }
            return new NDList(m.create(x, new Shape(records.length, 3, size, size)));
        };
    }
}
