package dev.graft.engine.bench;

import dev.graft.core.data.DatasetScan;
import dev.graft.core.data.DatasetSplit;
import dev.graft.core.data.LabeledImage;
import dev.graft.engine.data.DatasetScanner;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Which frozen backbone's features transfer best, and whether two backbones' features together do
 * better than either: every backbone's features are computed once (each image as is and mirrored, each
 * held-out folder as is), then for each seed a linear probe is trained on the seed's training split of
 * every backbone alone and of all of them joined, and scored on the seed's validation split and on
 * every held-out folder. Joined features are each scaled to length sqrt(width) first, so a wide
 * backbone does not drown a narrow one.
 */
public final class ProbeComparison {

    /**
     * A backbone to compare.
     *
     * @param model catalogue id or folder
     * @param imageSize input size
     * @param features {@code auto} or stage names
     */
    public record Backbone(String model, int imageSize, String features) {
        /**
         * Reads {@code id[@size][:features]}, e.g. {@code inception_v3@299:mixed5,mixed7}.
         *
         * @param text the text
         * @param defaultSize the size when none is given
         * @return the backbone
         */
        public static Backbone parse(String text, int defaultSize) {
            String rest = text;
            String features = "auto";
            int colon = rest.indexOf(':');
            if (colon >= 0) {
                features = rest.substring(colon + 1);
                rest = rest.substring(0, colon);
            }
            int size = defaultSize;
            int at = rest.indexOf('@');
            if (at >= 0) {
                size = Integer.parseInt(rest.substring(at + 1));
                rest = rest.substring(0, at);
            }
            return new Backbone(rest, size, features);
        }

        @Override
        public String toString() {
            return model + "@" + imageSize + ":" + features;
        }
    }

    /**
     * One probe's scores.
     *
     * @param features which backbones' features (joined with " + ")
     * @param seed the seed
     * @param validation accuracy on the seed's validation split
     * @param tests accuracy on each held-out folder, by folder name
     */
    public record Row(String features, long seed, double validation, Map<String, Double> tests) {}

    private ProbeComparison() {}

    /**
     * Runs the comparison.
     *
     * @param data the training dataset
     * @param backbones the backbones (at least one)
     * @param seeds the seeds
     * @param tests held-out folders (classes as in the dataset)
     * @param epochs probe epochs
     * @param log progress lines
     * @return the rows: per seed, each backbone alone, then all joined (when more than one)
     * @throws Exception if a model or an image cannot be read
     */
    public static List<Row> run(Path data, List<Backbone> backbones, List<Long> seeds, List<Path> tests, int epochs,
            Consumer<String> log) throws Exception {
        DatasetScan scan = new DatasetScanner().scan(data);
        List<LabeledImage> all = scan.images();
        List<Path> files = all.stream().map(LabeledImage::file).toList();
        List<DatasetScan> testScans = new ArrayList<>();
        for (Path t : tests) {
            testScans.add(new DatasetScanner().scan(t));
        }
        List<float[][]> plain = new ArrayList<>();
        List<float[][]> mirrored = new ArrayList<>();
        List<List<float[][]>> testFeatures = new ArrayList<>();
        for (Backbone b : backbones) {
            log.accept("probe: features of " + b + " ...");
            try (BackboneFeatures f = BackboneFeatures.of(b.model(), b.imageSize(), b.features())) {
                plain.add(f.of(files, false, log));
                mirrored.add(f.of(files, true, log));
                List<float[][]> perTest = new ArrayList<>();
                for (DatasetScan ts : testScans) {
                    perTest.add(f.of(ts.images().stream().map(LabeledImage::file).toList(), false, log));
                }
                testFeatures.add(perTest);
            }
        }
        Map<Path, Integer> index = new LinkedHashMap<>();
        for (int i = 0; i < files.size(); i++) {
            index.put(files.get(i), i);
        }
        List<int[]> combos = new ArrayList<>();
        for (int i = 0; i < backbones.size(); i++) {
            combos.add(new int[] {i});
        }
        if (backbones.size() > 1) {
            int[] every = new int[backbones.size()];
            for (int i = 0; i < every.length; i++) {
                every[i] = i;
            }
            combos.add(every);
        }
        List<Row> rows = new ArrayList<>();
        for (long seed : seeds) {
            DatasetSplit split = DatasetSplit.stratified(scan, 0.2, seed);
            for (int[] combo : combos) {
                List<float[]> trainX = new ArrayList<>();
                List<Integer> trainY = new ArrayList<>();
                for (LabeledImage im : split.train()) {
                    int i = index.get(im.file());
                    trainX.add(join(plain, combo, i));
                    trainY.add(im.label());
                    trainX.add(join(mirrored, combo, i));
                    trainY.add(im.label());
                }
                LinearProbe probe = LinearProbe.train(trainX.toArray(float[][]::new),
                        trainY.stream().mapToInt(Integer::intValue).toArray(), scan.classes().size(), epochs, seed);
                float[][] valX = split.validation().stream().map(im -> join(plain, combo, index.get(im.file())))
                        .toArray(float[][]::new);
                int[] valY = split.validation().stream().mapToInt(LabeledImage::label).toArray();
                Map<String, Double> testScores = new LinkedHashMap<>();
                for (int t = 0; t < testScans.size(); t++) {
                    DatasetScan ts = testScans.get(t);
                    float[][] tx = new float[ts.images().size()][];
                    for (int i = 0; i < tx.length; i++) {
                        List<float[][]> parts = new ArrayList<>();
                        for (List<float[][]> perModel : testFeatures) {
                            parts.add(perModel.get(t));
                        }
                        tx[i] = join(parts, combo, i);
                    }
                    int[] ty = ts.images().stream().mapToInt(im -> scan.classes().indexOf(ts.classes().get(im.label())))
                            .toArray();
                    testScores.put(tests.get(t).toAbsolutePath().normalize().getFileName().toString(),
                            probe.accuracy(tx, ty));
                }
                String name = String.join(" + ", java.util.Arrays.stream(combo).mapToObj(c -> backbones.get(c)
                        .toString()).toList());
                Row row = new Row(name, seed, probe.accuracy(valX, valY), testScores);
                log.accept(String.format(Locale.ROOT, "probe: %s seed %d: validation %.3f %s", name, seed,
                        row.validation(), testScores));
                rows.add(row);
            }
        }
        return rows;
    }

