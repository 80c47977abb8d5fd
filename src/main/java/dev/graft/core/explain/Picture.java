package dev.graft.core.explain;

/**
 * Pixels to show, independent of any toolkit: the window copies them into its own image.
 *
 * @param width in pixels
 * @param height in pixels
 * @param argb row by row from the top, 0xAARRGGBB
 */
public record Picture(int width, int height, int[] argb) {

    /**
     * The heat map coloured with {@link HeatColours}, opaque where the model saw the image and
     * transparent over the cropped-away border, to be drawn over the image at some opacity.
     *
     * @param heat the heat map
     * @param width pixels across (the image's aspect ratio is the caller's to keep)
     * @param height pixels down
     * @return the coloured heat
     */
    public static Picture ofHeat(HeatMap heat, int width, int height) {
        int[] px = new int[width * height];
        double sx = (double) heat.width() / width;
        double sy = (double) heat.height() / height;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double ox = (x + 0.5) * sx;
                double oy = (y + 0.5) * sy;
                px[y * width + x] = heat.seen(ox, oy) ? 0xFF000000 | HeatColours.rgb(heat.at(ox, oy)) : 0;
            }
        }
        return new Picture(width, height, px);
    }
}
