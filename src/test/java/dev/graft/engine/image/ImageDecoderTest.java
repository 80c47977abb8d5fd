package dev.graft.engine.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Odd but valid images decode to what a person sees. */
class ImageDecoderTest {

    @TempDir
    Path tmp;

    private final ImageDecoder decoder = new ImageDecoder();

    @Test
    void transparentPixelsBecomeWhiteNotBlack() throws Exception {
        BufferedImage img = new BufferedImage(4, 4, BufferedImage.TYPE_INT_ARGB); // all (0,0,0,0)
        img.setRGB(1, 1, 0xFF00FF00);
        Path f = write(img, "png", "alpha.png");
        BufferedImage rgb = decoder.decode(f);
        assertEquals(0xFFFFFF, rgb.getRGB(0, 0) & 0xFFFFFF);
        assertEquals(0x00FF00, rgb.getRGB(1, 1) & 0xFFFFFF);
    }

    @Test
    void sixteenBitGreyKeepsItsBrightness() throws Exception {
        BufferedImage img = new BufferedImage(3, 3, BufferedImage.TYPE_USHORT_GRAY);
        img.getRaster().setSample(0, 0, 0, 65535);
        img.getRaster().setSample(1, 0, 0, 0);
        BufferedImage rgb = decoder.decode(write(img, "png", "grey16.png"));
        assertEquals(0xFFFFFF, rgb.getRGB(0, 0) & 0xFFFFFF);
        assertEquals(0x000000, rgb.getRGB(1, 0) & 0xFFFFFF);
    }

    @Test
    void exifOrientationRotatesPortraitPhotos() throws Exception {
        BufferedImage img = new BufferedImage(40, 20, BufferedImage.TYPE_INT_RGB);
        ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
        ImageIO.write(img, "jpg", jpeg);
        byte[] plain = jpeg.toByteArray();
        byte[] exif = exifOrientation6();
        byte[] withExif = new byte[plain.length + exif.length];
        System.arraycopy(plain, 0, withExif, 0, 2);
        System.arraycopy(exif, 0, withExif, 2, exif.length);
        System.arraycopy(plain, 2, withExif, 2 + exif.length, plain.length - 2);
        Path f = tmp.resolve("portrait.jpg");
        Files.write(f, withExif);
        BufferedImage rgb = decoder.decode(f);
        assertEquals(20, rgb.getWidth());
        assertEquals(40, rgb.getHeight());
    }

    @Test
    void cmykJpegDecodes() throws Exception {
        WritableRaster raster = Raster.createBandedRaster(DataBuffer.TYPE_BYTE, 8, 8, 4, null);
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                raster.setPixel(x, y, new int[] {0, 255, 255, 0}); // Adobe CMYK is stored inverted
            }
        }
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        Path f = tmp.resolve("cmyk.jpg");
        try (ImageOutputStream out = ImageIO.createImageOutputStream(f.toFile())) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(raster, null, null), null);
        } finally {
            writer.dispose();
        }
        BufferedImage rgb = decoder.decode(f);
        assertEquals(8, rgb.getWidth());
        assertEquals(BufferedImage.TYPE_INT_RGB, rgb.getType());
    }

    @Test
    void aFortyEightMegapixelPhonePhotoIsDecodedDownsampledNotSkipped() throws Exception {
        // 8000×6000 as a 48 MP phone camera writes it: left half red, right half blue
        BufferedImage photo = new BufferedImage(8000, 6000, BufferedImage.TYPE_3BYTE_BGR);
        java.awt.Graphics2D g = photo.createGraphics();
        g.setColor(java.awt.Color.RED);
        g.fillRect(0, 0, 4000, 6000);
        g.setColor(java.awt.Color.BLUE);
        g.fillRect(4000, 0, 4000, 6000);
        g.dispose();
        Path f = write(photo, "jpg", "phone.jpg");
        photo = null;

        ImageDecoder.Decoded decoded = decoder.decodeSized(f);
        BufferedImage rgb = decoded.image();
        assertEquals(8000, decoded.width(), "the photo's own size is reported");
        assertEquals(6000, decoded.height());
        assertTrue((long) rgb.getWidth() * rgb.getHeight() <= ImageDecoder.MAX_DECODED_PIXELS,
                rgb.getWidth() + "x" + rgb.getHeight());
        assertEquals(4 * rgb.getHeight(), 3 * rgb.getWidth(), "the shape is kept");
        assertTrue(rgb.getWidth() >= 4000, "downsampled no more than needed: " + rgb.getWidth());
        int left = rgb.getRGB(rgb.getWidth() / 4, rgb.getHeight() / 2);
        int right = rgb.getRGB(3 * rgb.getWidth() / 4, rgb.getHeight() / 2);
        assertTrue(((left >> 16) & 0xFF) > 200 && (left & 0xFF) < 60, Integer.toHexString(left));
        assertTrue((right & 0xFF) > 200 && ((right >> 16) & 0xFF) < 60, Integer.toHexString(right));
        assertEquals(rgb.getWidth(), decoder.decode(f).getWidth(), "decode gives the same pixels");
    }

    @Test
    void preprocessingScalesToUnitRangeInChannelOrder() throws Exception {
        BufferedImage img = new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 2; y++) {
            for (int x = 0; x < 2; x++) {
                img.setRGB(x, y, 0xFF8000);
            }
        }
        float[] chw = new ImagePreprocessor(2, null, null).toChw(img, false);
        assertEquals(1f, chw[0], 1e-6);
        assertEquals(128 / 255f, chw[4], 1e-6);
        assertEquals(0f, chw[8], 1e-6);
        assertTrue(chw.length == 12);
    }

    private Path write(BufferedImage img, String format, String name) throws Exception {
        Path f = tmp.resolve(name);
        assertTrue(ImageIO.write(img, format, f.toFile()));
        return f;
    }

    /** An APP1 segment holding a little-endian TIFF IFD with Orientation = 6 (rotate 90° clockwise). */
    private static byte[] exifOrientation6() {
        byte[] tiff = {'I', 'I', 42, 0, 8, 0, 0, 0, 1, 0, 0x12, 0x01, 3, 0, 1, 0, 0, 0, 6, 0, 0, 0, 0, 0, 0, 0};
        byte[] header = {'E', 'x', 'i', 'f', 0, 0};
        int len = 2 + header.length + tiff.length;
        byte[] seg = new byte[2 + len];
        seg[0] = (byte) 0xFF;
        seg[1] = (byte) 0xE1;
        seg[2] = (byte) (len >> 8);
        seg[3] = (byte) len;
        System.arraycopy(header, 0, seg, 4, header.length);
        System.arraycopy(tiff, 0, seg, 4 + header.length, tiff.length);
        return seg;
    }
}
