package dev.graft.engine.train;

import ai.djl.ndarray.NDArray;
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
 * Outputs of the frozen part of the network for every fixed view of every image, computed once:
 * the backbone's features when all of it is frozen, or the output of the frozen leading stages
 * (and their taps) when only later stages train. When the whole backbone is frozen it is a fixed
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
    private final int records;

    private FeatureCache(RecordStore store, int width, int records) {
        this.store = store;
        this.width = width;
        this.records = records;
    }

    /** Inputs of the network part whose outputs are cached, chunk by chunk. */
    interface Inputs {
        /** @return number of records */
        int size();

        /**
         * Inputs of some records.
         *
         * @param m manager of the chunk's tensors
         * @param start first record
         * @param n records
         * @return the network part's input
         * @throws ImageRejectedException if an image became unreadable
         */
        NDList get(NDManager m, int start, int n) throws ImageRejectedException;
    }

    /** The cached network part, run in inference mode. */
    interface Forward {
        /**
         * Runs it.
         *
         * @param ps parameter store (inference)
         * @param input a chunk's input
         * @param start the chunk's first record
         * @return n rows of {@code width} floats
         */
        NDArray run(ParameterStore ps, NDList input, int start);
    }

    /**
     * Every fixed view of every image of a store: record {@code k} is image {@code k % n} in view
     * {@code k / n}.
     *
     * @param images the images (views set)
     * @param s side length
     * @param views views per image
     * @return the inputs
     */
    static Inputs views(ImageStore images, int s, int views) {
        int per = 3 * s * s;
        return new Inputs() {
            @Override
            public int size() {
                return images.size() * views;
            }

            @Override
            public NDList get(NDManager m, int start, int n) throws ImageRejectedException {
                float[] batch = new float[n * per];
                for (int i = 0; i < n; i++) {
                    int k = start + i;
                    images.fillView(k % images.size(), k / images.size(), batch, i * per);
                }
                return new NDList(m.create(batch, new Shape(n, 3, s, s)));
            }
        };
    }

    /**
     * Runs the backbone over all images of a store in inference mode.
     *
     * @param net the network (backbone frozen)
     * @param images the images
     * @param manager parent manager for temporary tensors
     * @param chunk images per backbone pass
     * @param views fixed views per image (see {@link ImageStore#setViews}); record k is image
     *     k % n in view k / n
     * @param spillDir folder for features beyond the heap budget
     * @param stop checked between chunks: a stop ends the pass within one chunk
     * @param progress called after each chunk
     * @return the cache
     * @throws ImageRejectedException if an image became unreadable
     */
    static FeatureCache compute(GraftNet net, ImageStore images, NDManager manager, int chunk, int views,
            Path spillDir, StopSignal stop, Progress progress) throws ImageRejectedException {
        return compute(views(images, net.spec().imageSize(), views),
                (ps, x, start) -> net.backbone().forward(ps, x, false).singletonOrThrow(), net.spec().featureSize(),
                manager, chunk, spillDir, stop, progress);
    }

    /**
     * Runs part of a network over some inputs in inference mode and keeps its outputs.
     *
     * @param inputs the inputs
     * @param forward the part
     * @param width floats per record
     * @param manager parent manager for temporary tensors
     * @param chunk records per pass
     * @param spillDir folder for records beyond the heap budget
     * @param stop checked between chunks: a stop ends the pass within one chunk
     * @param progress called after each chunk
     * @return the cache
     * @throws ImageRejectedException if an image became unreadable
     */
    static FeatureCache compute(Inputs inputs, Forward forward, int width, NDManager manager, int chunk,
            Path spillDir, StopSignal stop, Progress progress) throws ImageRejectedException {
        int total = inputs.size();
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
                CoreShare.worker().adjust();
                int n = Math.min(chunk, total - start);
                try (NDManager m = manager.newSubManager()) {
                    float[] f = forward.run(new ParameterStore(m, false), inputs.get(m, start, n), start).toFloatArray();
                    if (f.length != n * width) {
                        throw new IllegalStateException("the network gave " + f.length / n + " values per record,"
                                + " expected " + width);
                    }
                    for (int i = 0; i < n; i++) {
                        ByteBuffer b = ByteBuffer.allocate(width * Float.BYTES).order(ByteOrder.nativeOrder());
                        b.asFloatBuffer().put(f, i * width, width);
                        store.put(start + i, b.array());
                    }
                }
                progress.update(start + n, total);
            }
            return new FeatureCache(store, width, total);
        } catch (RuntimeException | ImageRejectedException | Error e) {
            store.close();
            throw e;
        }
    }

    /**
     * This cache's records as inputs of a further network part.
     *
     * @param split turns a chunk's [n, width] rows into the part's input
     * @return the inputs
     */
    Inputs asInputs(java.util.function.BiFunction<NDManager, NDArray, NDList> split) {
        return new Inputs() {
            @Override
            public int size() {
                return records;
            }

            @Override
            public NDList get(NDManager m, int start, int n) {
                int[] idx = new int[n];
                for (int i = 0; i < n; i++) {
                    idx[i] = start + i;
                }
                return split.apply(m, m.create(batch(idx), new Shape(n, width)));
            }
        };
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
