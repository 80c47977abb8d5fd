package dev.graft.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.InputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** The window's icons (from the top-level icons/ folder) are in the jar, in every size it asks for. */
class GraftAppIconTest {

    @Test
    void everyIconSizeIsOnTheClassPath() throws Exception {
        for (int size : new int[] {16, 24, 32, 48, 64, 128, 256}) {
            try (InputStream in = GraftApp.class.getResourceAsStream("icons/graft-" + size + ".png")) {
                assertNotNull(in, "icons/graft-" + size + ".png");
                BufferedImage img = ImageIO.read(in);
                assertEquals(size, img.getWidth());
                assertEquals(size, img.getHeight());
                // transparent corners (the tile is rounded), an opaque centre
                assertTrue((img.getRGB(0, 0) >>> 24) < 128, "corner of " + size);
                assertEquals(255, img.getRGB(size / 2, size / 2) >>> 24);
            }
        }
    }
}
