package dev.graft.engine.image;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/**
 * Turns an opaque RGB image into the model's input: centre-cropped to a square, resized to
 * {@code size}×{@code size} (bilinear, halving steps first when shrinking a lot so large photos
 * do not alias), as CHW floats in [0, 1], optionally normalised by per-channel mean and std.
 *
 * <p>Training, {@code graft predict} and the exported model's DJL translator all call this one
 * class, so an exported model sees exactly the pixels it was trained on.
 */
public final class ImagePreprocessor {

    private final int size;
    private final float[] mean;
    private final float[] std;

    /**
     * Creates a preprocessor.
     *
     * @param size output side length in pixels
     * @param mean per-channel mean subtracted after scaling to [0, 1] (null for none)
     * @param std per-channel std divided by (null for none)
     */
    public ImagePreprocessor(int size, float[] mean, float[] std) {
        this.size = size;
        this.mean = mean == null ? new float[] {0, 0, 0} : mean.clone();
        this.std = std == null ? new float[] {1, 1, 1} : std.clone();
    }

    /** @return the output side length */
    public int size() {
        return size;
    }

    /**
     * Converts an image.
     *
     * @param rgb an opaque image (from {@link ImageDecoder})
     * @param flip mirror left-right (augmentation)
     * @return 3×size×size floats, channel-major
     */
    public float[] toChw(BufferedImage rgb, boolean flip) {
        BufferedImage square = resize(centreSquare(rgb), size);
        int[] pixels = square.getRGB(0, 0, size, size, null, 0, size);
        int plane = size * size;
        float[] out = new float[3 * plane];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int p = pixels[y * size + (flip ? size - 1 - x : x)];
                int i = y * size + x;
                out[i] = (((p >> 16) & 0xFF) / 255f - mean[0]) / std[0];
                out[plane + i] = (((p >> 8) & 0xFF) / 255f - mean[1]) / std[1];
                out[2 * plane + i] = ((p & 0xFF) / 255f - mean[2]) / std[2];
            }
        }
        return out;
    }

    private static BufferedImage centreSquare(BufferedImage img) {
        int w = img.getWidth();
        int h = img.getHeight();
        if (w == h) {
            return img;
        }
        int s = Math.min(w, h);
        return img.getSubimage((w - s) / 2, (h - s) / 2, s, s);
    }

    static BufferedImage resize(BufferedImage img, int target) {
        BufferedImage current = img;
        // Halve first: one bilinear step from 4000 px to 224 px would sample only every 18th pixel.
        while (current.getWidth() >= target * 2) {
            current = draw(current, current.getWidth() / 2);
        }
        return current.getWidth() == target ? current : draw(current, target);
    }

    private static BufferedImage draw(BufferedImage img, int side) {
        BufferedImage out = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(img, 0, 0, side, side, null);
        } finally {
            g.dispose();
        }
        return out;
    }
}
