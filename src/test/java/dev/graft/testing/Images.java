package dev.graft.testing;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.ImageIO;

/** Small generated images for tests: each seed draws a different picture. */
public final class Images {

    private Images() {}

    /**
     * A picture of random blobs.
     *
     * @param seed what to draw
     * @param size side length
     * @return the image
     */
    public static BufferedImage picture(long seed, int size) {
        Random r = new Random(seed);
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(r.nextInt(0xFFFFFF)));
        g.fillRect(0, 0, size, size);
        for (int i = 0; i < 6; i++) {
            g.setColor(new Color(r.nextInt(0xFFFFFF)));
            int w = size / 4 + r.nextInt(size / 2);
            g.fillOval(r.nextInt(size) - w / 4, r.nextInt(size) - w / 4, w, w / 2 + r.nextInt(w));
        }
        g.dispose();
        return img;
    }

    /**
     * Writes a picture as PNG.
     *
     * @param file the file
     * @param seed what to draw
     * @param size side length
     * @return the file
     * @throws IOException on failure
     */
    public static Path png(Path file, long seed, int size) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, bytes(picture(seed, size), "png"));
        return file;
    }

    /**
     * Writes several pictures as PNG into a folder: a test's dataset or desktop in one call, each
     * file a different picture (seeds counting up from the first).
     *
     * @param dir the folder
     * @param size side length
     * @param firstSeed what the first file shows; the next gets firstSeed + 1, and so on
     * @param names the files' paths relative to the folder, e.g. "cat/c1.png"
     * @return the folder
     * @throws IOException on failure
     */
    public static Path pngs(Path dir, int size, long firstSeed, String... names) throws IOException {
        for (int i = 0; i < names.length; i++) {
            png(dir.resolve(names[i]), firstSeed + i, size);
        }
        return dir;
    }

    /**
     * Encodes an image.
     *
     * @param img the image
     * @param format "png", "jpg", …
     * @return the bytes
     * @throws IOException on failure
     */
    public static byte[] bytes(BufferedImage img, String format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (!ImageIO.write(img, format, out)) {
            throw new IOException("no writer for " + format);
        }
        return out.toByteArray();
    }
}
