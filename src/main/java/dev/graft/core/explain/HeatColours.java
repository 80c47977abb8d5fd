package dev.graft.core.explain;

/**
 * The colour map of heat maps: viridis (van der Walt and Smith, matplotlib), dark blue-violet at
 * 0 through teal to yellow at 1. Its lightness rises steadily, so it reads the same to people with
 * red-green or blue-yellow colour blindness and in greyscale, unlike the usual rainbow "jet".
 *
 * <p>Computed by a degree-6 polynomial fit of viridis (Matt Zucker, public domain) rather than a
 * 256-entry table; it stays within about 1% of matplotlib's values.
 */
public final class HeatColours {

    private static final double[][] C = {
        {0.2777273272234177, 0.005407344544966578, 0.3340998053353061},
        {0.1050930431085774, 1.404613529898575, 1.384590162594685},
        {-0.3308618287255563, 0.214847559468213, 0.09509516302823659},
        {-4.634230498983486, -5.799100973351585, -19.33244095627987},
        {6.228269936347081, 14.17993336680509, 56.69055260068105},
        {4.776384997670288, -13.74514537774601, -65.35303263337234},
        {-5.435455855934631, 4.645852612178535, 26.3124352495832},
    };

    private static final int[] TABLE = new int[256];

    static {
        for (int i = 0; i < TABLE.length; i++) {
            double t = i / 255.0;
            int rgb = 0;
            for (int ch = 0; ch < 3; ch++) {
                double v = 0;
                for (int k = C.length - 1; k >= 0; k--) {
                    v = v * t + C[k][ch];
                }
                rgb = (rgb << 8) | (int) Math.round(Math.max(0, Math.min(1, v)) * 255);
            }
            TABLE[i] = rgb;
        }
    }

    private HeatColours() {}

    /**
     * The colour of a heat value.
     *
     * @param heat 0 to 1 (clamped)
     * @return 0xRRGGBB
     */
    public static int rgb(double heat) {
        double h = Double.isNaN(heat) ? 0 : Math.max(0, Math.min(1, heat));
        return TABLE[(int) Math.round(h * 255)];
    }

    /**
     * Blends a heat colour over a pixel.
     *
     * @param pixel the image's 0xRRGGBB
     * @param heat 0 to 1
     * @param opacity of the heat colour, 0 (image only) to 1 (colour only)
     * @return 0xRRGGBB
     */
    public static int blend(int pixel, double heat, double opacity) {
        int c = rgb(heat);
        double a = Math.max(0, Math.min(1, opacity));
        int out = 0;
        for (int shift = 16; shift >= 0; shift -= 8) {
            int p = (pixel >> shift) & 0xFF;
            int q = (c >> shift) & 0xFF;
            out |= ((int) Math.round(p * (1 - a) + q * a)) << shift;
        }
        return out;
    }
}
