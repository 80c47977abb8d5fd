package dev.graft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.graft.testing.Images;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code graft explain} as a script would use it, on the bundled model. */
class ExplainCommandTest {

    private static final Path BUNDLED = Path.of("src", "main", "resources", "dev", "graft", "models", "mobilenet_v2");

    @TempDir
    Path tmp;

    private String run(int expectedExit, String... args) {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            int code = GraftCli.newCommandLine().execute(args);
            assertEquals(expectedExit, code, "exit code of graft " + String.join(" ", args));
        } finally {
            System.setOut(old);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }

    @Test
    void jsonHasAHeatMapOverTheWholeImageAndOverlaysNeverOverwrite() throws Exception {
        Path tall = Images.png(tmp.resolve("tall.png"), 4, 120);
        BufferedImage t = new BufferedImage(120, 200, BufferedImage.TYPE_INT_RGB);
        t.createGraphics().drawImage(ImageIO.read(tall.toFile()), 0, 40, null);
        ImageIO.write(t, "png", tall.toFile());
        Path broken = Files.writeString(tmp.resolve("broken.jpg"), "no image here");
        Path out = Files.createDirectories(tmp.resolve("out"));
        Path taken = Files.writeString(out.resolve("tall.explain.png"), "the user's own file");

        JsonArray items = JsonParser.parseString(run(1, "explain", "--run", BUNDLED.toString(), "--json", "--out",
                out.toString(), tall.toString(), broken.toString())).getAsJsonArray();
        assertEquals(2, items.size());
        JsonObject ok = items.get(0).getAsJsonObject();
        assertEquals(tall.toString(), ok.get("file").getAsString());
        double p = ok.get("probability").getAsDouble();
        assertTrue(p > 0 && p <= 1);
        JsonArray heat = ok.getAsJsonArray("heatmap");
        assertEquals(64, heat.size(), "64 rows on the long (vertical) side");
        assertEquals(38, heat.get(0).getAsJsonArray().size(), "the aspect ratio kept: 64 × 120/200");
        for (JsonElement row : heat) {
            for (JsonElement v : row.getAsJsonArray()) {
                assertTrue(v.getAsDouble() >= 0 && v.getAsDouble() <= 1);
            }
        }
        assertEquals("the user's own file", Files.readString(taken), "an existing file is never overwritten");
        Path overlay = Path.of(ok.get("overlay").getAsString());
        assertEquals(out.resolve("tall.explain-2.png"), overlay);
        BufferedImage written = ImageIO.read(overlay.toFile());
        assertEquals(120, written.getWidth(), "the original's size");
        assertEquals(200, written.getHeight());

        JsonObject bad = items.get(1).getAsJsonObject();
        assertTrue(bad.get("error").getAsString().contains("not an image"), bad.toString());
        assertTrue(bad.get("heatmap").isJsonNull());

        String text = run(0, "explain", "--run", BUNDLED.toString(), "--class", "Drawing", tall.toString());
        assertTrue(text.startsWith(tall + ": "), text);
        assertTrue(text.contains("looked most at"), text);
    }

    @Test
    void anUnknownClassIsBadUsage() throws Exception {
        Path image = Images.png(tmp.resolve("a.png"), 1, 64);
        run(2, "explain", "--run", BUNDLED.toString(), "--class", "giraffe", image.toString());
    }
}
