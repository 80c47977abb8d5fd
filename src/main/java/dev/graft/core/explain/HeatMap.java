package dev.graft.core.explain;

import java.util.Arrays;

/**
 * Where a model looked in one image: a grid of values from 0 to 1 over the square the model saw,
 * placed on the original image.
 *
 * <p>The model sees a centre-cropped square of the image, resized: a wide image loses its left and
 * right edges, a tall one its top and bottom. The grid covers that square only; the cropped-away
 * border was never seen, so it has no heat (0) and {@link #seen} says false there.
 *
 * @param grid rows from top to bottom, each a row of cells from left to right, values 0 to 1
 * @param width the original image's width in pixels
 * @param height the original image's height in pixels
 * @param left the seen square's left edge in the original's pixels
 * @param top its top edge
 * @param side its side length in pixels
 */
public record HeatMap(float[][] grid, int width, int height, double left, double top, double side) {

    /**
     * Checks the grid.
     *
     * @param grid cells, rectangular and not empty
     * @param width image width
     * @param height image height
     * @param left square's left edge
     * @param top square's top edge
     * @param side square's side
     */
    public HeatMap {
        if (grid.length == 0 || grid[0].length == 0 || width <= 0 || height <= 0 || side <= 0) {
            throw new IllegalArgumentException("an empty heat map");
        }
        grid = Arrays.stream(grid).map(float[]::clone).toArray(float[][]::new);
    }

    /**
     * Places a grid over the centre square that {@code dev.graft.engine.image.ImagePreprocessor}
     * crops from an image of the given size.
     *
     * @param grid cells over the square
     * @param width the image's width
     * @param height the image's height
     * @return the heat map
     */
    public static HeatMap overCentreSquare(float[][] grid, int width, int height) {
        int s = Math.min(width, height);
        return new HeatMap(grid, width, height, (width - s) / 2.0, (height - s) / 2.0, s);
    }

    /** @return the grid's rows */
    public int rows() {
        return grid.length;
    }

    /** @return the grid's columns */
    public int columns() {
        return grid[0].length;
    }

    /**
     * Whether the model saw a point of the image.
     *
     * @param x pixel coordinate from the left (pixel centres are at i + 0.5)
     * @param y from the top
     * @return true inside the centre square
     */
    public boolean seen(double x, double y) {
        return x >= left && x < left + side && y >= top && y < top + side;
    }

    /**
     * The heat at a point, interpolated bilinearly between cell centres.
     *
     * @param x pixel coordinate from the left (pixel centres are at i + 0.5)
     * @param y from the top
     * @return 0 to 1; 0 outside the seen square
     */
    public double at(double x, double y) {
        if (!seen(x, y)) {
            return 0;
        }
        double gx = (x - left) / side * columns() - 0.5;
        double gy = (y - top) / side * rows() - 0.5;
        int x0 = (int) Math.floor(gx);
        int y0 = (int) Math.floor(gy);
        double fx = gx - x0;
        double fy = gy - y0;
        double a = cell(y0, x0) * (1 - fx) + cell(y0, x0 + 1) * fx;
        double b = cell(y0 + 1, x0) * (1 - fx) + cell(y0 + 1, x0 + 1) * fx;
        return a * (1 - fy) + b * fy;
    }

    private float cell(int r, int c) {
        return grid[Math.max(0, Math.min(rows() - 1, r))][Math.max(0, Math.min(columns() - 1, c))];
    }

    /**
     * The heat over the whole original image on a grid of at most {@code longSide} cells on the
     * image's longer side, keeping its aspect ratio; each cell holds the heat at its centre.
     *
     * @param longSide cells on the longer side (at least 1)
     * @return rows from top to bottom
     */
    public float[][] resample(int longSide) {
        int cols = width >= height ? longSide : Math.max(1, (int) Math.round((double) longSide * width / height));
        int rows = height >= width ? longSide : Math.max(1, (int) Math.round((double) longSide * height / width));
        return resample(rows, cols);
    }

    /**
     * The heat over the whole original image on a grid of a given size.
     *
     * @param rows rows from top to bottom
     * @param cols columns from left to right
     * @return each cell the heat at its centre, 0 to 1
     */
    public float[][] resample(int rows, int cols) {
        float[][] out = new float[rows][cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                out[r][c] = (float) at((c + 0.5) * width / cols, (r + 0.5) * height / rows);
            }
        }
        return out;
    }

    /**
     * The hottest cell's centre in the original image's pixels.
     *
     * @return {x, y}
     */
    public double[] peak() {
        int br = 0;
        int bc = 0;
        for (int r = 0; r < rows(); r++) {
            for (int c = 0; c < columns(); c++) {
                if (grid[r][c] > grid[br][bc]) {
                    br = r;
                    bc = c;
                }
            }
        }
        return new double[] {left + (bc + 0.5) * side / columns(), top + (br + 0.5) * side / rows()};
    }
}
