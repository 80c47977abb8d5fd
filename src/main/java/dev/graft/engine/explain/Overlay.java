package dev.graft.engine.explain;

import dev.graft.core.explain.HeatColours;
import dev.graft.core.explain.HeatMap;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import javax.imageio.ImageIO;

/**
 * Draws a heat map over its image in {@link HeatColours}. Where the model never looked (the border
 * its centre crop cut away) the image is greyed at the same opacity instead of coloured, so the
 * overlay does not claim the model ignored what it never saw.
 */
public final class Overlay {

    /** The default opacity of the heat colours: the image stays readable under them. */
    public static final double DEFAULT_OPACITY = 0.5;

    private static final int UNSEEN = 0x808080;

    private Overlay() {}

    /**
     * Renders an overlay.
     *
     * @param image the decoded, upright image (possibly smaller than the original)
     * @param heat its heat map
     * @param opacity of the colours, 0 to 1
     * @param width the output's width (the original's)
     * @param height the output's height
     * @return an opaque RGB image
     */
    public static BufferedImage render(BufferedImage image, HeatMap heat, double opacity, int width, int height) {
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(image, 0, 0, width, height, null);
        } finally {
            g.dispose();
        }
        double sx = (double) heat.width() / width;
        double sy = (double) heat.height() / height;
        int[] row = new int[width];
        for (int y = 0; y < height; y++) {
            out.getRGB(0, y, width, 1, row, 0, width);
            double oy = (y + 0.5) * sy;
            for (int x = 0; x < width; x++) {
                double ox = (x + 0.5) * sx;
                row[x] = heat.seen(ox, oy) ? HeatColours.blend(row[x], heat.at(ox, oy), opacity)
                        : blendGrey(row[x], opacity);
            }
            out.setRGB(0, y, width, 1, row, 0, width);
        }
        return out;
    }

    private static int blendGrey(int pixel, double opacity) {
        int out = 0;
        for (int shift = 16; shift >= 0; shift -= 8) {
            int p = (pixel >> shift) & 0xFF;
            out |= ((int) Math.round(p * (1 - opacity) + ((UNSEEN >> shift) & 0xFF) * opacity)) << shift;
        }
        return out;
    }

    /**
     * Writes a PNG to a file that must not exist yet (user files are never overwritten).
     *
     * @param image the overlay
     * @param file the new file
     * @throws IOException when it exists already or cannot be written
     */
    public static void writeNew(BufferedImage image, Path file) throws IOException {
        try (var out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW)) {
            if (!ImageIO.write(image, "png", out)) {
                throw new IOException("no PNG writer");
            }
        }
    }
}
