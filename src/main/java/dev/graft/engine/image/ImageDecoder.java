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
 * are read from the header and checked before any pixel is decoded, so a "decompression bomb"
 * cannot exhaust memory.
 */
public final class ImageDecoder {

    /** Images with more pixels than this are refused before decoding (about 180 MB as ARGB). */
    public static final long MAX_PIXELS = 45_000_000L;

    private final int background;

    /**
     * The colour transparent pixels become (0xRRGGBB, white): training, {@code graft predict}, the
     * exported DJL translator and the ONNX and web exports' preprocessing all use it.
     */
    public static final int DEFAULT_BACKGROUND = 0xFFFFFF;

    /** A decoder that composites transparency onto {@link #DEFAULT_BACKGROUND}. */
    public ImageDecoder() {
        this(DEFAULT_BACKGROUND);
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
                throw new ImageRejectedException("not an image (unrecognised format)");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                format = reader.getFormatName().toLowerCase(Locale.ROOT);
                long w = reader.getWidth(0);
                long h = reader.getHeight(0);
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
                raw = reader.read(0);
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
        return toRgb(raw, orientation);
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
