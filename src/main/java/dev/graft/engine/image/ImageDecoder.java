package dev.graft.engine.image;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.stream.FileImageInputStream;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes an image file into an opaque 8-bit RGB image, or says why it cannot.
 *
 * <p>Every format ImageIO knows is accepted (PNG, JPEG incl. CMYK/YCCK through TwelveMonkeys,
 * BMP, GIF first frame). Greyscale, palette, 16-bit and alpha images are all drawn into
 * {@code TYPE_INT_RGB}; transparent pixels are composited onto a fixed background colour (white
 * by default), because dropping alpha turns the (0,0,0,0) background of icons black. Dimensions
 * are read from the header before any pixel is decoded: an image larger than
 * {@link #MAX_DECODED_PIXELS} (a 48-megapixel phone photo) is decoded downsampled, by the smallest
 * whole factor that brings it under that size, so that memory stays bounded whatever the camera;
 * only absurd sizes (a "decompression bomb") are refused.
 */
public final class ImageDecoder {

    /**
     * Images with more pixels than this are decoded downsampled (about 180 MB as ARGB at most);
     * smaller ones are decoded pixel for pixel, as they always were.
     */
    public static final long MAX_DECODED_PIXELS = 45_000_000L;

    /**
     * Images with more pixels than this are refused before decoding: no camera makes them, and
     * even downsampled, reading one would take minutes (the decoder still reads every row).
     */
    public static final long MAX_PIXELS = 1_000_000_000L;

    /**
     * The colour transparent pixels become for training, prediction and the exported model: white,
     * because icons' transparent (0,0,0,0) background would otherwise turn black.
     */
    public static final int BACKGROUND = 0xFFFFFF;

    /**
     * A decoded image and the size of the file's own image (larger than the pixels when it was
     * decoded downsampled).
     *
     * @param image opaque {@code TYPE_INT_RGB}, upright, transparency composited onto the decoder's
     *     background
     * @param width the image's own width in pixels, upright
     * @param height the image's own height in pixels, upright
     * @param source the pixels as decoded, before compositing (possibly with alpha; not upright)
     * @param orientation the EXIF orientation (1..8) that makes {@code source} upright
     */
    public record Decoded(BufferedImage image, int width, int height, BufferedImage source, int orientation) {

        /** @return true when the image has transparency, so that its look depends on the background */
        public boolean transparent() {
            return source.getColorModel().hasAlpha();
        }

        /**
         * The image composited onto another background (the health check compares images as they
         * look on more than one: a JPEG copy of a transparent PNG often has a black background).
         *
         * @param backgroundRgb the colour transparent pixels become, as 0xRRGGBB
         * @return an opaque upright {@code TYPE_INT_RGB} image; {@link #image()} itself when opaque
         */
        public BufferedImage on(int backgroundRgb) {
            return transparent() ? composite(source, orientation, backgroundRgb) : image;
        }
    }

    private final int background;

    /** A decoder that composites transparency onto {@link #BACKGROUND}. */
    public ImageDecoder() {
        this(BACKGROUND);
    }

    /**
     * A decoder with a chosen background.
     *
     * @param backgroundRgb the colour transparent pixels become, as 0xRRGGBB
     */
    public ImageDecoder(int backgroundRgb) {
        this.background = backgroundRgb;
    }

    /**
     * Decodes a file.
     *
     * @param file the image file
     * @return an opaque {@code TYPE_INT_RGB} image, upright according to EXIF orientation
     * @throws ImageRejectedException with the reason when the file cannot be used
     */
    public BufferedImage decode(Path file) throws ImageRejectedException {
        return decodeSized(file).image();
    }

    /**
     * Decodes a file and tells its own size (a very large image is decoded downsampled).
     *
     * @param file the image file
     * @return the pixels and the image's own size
     * @throws ImageRejectedException with the reason when the file cannot be used
     */
    public Decoded decodeSized(Path file) throws ImageRejectedException {
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new ImageRejectedException("unreadable: " + e.getMessage());
        }
        if (size == 0) {
            throw new ImageRejectedException("empty file (0 bytes)");
        }
        BufferedImage raw;
        String format;
        long w;
        long h;
        ImageInputStream opened;
        try {
            // opened directly (not through ImageIO's stream cache): a file we may not read is
            // "unreadable (permission denied)", not a corrupt image
            opened = new FileImageInputStream(file.toFile());
        } catch (java.io.FileNotFoundException | SecurityException e) {
            String msg = e.getMessage() == null ? "" : e.getMessage();
            throw new ImageRejectedException(msg.contains("Permission denied") || !Files.isReadable(file)
                    ? "unreadable (permission denied)" : "unreadable: " + msg);
        } catch (IOException e) {
            throw new ImageRejectedException("unreadable: " + e.getMessage());
        }
        try (ImageInputStream in = opened) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new ImageRejectedException(dev.graft.core.data.SkippedFile.NOT_AN_IMAGE);
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                format = reader.getFormatName().toLowerCase(Locale.ROOT);
                w = reader.getWidth(0);
                h = reader.getHeight(0);
                if (w <= 0 || h <= 0) {
                    throw new ImageRejectedException("invalid image dimensions " + w + "x" + h);
                }
                if (w * h > MAX_PIXELS) {
                    throw new ImageRejectedException(String.format(Locale.ROOT,
                            "image too large to decode safely (%dx%d px, limit %d megapixels)",
                            w, h, MAX_PIXELS / 1_000_000));
                }
                List<String> warnings = new ArrayList<>();
                reader.addIIOReadWarningListener(warningCollector(warnings));
                ImageReadParam param = reader.getDefaultReadParam();
                int step = subsampling(w, h);
                if (step > 1) {
                    param.setSourceSubsampling(step, step, 0, 0);
                }
                raw = reader.read(0, param);
                for (String warning : warnings) {
                    String lower = warning.toLowerCase(Locale.ROOT);
                    if (lower.contains("premature") || lower.contains("truncat") || lower.contains("corrupt")) {
                        throw new ImageRejectedException("truncated or corrupt image data (" + warning + ")");
                    }
                }
            } finally {
                reader.dispose();
            }
        } catch (ImageRejectedException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new ImageRejectedException("truncated or corrupt image data (" + msg + ")");
        } catch (OutOfMemoryError e) {
            throw new ImageRejectedException("image too large to decode in the available memory");
        }
        int orientation = 1;
        if (format.contains("jp")) {
            try (InputStream in = Files.newInputStream(file)) {
                orientation = ExifOrientation.read(in);
            } catch (IOException e) {
                orientation = 1;
            }
        }
        BufferedImage upright = toRgb(raw, orientation);
        boolean swap = orientation >= 5;
        return new Decoded(upright, (int) (swap ? h : w), (int) (swap ? w : h), raw, orientation);
    }

    /**
     * The whole factor by which an image is downsampled while it is decoded.
     *
     * @param w its width
     * @param h its height
     * @return 1 for images up to {@link #MAX_DECODED_PIXELS}, otherwise the smallest factor that
     *     brings them under it
     */
    static int subsampling(long w, long h) {
        int step = 1;
        while (((w + step - 1) / step) * ((h + step - 1) / step) > MAX_DECODED_PIXELS) {
            step++;
        }
        return step;
    }

    /**
     * Composites an already decoded image (any type, possibly with alpha) onto the background.
     *
     * @param image the image
     * @return an opaque {@code TYPE_INT_RGB} copy
     */
    public BufferedImage flatten(BufferedImage image) {
        return toRgb(image, 1);
    }

    private static IIOReadWarningListener warningCollector(List<String> warnings) {
        return (source, warning) -> warnings.add(warning);
    }

    /**
     * Draws any image into opaque RGB over the background, applying an EXIF orientation.
     *
     * @param src the decoded image (any type)
     * @param orientation EXIF orientation 1..8
     * @return a new {@code TYPE_INT_RGB} image
     */
    BufferedImage toRgb(BufferedImage src, int orientation) {
        return composite(src, orientation, background);
    }

    private static BufferedImage composite(BufferedImage src, int orientation, int background) {
        int w = src.getWidth();
        int h = src.getHeight();
        boolean swap = orientation >= 5;
        BufferedImage out = new BufferedImage(swap ? h : w, swap ? w : h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setColor(new Color(background));
            g.fillRect(0, 0, out.getWidth(), out.getHeight());
            g.drawImage(src, orientationTransform(orientation, w, h), null);
        } finally {
            g.dispose();
        }
        return out;
    }

    private static AffineTransform orientationTransform(int orientation, int w, int h) {
        switch (orientation) {
            case 2: return new AffineTransform(-1, 0, 0, 1, w, 0);
            case 3: return new AffineTransform(-1, 0, 0, -1, w, h);
            case 4: return new AffineTransform(1, 0, 0, -1, 0, h);
            case 5: return new AffineTransform(0, 1, 1, 0, 0, 0);
            case 6: return new AffineTransform(0, 1, -1, 0, h, 0);
            case 7: return new AffineTransform(0, -1, -1, 0, h, w);
            case 8: return new AffineTransform(0, -1, 1, 0, 0, w);
            default: return new AffineTransform();
        }
    }
}
