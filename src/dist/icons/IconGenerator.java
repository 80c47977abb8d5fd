import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.CubicCurve2D;
import java.awt.geom.Path2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * The single source of Graft's application icon: a scion (young shoot with two leaves) grafted onto a
 * rootstock, the union tied with an orange band, on a dark green tile. Drawn with Java2D in a 512-unit
 * square and rendered at every size desktops ask for.
 *
 * <p>Run from the repository root (no build needed, any JDK 17+):
 * <pre>java src/dist/icons/IconGenerator.java icons</pre>
 * It writes {@code graft-N.png} for N in 16, 24, 32, 48, 64, 128, 256, 512 (Linux desktop entry,
 * window and taskbar), {@code graft.ico} (Windows installer, PNG-compressed entries 16–256) and
 * {@code graft.icns} (macOS bundle, PNG entries 16–1024). The outputs are committed so that a normal
 * build needs nothing but Maven.
 */
public final class IconGenerator {

    static final int[] PNG_SIZES = {16, 24, 32, 48, 64, 128, 256, 512};
    static final int[] ICO_SIZES = {16, 24, 32, 48, 64, 128, 256};

    private IconGenerator() {}

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args.length > 0 ? args[0] : "icons");
        Files.createDirectories(out);
        Map<Integer, byte[]> png = new LinkedHashMap<>();
        for (int size : List.of(16, 24, 32, 48, 64, 128, 256, 512, 1024)) {
            png.put(size, encode(render(size)));
        }
        for (int size : PNG_SIZES) {
            Files.write(out.resolve("graft-" + size + ".png"), png.get(size));
        }
        Files.write(out.resolve("graft.ico"), ico(png));
        Files.write(out.resolve("graft.icns"), icns(png));
        System.out.println("icons written to " + out.toAbsolutePath());
    }

    /** Renders the icon at {@code size} × {@code size} pixels. */
    static BufferedImage render(int size) {
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        double s = size / 512.0;
        g.transform(AffineTransform.getScaleInstance(s, s));
        // Small sizes: fewer, bolder shapes so the silhouette survives 16 px.
        boolean small = size <= 24;

        // the tile
        double inset = small ? 8 : 28;
        RoundRectangle2D tile = new RoundRectangle2D.Double(inset, inset, 512 - 2 * inset, 512 - 2 * inset,
                small ? 120 : 112, small ? 120 : 112);
        g.setPaint(new GradientPaint(0, 0, new Color(0x2E8B6A), 0, 512, new Color(0x0F4A3A)));
        g.fill(tile);
        g.clip(tile);
        // the plant, drawn in the same 512 units, shrunk to sit inside the tile with a margin
        g.translate(256, 272);
        g.scale(small ? 0.9 : 0.78, small ? 0.9 : 0.78);
        g.translate(-256, -272);

        // rootstock: a thick trunk rising from the bottom
        g.setColor(new Color(0xF4EBDD));
        g.setStroke(new BasicStroke(small ? 92 : 62, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.draw(new CubicCurve2D.Double(256, 480, 256, 420, 250, 360, 250, 300));

        // scion: a slimmer shoot continuing the trunk and bending to the upper right
        g.setStroke(new BasicStroke(small ? 64 : 36, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.draw(new CubicCurve2D.Double(250, 300, 250, 230, 280, 190, 330, 150));

        // leaves
        if (!small) {
            leaf(g, 312, 168, 190, 78, Math.toRadians(-150), new Color(0x9BE07A), new Color(0x5FAF45));
        }
        leaf(g, 330, 150, small ? 200 : 170, small ? 110 : 74, Math.toRadians(-40), new Color(0xB8F08F),
                new Color(0x6CBF4E));

        // the graft union: an orange band across the joint
        g.setColor(new Color(0xF29A2E));
        double bw = small ? 150 : 104;
        double bh = small ? 64 : 42;
        g.fill(new RoundRectangle2D.Double(250 - bw / 2, 300 - bh / 2, bw, bh, bh, bh));
        if (!small) {
            g.setColor(new Color(0xC46F12));
            g.setStroke(new BasicStroke(6, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            g.draw(new java.awt.geom.Line2D.Double(250 - bw / 2 + 18, 300, 250 + bw / 2 - 18, 300));
        }
        g.dispose();
        return img;
    }

    /** A pointed leaf of given length and width whose base sits at (x, y), rotated by angle. */
    private static void leaf(Graphics2D g, double x, double y, double length, double width, double angle,
            Color fill, Color rib) {
        AffineTransform saved = g.getTransform();
        g.translate(x, y);
        g.rotate(angle);
        Path2D p = new Path2D.Double();
        p.moveTo(0, 0);
        p.curveTo(length * 0.25, -width, length * 0.75, -width * 0.8, length, 0);
        p.curveTo(length * 0.75, width * 0.8, length * 0.25, width, 0, 0);
        p.closePath();
        g.setColor(fill);
        g.fill(p);
        g.setColor(rib);
        g.setStroke(new BasicStroke((float) Math.max(6, width * 0.12), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.draw(new java.awt.geom.Line2D.Double(length * 0.08, 0, length * 0.8, 0));
        g.setTransform(saved);
    }

    static byte[] encode(BufferedImage img) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageIO.write(img, "png", bytes);
        return bytes.toByteArray();
    }

    /** A Windows .ico whose entries are PNG-compressed (supported since Windows Vista). */
    static byte[] ico(Map<Integer, byte[]> png) throws IOException {
        int n = ICO_SIZES.length;
        ByteBuffer header = ByteBuffer.allocate(6 + 16 * n).order(ByteOrder.LITTLE_ENDIAN);
        header.putShort((short) 0).putShort((short) 1).putShort((short) n);
        int offset = 6 + 16 * n;
        for (int size : ICO_SIZES) {
            byte[] data = png.get(size);
            header.put((byte) (size >= 256 ? 0 : size)).put((byte) (size >= 256 ? 0 : size));
            header.put((byte) 0).put((byte) 0); // no palette, reserved
            header.putShort((short) 1).putShort((short) 32); // planes, bits per pixel
            header.putInt(data.length).putInt(offset);
            offset += data.length;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(header.array());
        for (int size : ICO_SIZES) {
            out.write(png.get(size));
        }
        return out.toByteArray();
    }

    /** A macOS .icns with PNG entries (icp4 16, icp5 32, icp6 64, ic07 128, ic08 256, ic09 512, ic10 1024). */
    static byte[] icns(Map<Integer, byte[]> png) throws IOException {
        Map<String, Integer> types = new LinkedHashMap<>();
        types.put("icp4", 16);
        types.put("icp5", 32);
        types.put("icp6", 64);
        types.put("ic07", 128);
        types.put("ic08", 256);
        types.put("ic09", 512);
        types.put("ic10", 1024);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (Map.Entry<String, Integer> e : types.entrySet()) {
            byte[] data = png.get(e.getValue());
            body.write(e.getKey().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            writeInt(body, 8 + data.length);
            body.write(data);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write("icns".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        writeInt(out, 8 + body.size());
        body.writeTo(out);
        return out.toByteArray();
    }

    private static void writeInt(OutputStream out, int v) throws IOException {
        out.write(new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v});
    }
}
