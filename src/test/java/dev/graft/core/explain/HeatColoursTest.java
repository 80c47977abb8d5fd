package dev.graft.core.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The heat map's colours and geometry. */
class HeatColoursTest {

    private static double luminance(int rgb) {
        return 0.2126 * ((rgb >> 16) & 0xFF) + 0.7152 * ((rgb >> 8) & 0xFF) + 0.0722 * (rgb & 0xFF);
    }

    private static void near(int expected, int actual) {
        for (int shift = 0; shift <= 16; shift += 8) {
            assertTrue(Math.abs(((expected >> shift) & 0xFF) - ((actual >> shift) & 0xFF)) <= 6,
                    Integer.toHexString(expected) + " against " + Integer.toHexString(actual));
        }
    }

    @Test
    void viridisRunsFromDarkVioletToYellowGettingLighterAllTheWay() {
        near(0x440154, HeatColours.rgb(0)); // matplotlib's viridis at 0, 0.5 and 1
        near(0x21918C, HeatColours.rgb(0.5));
        near(0xFDE725, HeatColours.rgb(1));
        double last = -1;
        for (int i = 0; i <= 10; i++) {
            double l = luminance(HeatColours.rgb(i / 10.0));
            assertTrue(l > last, "lightness rises: a colour-blind or greyscale reader still sees the order");
            last = l;
        }
        assertEquals(0x808080, HeatColours.blend(0x808080, 1, 0));
        assertEquals(HeatColours.rgb(1), HeatColours.blend(0x000000, 1, 1));
    }

    @Test
    void aHeatMapCoversTheCentreSquareOfAWideImageAndNothingOutside() {
        HeatMap heat = HeatMap.overCentreSquare(new float[][] {{0, 1}, {0, 0}}, 400, 200);
        assertEquals(100, heat.left());
        assertEquals(200, heat.side());
        assertTrue(heat.seen(150, 100) && !heat.seen(50, 100) && !heat.seen(350, 100));
        assertEquals(1, heat.at(250, 50), 1e-9, "the hot cell's centre: top right of the square");
        assertEquals(0, heat.at(20, 50), "outside the square: never seen, no heat");
        double[] peak = heat.peak();
        assertEquals(250, peak[0], 1e-9);
        assertEquals(50, peak[1], 1e-9);
        float[][] grid = heat.resample(8);
        assertEquals(4, grid.length);
        assertEquals(8, grid[0].length);
        assertEquals(0f, grid[0][0]);
        assertEquals(0f, grid[0][7]);
    }
}
