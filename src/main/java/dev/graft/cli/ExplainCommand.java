package dev.graft.cli;

import dev.graft.core.explain.HeatMap;
import dev.graft.core.util.Json;
import dev.graft.engine.explain.Explainer;
import dev.graft.engine.explain.Explanation;
import dev.graft.engine.explain.Overlay;
import dev.graft.engine.net.LoadedNet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code graft explain}: the predicted class of image files and where the model looked (Grad-CAM). */
@Command(name = "explain", mixinStandardHelpOptions = true,
        description = "Classify image files and show where the model looked (Grad-CAM heat maps).")
final class ExplainCommand implements Callable<Integer> {

    /** Cells on the longer side of a {@code --json} heat map (fewer for smaller images). */
    static final int JSON_GRID = 64;

    @Option(names = "--run", required = true, description = "run folder (or model folder)")
    Path run;

    @Option(names = "--class", paramLabel = "NAME", description = "explain this class (default: the predicted one)")
    String cls;

    @Option(names = "--out", paramLabel = "DIR", description = "write an overlay PNG per image into DIR (never over"
            + " an existing file: a taken name gets a number)")
    Path out;

    @Option(names = "--opacity", defaultValue = "0.5", description = "opacity of the heat colours in the overlay,"
            + " 0 to 1 (default: ${DEFAULT-VALUE})")
    double opacity;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "images to explain")
    List<Path> files;

    /**
     * One image explained.
     *
     * @param file the image
     * @param predicted the most likely class (null when unreadable)
     * @param probability its probability
     * @param explained the class the heat map is for
     * @param heatmap rows top to bottom of heat 0..1 over the whole image (null when unreadable or
     *     the model has no heat maps)
     * @param overlay the overlay PNG written, or null
     * @param unavailable why the model has no heat maps, or null
     * @param error why the file could not be read, or null
     */
    record Item(String file, String predicted, double probability, String explained, double[][] heatmap,
            String overlay, String unavailable, String error) {}

    @Override
    public Integer call() throws Exception {
        if (!(opacity >= 0 && opacity <= 1)) {
            System.err.println("graft: --opacity must be from 0 to 1: " + opacity);
            return 2;
        }
        if (out != null && Files.exists(out) && !Files.isDirectory(out)) {
            System.err.println("graft: --out must be a folder: " + out + " is a file");
            return 2;
        }
        List<Item> items = new ArrayList<>();
        try (LoadedNet net = RunModels.load(run)) {
            Explainer explainer = new Explainer(net, run);
            if (cls != null && !explainer.classes().contains(cls)) {
                System.err.println("graft: --class: the model has no class '" + cls + "'; its classes are "
                        + String.join(", ", explainer.classes()));
                return 2;
            }
            if (explainer.unavailable() != null) {
                System.err.println("graft: " + explainer.unavailable());
            }
            if (out != null) {
                Files.createDirectories(out);
            }
            for (Path f : files) {
                items.add(item(explainer, f));
            }
        }
        boolean anyError = items.stream().anyMatch(i -> i.error() != null);
        if (json) {
            System.out.println(Json.PORTABLE.toJson(items));
            return anyError ? 1 : 0;
        }
        for (Item i : items) {
            if (i.error() != null) {
                System.out.println(i.file() + ": cannot explain: " + i.error());
                continue;
            }
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%s: %s %.3f", i.file(), i.predicted(),
                    i.probability()));
            if (i.heatmap() != null) {
                line.append(i.explained().equals(i.predicted()) ? "; looked most at " : "; for " + i.explained()
                        + " looked most at ").append(where(i.heatmap()));
            }
            if (i.overlay() != null) {
                line.append(" -> ").append(i.overlay());
            }
            System.out.println(line);
        }
        return anyError ? 1 : 0;
    }

    private Item item(Explainer explainer, Path f) throws IOException {
        Explanation e = explainer.explain(f, cls, 0);
        if (e.error() != null) {
            return new Item(f.toString(), null, Double.NaN, null, null, null, e.unavailable(), e.error());
        }
        HeatMap heat = e.heat();
        String written = null;
        if (out != null && heat != null) {
            try {
                Path target = freeName(out, f);
                Overlay.writeNew(explainer.overlay(f, heat, opacity), target);
                written = target.toString();
            } catch (dev.graft.engine.image.ImageRejectedException | IOException ex) {
                return new Item(f.toString(), e.predicted(), e.probability(), e.explained(), grid(heat), null,
                        null, "cannot write its overlay: " + ex.getMessage());
            }
        }
        return new Item(f.toString(), e.predicted(), e.probability(), e.explained(), heat == null ? null : grid(heat),
                written, e.unavailable(), null);
    }

    private static double[][] grid(HeatMap heat) {
        float[][] g = heat.resample(Math.min(JSON_GRID, Math.max(heat.width(), heat.height())));
        double[][] d = new double[g.length][];
        for (int r = 0; r < g.length; r++) {
            d[r] = new double[g[r].length];
            for (int c = 0; c < g[r].length; c++) {
                d[r][c] = Math.round(g[r][c] * 1000) / 1000.0;
            }
        }
        return d;
    }

    /** The overlay's name: the image's name with {@code .explain.png}, numbered when taken. */
    static Path freeName(Path dir, Path image) {
        String name = image.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        Path p = dir.resolve(stem + ".explain.png");
        for (int n = 2; Files.exists(p); n++) {
            p = dir.resolve(stem + ".explain-" + n + ".png");
        }
        return p;
    }

    /** The hottest region of a grid in words: "the top left", "the centre", … */
    static String where(double[][] grid) {
        int br = 0;
        int bc = 0;
        for (int r = 0; r < grid.length; r++) {
            for (int c = 0; c < grid[r].length; c++) {
                if (grid[r][c] > grid[br][bc]) {
                    br = r;
                    bc = c;
                }
            }
        }
        if (grid[br][bc] <= 0) {
            return "nothing in particular (no part of the image raised that class's score)";
        }
        String[] rows = {"top", "middle", "bottom"};
        String[] cols = {"left", "centre", "right"};
        String v = rows[Math.min(2, br * 3 / grid.length)];
        String h = cols[Math.min(2, bc * 3 / grid[0].length)];
        return v.equals("middle") ? (h.equals("centre") ? "the centre" : "the middle " + h) : "the " + v + " " + h;
    }
}