    /** The features of one image from several backbones, each scaled to length sqrt(width) when joined. */
    private static float[] join(List<float[][]> perModel, int[] combo, int image) {
        if (combo.length == 1) {
            return perModel.get(combo[0])[image];
        }
        int width = 0;
        for (int c : combo) {
            width += perModel.get(c)[image].length;
        }
        float[] out = new float[width];
        int at = 0;
        for (int c : combo) {
            float[] part = perModel.get(c)[image];
            double norm = 1e-6;
            for (float v : part) {
                norm += v * v;
            }
            double scale = Math.sqrt(part.length) / Math.sqrt(norm);
            for (float v : part) {
                out[at++] = (float) (v * scale);
            }
        }
        return out;
    }

    /**
     * The rows as a table, with the mean over seeds of each feature set.
     *
     * @param rows the rows
     * @return markdown
     */
    public static String markdown(List<Row> rows) {
        Map<String, List<Row>> by = new LinkedHashMap<>();
        rows.forEach(r -> by.computeIfAbsent(r.features(), k -> new ArrayList<>()).add(r));
        List<String> tests = rows.isEmpty() ? List.of() : List.copyOf(rows.get(0).tests().keySet());
        StringBuilder s = new StringBuilder("| features | validation (seeds) | mean |");
        tests.forEach(t -> s.append(' ').append(t).append(" (seeds) | mean |"));
        s.append('\n').append("|---|---|---|").append("---|---|".repeat(tests.size())).append('\n');
        for (Map.Entry<String, List<Row>> e : by.entrySet()) {
            s.append("| ").append(e.getKey()).append(" | ").append(cells(e.getValue().stream()
                    .mapToDouble(Row::validation).toArray()));
            for (String t : tests) {
                s.append(" | ").append(cells(e.getValue().stream().mapToDouble(r -> r.tests().get(t)).toArray()));
            }
            s.append(" |\n");
        }
        return s.toString();
    }

    private static String cells(double[] v) {
        StringBuilder s = new StringBuilder();
        double sum = 0;
        for (int i = 0; i < v.length; i++) {
            s.append(i == 0 ? "" : " / ").append(String.format(Locale.ROOT, "%.3f", v[i]));
            sum += v[i];
        }
        return s + String.format(Locale.ROOT, " | %.3f", sum / v.length);
    }
}
