package dev.graft.engine.train;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.graft.core.run.StopSignal;
import dev.graft.engine.image.ImageRejectedException;
import dev.graft.engine.net.GraftNet;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;

/**
 * Backbone outputs of every image, computed once. When the whole backbone is frozen it is a fixed
 * function of the image, so epochs after the first only need the head: this is the difference
 * between minutes and seconds per epoch. Augmentation changes the image every epoch, which is the
 * one reason to bypass the cache. Features live on the heap up to a budget, beyond it in a spill
 * file in the run folder.
 */
final class FeatureCache implements AutoCloseable {

    /** Progress of the backbone pass. */
    interface Progress {
        /**
         * Called after each chunk.
         *
         * @param done passes done
         * @param total passes to do
         */
        void update(int done, int total);
    }

    private final RecordStore store;
    private final int width;

    private FeatureCache(RecordStore store, int width) {
        this.store = store;
        this.width = width;
    }

    /**
     * Runs the backbone over all images of a store in inference mode.
     *
     * @param net the network (backbone frozen)
     * @param images the images
     * @param manager parent manager for temporary tensors
     * @param chunk images per backbone pass
     * @param views 1 for the images, 2 to add their mirror images (indices n..2n-1)
     * @param spillDir folder for features beyond the heap budget
     * @param stop checked between chunks: a stop ends the pass within one chunk
     * @param progress called after each chunk
     * @return the cache
     * @throws ImageRejectedException if an image became unreadable
     */
    static FeatureCache compute(GraftNet net, ImageStore images, NDManager manager, int chunk, int views,
            Path spillDir, StopSignal stop, Progress progress) throws ImageRejectedException {
        int s = net.spec().imageSize();
        int per = 3 * s * s;
        int total = images.size() * views;
        int width = net.spec().featureSize();
        RecordStore store = new RecordStore(total, width * Float.BYTES, MemoryBudget.heapShare(MemoryBudget.FEATURES),
                spillDir);
        if (store.heapRecords() < total && !store.spills()) {
            store.close();
            throw new IllegalStateException(String.format(java.util.Locale.ROOT, "The feature cache needs %,d MB:"
                    + " more than Graft may use of the Java heap (%,d MB) and there is not enough free disk space"
                    + " in %s for the rest. Free some disk space, or give the training process more memory.",
                    (long) total * width * Float.BYTES >> 20, Runtime.getRuntime().maxMemory() >> 20, spillDir));
        }
        try {
            for (int start = 0; start < total; start += chunk) {
                stop.check();
                int n = Math.min(chunk, total - start);
                float[] batch = new float[n * per];
                for (int i = 0; i < n; i++) {
                    int k = start + i;
                    images.fill(k % images.size(), batch, i * per, k >= images.size(), null);
                }
                try (NDManager m = manager.newSubManager()) {
                    float[] f = net.backbone().forward(new ParameterStore(m, false),
                            new NDList(m.create(batch, new Shape(n, 3, s, s))), false).singletonOrThrow()
                            .toFloatArray();
                    if (f.length != n * width) {
                        throw new IllegalStateException("backbone gave " + f.length / n + " features per image, the"
                                + " architecture says " + width);
                    }
                    for (int i = 0; i < n; i++) {
                        ByteBuffer b = ByteBuffer.allocate(width * Float.BYTES).order(ByteOrder.nativeOrder());
                        b.asFloatBuffer().put(f, i * width, width);
                        store.put(start + i, b.array());
                    }
                }
                progress.update(start + n, total);
            }
            return new FeatureCache(store, width);
        } catch (RuntimeException | ImageRejectedException | Error e) {
            store.close();
            throw e;
        }
    }

    /**
     * Copies the features of some images into a batch buffer.
     *
     * @param indices image indices
     * @return n×F floats
     */
    float[] batch(int[] indices) {
        float[] out = new float[indices.length * width];
        for (int i = 0; i < indices.length; i++) {
            byte[] b = store.get(indices[i]);
            if (b == null) {
                throw new IllegalStateException("feature cache lost image " + indices[i]
                        + " (no room on the heap or disk)");
            }
            FloatBuffer f = ByteBuffer.wrap(b).order(ByteOrder.nativeOrder()).asFloatBuffer();
            f.get(out, i * width, width);
        }
        return out;
    }

    /** @return feature width */
    int width() {
        return width;
    }

    @Override
    public void close() {
        store.close();
    }
}
