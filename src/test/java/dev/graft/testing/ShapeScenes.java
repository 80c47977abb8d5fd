package dev.graft.testing;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Polygon;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * Synthetic scenes where only a small object decides the class: a red disc, a blue square or a
 * green triangle, a quarter of the image wide, at a random place on clutter (lines, dots and
 * rings in muted random colours) that looks the same for every class. The object's box is known,
 * so a heat map can be checked against it.
 */
public final class ShapeScenes {

    /** The classes, one per shape. */
    public static final List<String> CLASSES = List.of("disc", "square", "triangle");

    /**
     * One scene written to disk.
     *
     * @param file the PNG
     * @param cls its class
     * @param x the object's box, left
     * @param y top
     * @param w width
     * @param h height
     */
    public record Scene(Path file, String cls, int x, int y, int w, int h) {}

    private ShapeScenes() {}

    /**
     * Writes a dataset of class folders.
     *
     * @param dir folder to fill
     * @param perClass images per class
     * @param size image side
     * @param seed random seed
     * @return the scenes
     * @throws IOException on failure
     */
    public static List<Scene> dataset(Path dir, int perClass, int size, long seed) throws IOException {
        Random rnd = new Random(seed);
        List<Scene> out = new ArrayList<>();
        for (int i = 0; i < perClass; i++) {
            for (String cls : CLASSES) {
                int obj = size / 4;
                int x = rnd.nextInt(size - obj);
                int y = rnd.nextInt(size - obj);
                out.add(write(dir.resolve(cls).resolve(cls + "_" + i + ".png"), cls, size, size, x, y, obj,
                        rnd.nextLong()));
            }
        }
        return out;
    }

    /**
     * Writes one scene with the object at a chosen place.
     *
     * @param file the PNG to write (parents created)
     * @param cls class
     * @param width image width
     * @param height image height
     * @param x object's left edge
     * @param y object's top edge
     * @param obj object's side
     * @param clutterSeed seed of the clutter (the same seed gives the same clutter)
     * @return the scene
     * @throws IOException on failure
     */
    public static Scene write(Path file, String cls, int width, int height, int x, int y, int obj, long clutterSeed)
            throws IOException {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        Random rnd = new Random(clutterSeed);
        g.setColor(new Color(150 + rnd.nextInt(60), 150 + rnd.nextInt(60), 150 + rnd.nextInt(60)));
        g.fillRect(0, 0, width, height);
        int side = Math.max(width, height);
        for (int i = 0; i < 40; i++) {
            g.setColor(muted(rnd));
            int cx = rnd.nextInt(width);
            int cy = rnd.nextInt(height);
            switch (rnd.nextInt(3)) {
                case 0 -> {
                    g.setStroke(new BasicStroke(1 + rnd.nextInt(2)));
                    g.drawLine(cx, cy, cx + rnd.nextInt(side / 3) - side / 6, cy + rnd.nextInt(side / 3) - side / 6);
                }
                case 1 -> {
                    int r = 2 + rnd.nextInt(side / 40 + 1);
                    g.fillOval(cx - r, cy - r, 2 * r, 2 * r);
                }
                default -> {
                    int r = 4 + rnd.nextInt(side / 16 + 1);
                    g.setStroke(new BasicStroke(1));
                    g.drawOval(cx - r, cy - r, 2 * r, 2 * r);
                }
            }
        }
        switch (cls) {
            case "disc" -> {
                g.setColor(new Color(220, 30, 30));
                g.fillOval(x, y, obj, obj);
            }
            case "square" -> {
                g.setColor(new Color(30, 60, 220));
                int m = obj / 8;
                g.fillRect(x + m, y + m, obj - 2 * m, obj - 2 * m);
            }
            default -> {
                g.setColor(new Color(20, 170, 40));
                g.fillPolygon(new Polygon(new int[] {x + obj / 2, x, x + obj}, new int[] {y, y + obj, y + obj}, 3));
            }
        }
        g.dispose();
        Files.createDirectories(file.getParent());
        ImageIO.write(img, "png", file.toFile());
        return new Scene(file, cls, x, y, obj, obj);
    }

    private static Color muted(Random rnd) {
        float hue = rnd.nextFloat();
        return Color.getHSBColor(hue, 0.15f + 0.2f * rnd.nextFloat(), 0.3f + 0.5f * rnd.nextFloat());
    }
}
