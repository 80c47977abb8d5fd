package dev.graft.engine.train;

import dev.graft.core.data.LabeledImage;
import dev.graft.engine.image.ImageDecoder;
import dev.graft.engine.image.ImagePreprocessor;
import dev.graft.engine.image.ImageRejectedException;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/**
 * Model inputs for a list of images. Decoded, resized pixels are kept as bytes (a quarter of the
 * floats) on the heap up to a budget and beyond it in a spill file, so later epochs skip
 * decoding; augmentation (mirror, random crop-and-zoom of up to 15 %) works on those bytes.
 */
public final class ImageStore implements AutoCloseable {

    private final List<LabeledImage> images;
    private final ImageDecoder decoder;
    private final ImagePreprocessor unit;
    private final float[] mean;
    private final float[] std;
    private final RecordStore cache;
    private boolean mirrorView;
    private int augmentedViews;
    private long viewSeed;

    /**
     * Creates a store.
     *
     * @param images the images
     * @param size input side length
     * @param mean per-channel mean (null for none)
     * @param std per-channel std (null for none)
     * @param heapBudget heap bytes for cached pixels (0: decode every time they are needed)
     * @param spillDir folder for pixels beyond the heap budget (Graft's own), or null for none
     */
    public ImageStore(List<LabeledImage> images, int size, float[] mean, float[] std, long heapBudget,
            Path spillDir) {
        this.images = List.copyOf(images);
        this.decoder = new ImageDecoder();
        this.unit = new ImagePreprocessor(size, null, null);
        this.mean = mean == null ? new float[] {0, 0, 0} : mean;
        this.std = std == null ? new float[] {1, 1, 1} : std;
        this.cache = new RecordStore(images.size(), 3 * size * size, heapBudget, spillDir);
    }

    /** @return number of images */
    public int size() {
        return images.size();
    }

    /**
     * The label of an image.
     *
     * @param i index
     * @return class index
     */
    public int label(int i) {
        return images.get(i).label();
    }

    /** @return the images */
    public List<LabeledImage> images() {
        return images;
    }

    /**
     * Writes one image's input into a batch buffer.
     *
     * @param i image index
     * @param out destination, CHW floats
     * @param offset where to start in out
     * @param mirror mirror left-right
     * @param random augmentation randomness, or null for none
     * @throws ImageRejectedException if the file stopped being readable since the scan
     */
    public void fill(int i, float[] out, int offset, boolean mirror, Random random) throws ImageRejectedException {
        byte[] px = pixels(i);
        int s = unit.size();
        int plane = s * s;
        boolean flip = mirror;
        double zoom = 1;
        double dx = 0;
        double dy = 0;
        if (random != null) {
            flip ^= random.nextBoolean();
            zoom = 1 - 0.15 * random.nextDouble();
            dx = random.nextDouble() * (1 - zoom) * s;
            dy = random.nextDouble() * (1 - zoom) * s;
        }
        for (int y = 0; y < s; y++) {
            int sy = random == null ? y : (int) (dy + y * zoom);
            for (int x = 0; x < s; x++) {
                int xx = flip ? s - 1 - x : x;
                int sx = random == null ? xx : (int) (dx + xx * zoom);
                int src = sy * s + sx;
                int dst = offset + y * s + x;
                for (int c = 0; c < 3; c++) {
                    out[dst + c * plane] = ((px[c * plane + src] & 0xFF) / 255f - mean[c]) / std[c];
                }
            }
        }
    }

    /**
     * Sets the fixed views of every image: view 0 is the image as is, view 1 its mirror image
     * (when {@code mirror}), then {@code augmented} style-augmented views ({@link StyleAugmenter}).
     * A view depends only on the image, its index and the seed, so it can be cached.
     *
     * @param mirror whether view 1 is the mirror image
     * @param augmented number of style-augmented views
     * @param seed the run's seed
     */
    public void setViews(boolean mirror, int augmented, long seed) {
        this.mirrorView = mirror;
        this.augmentedViews = augmented;
        this.viewSeed = seed;
    }

    /** @return fixed views per image */
    public int viewCount() {
        return 1 + (mirrorView ? 1 : 0) + augmentedViews;
    }

    /** @return the first view index that is a style-augmented view (after the image and its mirror) */
    public int firstStyleView() {
        return mirrorView ? 2 : 1;
    }

    /**
     * Writes one fixed view of an image into a batch buffer.
     *
     * @param i image index
     * @param view view index, below {@link #viewCount()}
     * @param out destination, CHW floats
     * @param offset where to start in out
     * @throws ImageRejectedException if the file stopped being readable since the scan
     */
    public void fillView(int i, int view, float[] out, int offset) throws ImageRejectedException {
        if (view < firstStyleView()) {
            fill(i, out, offset, view == 1, null);
            return;
        }
        int s = unit.size();
        int plane = s * s;
        byte[] px = StyleAugmenter.apply(pixels(i), s, new Random(viewSeed(i, view)));
        for (int k = 0; k < plane; k++) {
            for (int c = 0; c < 3; c++) {
                out[offset + c * plane + k] = ((px[c * plane + k] & 0xFF) / 255f - mean[c]) / std[c];
            }
        }
    }

    /**
     * One augmented view as bytes (for tests and for looking at what the model sees).
     *
     * @param i image index
     * @param view a view index at or above the first augmented one
     * @return 3 planes of s×s bytes
     * @throws ImageRejectedException if the file stopped being readable
     */
    byte[] augmentedPixels(int i, int view) throws ImageRejectedException {
        return StyleAugmenter.apply(pixels(i), unit.size(), new Random(viewSeed(i, view)));
    }

    /** @return the decoded pixels of an image (3 planes of s×s bytes; shared, do not modify) */
    byte[] originalPixels(int i) throws ImageRejectedException {
        return pixels(i);
    }

    private long viewSeed(int i, int view) {
        // the image's label and file name, not its full path: the same dataset copied or moved
        // elsewhere (or a test's temporary folder) must draw the same views from the same seed
        LabeledImage im = images.get(i);
        long h = viewSeed * 0x9E3779B97F4A7C15L + (im.label() + "/" + im.file().getFileName()).hashCode();
        return h * 31 + view;
    }

    private byte[] pixels(int i) throws ImageRejectedException {
        byte[] px = cache.get(i);
        if (px != null) {
            return px;
        }
        float[] f = unit.toChw(decoder.decode(images.get(i).file()), false);
        px = new byte[f.length];
        for (int k = 0; k < f.length; k++) {
            px[k] = (byte) Math.round(f[k] * 255f);
        }
        cache.put(i, px);
        return px;
    }

    /** @return how many images' pixels fit on the heap; the rest spill to disk or are re-decoded */
    public int heapImages() {
        return cache.heapRecords();
    }

    @Override
    public void close() {
        cache.close();
    }
}
