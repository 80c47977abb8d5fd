package dev.graft.engine.train;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.graft.engine.image.ImageRejectedException;
import dev.graft.engine.net.GraftNet;
import java.util.function.IntConsumer;

/**
 * Backbone outputs of every image, computed once. When the whole backbone is frozen it is a fixed
 * function of the image, so epochs after the first only need the head: this is the difference
 * between minutes and seconds per epoch. Augmentation changes the image every epoch, which is the
 * one reason to bypass the cache.
 */
final class FeatureCache {

    private final float[][] features;

    private FeatureCache(float[][] features) {
        this.features = features;
    }

    /**
     * Runs the backbone over all images of a store in inference mode.
     *
     * @param net the network (backbone frozen)
     * @param store the images
     * @param manager parent manager for temporary tensors
     * @param batchSize images per pass
     * @param views 1 for the images, 2 to add their mirror images (indices n..2n-1)
     * @param progress called with the number of images done
     * @return the cache
     * @throws ImageRejectedException if an image became unreadable
     */
    static FeatureCache compute(GraftNet net, ImageStore store, NDManager manager, int batchSize, int views,
            IntConsumer progress) throws ImageRejectedException {
        int s = net.spec().imageSize();
        int per = 3 * s * s;
        int total = store.size() * views;
        float[][] out = new float[total][];
        for (int start = 0; start < total; start += batchSize) {
            int n = Math.min(batchSize, total - start);
            float[] batch = new float[n * per];
            for (int i = 0; i < n; i++) {
                int k = start + i;
                store.fill(k % store.size(), batch, i * per, k >= store.size(), null);
            }
            try (NDManager m = manager.newSubManager()) {
                float[] f = net.backbone().forward(new ParameterStore(m, false),
                        new NDList(m.create(batch, new Shape(n, 3, s, s))), false).singletonOrThrow().toFloatArray();
                int width = f.length / n;
                for (int i = 0; i < n; i++) {
                    out[start + i] = java.util.Arrays.copyOfRange(f, i * width, (i + 1) * width);
                }
            }
            progress.accept(start + n);
        }
        return new FeatureCache(out);
    }

    /**
     * Copies the features of some images into a batch buffer.
     *
     * @param indices image indices
     * @return n×F floats
     */
    float[] batch(int[] indices) {
        int width = features[0].length;
        float[] out = new float[indices.length * width];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(features[indices[i]], 0, out, i * width, width);
        }
        return out;
    }

    /** @return feature width */
    int width() {
        return features[0].length;
    }
}
