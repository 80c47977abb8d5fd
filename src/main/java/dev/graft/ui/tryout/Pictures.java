package dev.graft.ui.tryout;

import dev.graft.core.explain.Picture;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;

/** Copies toolkit-free {@link Picture}s into JavaFX images and back. */
public final class Pictures {

    private Pictures() {}

    /**
     * A picture as a JavaFX image.
     *
     * @param p the pixels
     * @return a new image
     */
    public static WritableImage image(Picture p) {
        WritableImage img = new WritableImage(p.width(), p.height());
        img.getPixelWriter().setPixels(0, 0, p.width(), p.height(), PixelFormat.getIntArgbInstance(), p.argb(), 0,
                p.width());
        return img;
    }

    /**
     * A picture shown at a side length on its longer side (small icons scaled up, smoothly).
     *
     * @param p the pixels
     * @param side the longer side on screen
     * @return the view
     */
    public static ImageView shown(Picture p, double side) {
        ImageView v = new ImageView(image(p));
        v.setPreserveRatio(true);
        v.setSmooth(true);
        if (p.width() >= p.height()) {
            v.setFitWidth(side);
        } else {
            v.setFitHeight(side);
        }
        return v;
    }

    /**
     * A JavaFX image's pixels (a pasted or dropped image).
     *
     * @param image the image
     * @return its pixels
     */
    public static Picture picture(Image image) {
        int w = (int) image.getWidth();
        int h = (int) image.getHeight();
        int[] px = new int[w * h];
        image.getPixelReader().getPixels(0, 0, w, h, PixelFormat.getIntArgbInstance(), px, 0, w);
        return new Picture(w, h, px);
    }
}
