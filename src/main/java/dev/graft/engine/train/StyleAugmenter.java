package dev.graft.engine.train;

import java.util.Random;

/**
 * Changes what art styles change, keeping what the object is: colour (hue, saturation, greyscale,
 * gamma, shading), line work (thicker or thinner dark strokes, an added dark outline, blur) and
 * framing (scale, position, a small rotation, mirror). Works on a decoded image composited onto
 * white (3 planes of {@code s×s} bytes); the background stays white, as it is for every image the
 * model sees.
 *
 * <p>Each view is a pure function of the image and its {@link Random}, so a view can be computed
 * once, run through the frozen part of the network, and cached (see {@link ImageStore#fillView}).
 */
final class StyleAugmenter {

    /** Below this distance from white (0..765, summed over channels) a pixel is background. */
    private static final int BACKGROUND = 30;

    private StyleAugmenter() {}

    /**
     * Makes one augmented view.
     *
     * @param px the image, 3 planes of s×s bytes (RGB, opaque, background white)
     * @param s side length
     * @param r randomness of this view
     * @return the view, same layout
     */
    static byte[] apply(byte[] px, int s, Random r) {
        int plane = s * s;
        float[] rgb = geometry(px, s, r);
        // line work: strokes thicker (min filter) or thinner (max filter), or a new dark outline
        double stroke = r.nextDouble();
        int radius = 1 + r.nextInt(Math.max(1, s / 75));
        if (stroke < 0.25) {
            rgb = extremum(rgb, s, radius, true);
        } else if (stroke < 0.4) {
            rgb = extremum(rgb, s, radius, false);
        } else if (stroke < 0.6) {
            outline(rgb, s, 1 + r.nextInt(Math.max(1, s / 40)), 0.15f * r.nextFloat());
        }
        colour(rgb, s, r);
        if (r.nextDouble() < 0.3) {
            rgb = blur(rgb, s, 1 + r.nextInt(Math.max(1, s / 75)));
        }
        byte[] out = new byte[3 * plane];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Math.round(Math.max(0f, Math.min(1f, rgb[i])) * 255f);
        }
        return out;
    }

    /**
     * Scale (0.7-1.15: smaller with more white around it, or cropped), position (±10 %), rotation
     * (±12°) and a random mirror, by inverse mapping with bilinear sampling; outside is white.
     */
    private static float[] geometry(byte[] px, int s, Random r) {
        double scale = 0.7 + 0.45 * r.nextDouble();
        double angle = Math.toRadians((r.nextDouble() * 2 - 1) * 12);
        double tx = (r.nextDouble() * 2 - 1) * 0.1 * s;
        double ty = (r.nextDouble() * 2 - 1) * 0.1 * s;
        boolean flip = r.nextBoolean();
        double c = Math.cos(angle) / scale;
        double sn = Math.sin(angle) / scale;
        double mid = (s - 1) / 2.0;
        int plane = s * s;
        float[] out = new float[3 * plane];
        for (int y = 0; y < s; y++) {
            for (int x = 0; x < s; x++) {
                double dx = (flip ? s - 1 - x : x) - mid - tx;
                double dy = y - mid - ty;
                double sx = c * dx + sn * dy + mid;
                double sy = -sn * dx + c * dy + mid;
                int x0 = (int) Math.floor(sx);
                int y0 = (int) Math.floor(sy);
                double fx = sx - x0;
                double fy = sy - y0;
                for (int ch = 0; ch < 3; ch++) {
                    int base = ch * plane;
                    double v = (1 - fy) * ((1 - fx) * at(px, s, base, x0, y0) + fx * at(px, s, base, x0 + 1, y0))
                            + fy * ((1 - fx) * at(px, s, base, x0, y0 + 1) + fx * at(px, s, base, x0 + 1, y0 + 1));
                    out[base + y * s + x] = (float) v;
                }
            }
        }
        return out;
    }

    private static double at(byte[] px, int s, int base, int x, int y) {
        if (x < 0 || y < 0 || x >= s || y >= s) {
            return 1;
        }
        return (px[base + y * s + x] & 0xFF) / 255.0;
    }

    /** Per-channel minimum (dark strokes grow) or maximum (they shrink) over a square window. */
    private static float[] extremum(float[] rgb, int s, int radius, boolean min) {
        int plane = s * s;
        float[] tmp = new float[rgb.length];
        float[] out = new float[rgb.length];
        for (int ch = 0; ch < 3; ch++) {
            int base = ch * plane;
            for (int y = 0; y < s; y++) {
                for (int x = 0; x < s; x++) {
                    float v = min ? Float.MAX_VALUE : -Float.MAX_VALUE;
                    for (int k = Math.max(0, x - radius); k <= Math.min(s - 1, x + radius); k++) {
                        float p = rgb[base + y * s + k];
                        v = min ? Math.min(v, p) : Math.max(v, p);
                    }
                    tmp[base + y * s + x] = v;
                }
            }
            for (int y = 0; y < s; y++) {
                for (int x = 0; x < s; x++) {
                    float v = min ? Float.MAX_VALUE : -Float.MAX_VALUE;
                    for (int k = Math.max(0, y - radius); k <= Math.min(s - 1, y + radius); k++) {
                        float p = tmp[base + k * s + x];
                        v = min ? Math.min(v, p) : Math.max(v, p);
                    }
                    out[base + y * s + x] = v;
                }
            }
        }
        return out;
    }

    /** Paints a dark ring of the given width around the drawing (outlined styles). */
    private static void outline(float[] rgb, int s, int width, float darkness) {
        int plane = s * s;
        boolean[] drawing = new boolean[plane];
        for (int i = 0; i < plane; i++) {
            float d = 3 - rgb[i] - rgb[plane + i] - rgb[2 * plane + i];
            drawing[i] = d * 255 > BACKGROUND;
        }
        // grow the drawing by `width` (two separable passes), the ring is grown minus drawing
        boolean[] grown = grow(grow(drawing, s, width, 1, s), s, width, s, 1);
        for (int i = 0; i < plane; i++) {
            if (grown[i] && !drawing[i]) {
                rgb[i] = darkness;
                rgb[plane + i] = darkness;
                rgb[2 * plane + i] = darkness;
            }
        }
    }

    /**
     * Grows a mask along one axis: a pixel is set when any pixel within {@code width} steps is.
     *
     * @param mask the mask, row-major
     * @param s side length
     * @param width how far to grow
     * @param step index distance of one step along the axis (1: along x, s: along y)
     * @param across index distance between neighbouring lines of that axis
     * @return a new mask
     */
    private static boolean[] grow(boolean[] mask, int s, int width, int step, int across) {
        boolean[] out = new boolean[mask.length];
        for (int line = 0; line < s; line++) {
            for (int pos = 0; pos < s; pos++) {
                boolean v = false;
                for (int k = Math.max(0, pos - width); k <= Math.min(s - 1, pos + width) && !v; k++) {
                    v = mask[line * across + k * step];
                }
                out[line * across + pos * step] = v;
            }
        }
        return out;
    }

    /**
     * Hue rotation (mostly small), saturation, greyscale, gamma and a soft light gradient, each
     * weighted by how far a pixel is from white, so the background stays white.
     */
    private static void colour(float[] rgb, int s, Random r) {
        int plane = s * s;
        double hue = r.nextDouble() < 0.7 ? (r.nextDouble() * 2 - 1) * Math.PI / 6 : (r.nextDouble() * 2 - 1) * Math.PI;
        double saturation = r.nextDouble() < 0.15 ? 0 : 0.5 + r.nextDouble();
        double gamma = Math.exp((r.nextDouble() * 2 - 1) * 0.4);
        double shade = r.nextDouble() < 0.5 ? 0.3 * r.nextDouble() : 0;
        double dir = r.nextDouble() * 2 * Math.PI;
        double gx = Math.cos(dir) / s;
        double gy = Math.sin(dir) / s;
        // hue rotation about the grey axis (a rotation in RGB space keeps greys grey)
        double cosH = Math.cos(hue);
        double sinH = Math.sin(hue);
        double k = (1 - cosH) / 3;
        double q = Math.sqrt(1 / 3.0) * sinH;
        double[][] m = {
            {cosH + k, k - q, k + q},
            {k + q, cosH + k, k - q},
            {k - q, k + q, cosH + k}
        };
        double mid = s / 2.0;
        for (int y = 0; y < s; y++) {
            for (int x = 0; x < s; x++) {
                int i = y * s + x;
                double rr = rgb[i];
                double g = rgb[plane + i];
                double b = rgb[2 * plane + i];
                double weight = Math.min(1, (3 - rr - g - b) * 255 / (2.0 * BACKGROUND));
                if (weight <= 0) {
                    continue;
                }
                double r2 = m[0][0] * rr + m[0][1] * g + m[0][2] * b;
                double g2 = m[1][0] * rr + m[1][1] * g + m[1][2] * b;
                double b2 = m[2][0] * rr + m[2][1] * g + m[2][2] * b;
                double grey = 0.299 * r2 + 0.587 * g2 + 0.114 * b2;
                r2 = grey + saturation * (r2 - grey);
                g2 = grey + saturation * (g2 - grey);
                b2 = grey + saturation * (b2 - grey);
                double light = 1 + shade * ((x - mid) * gx + (y - mid) * gy) * 2;
                r2 = Math.pow(clamp(r2 * light), gamma);
                g2 = Math.pow(clamp(g2 * light), gamma);
                b2 = Math.pow(clamp(b2 * light), gamma);
                rgb[i] = (float) (rr + weight * (r2 - rr));
                rgb[plane + i] = (float) (g + weight * (g2 - g));
                rgb[2 * plane + i] = (float) (b + weight * (b2 - b));
            }
        }
    }

    private static double clamp(double v) {
        return v < 0 ? 0 : v > 1 ? 1 : v;
    }

    /** Box blur, separable. */
    private static float[] blur(float[] rgb, int s, int radius) {
        int plane = s * s;
        float[] tmp = new float[rgb.length];
        float[] out = new float[rgb.length];
        for (int ch = 0; ch < 3; ch++) {
            int base = ch * plane;
            for (int y = 0; y < s; y++) {
                for (int x = 0; x < s; x++) {
                    float sum = 0;
                    int n = 0;
                    for (int k = Math.max(0, x - radius); k <= Math.min(s - 1, x + radius); k++) {
                        sum += rgb[base + y * s + k];
                        n++;
                    }
                    tmp[base + y * s + x] = sum / n;
                }
            }
            for (int y = 0; y < s; y++) {
                for (int x = 0; x < s; x++) {
                    float sum = 0;
                    int n = 0;
                    for (int k = Math.max(0, y - radius); k <= Math.min(s - 1, y + radius); k++) {
                        sum += tmp[base + k * s + x];
                        n++;
                    }
                    out[base + y * s + x] = sum / n;
                }
            }
        }
        return out;
    }
}
