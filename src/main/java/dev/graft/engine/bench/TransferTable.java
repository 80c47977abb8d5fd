package dev.graft.engine.bench;

import ai.djl.Device;
import dev.graft.core.data.DatasetScan;
import dev.graft.core.run.Recipe;
import dev.graft.core.run.RecipeBuilder;
import dev.graft.engine.catalogue.FolderModel;
import dev.graft.engine.data.DatasetScanner;
import dev.graft.engine.eval.Evaluator;
import dev.graft.engine.net.LoadedNet;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Every freeze preset of the workbench (head only, last 1, 2 or 4 stages, full fine-tuning) with
 * the default recipe otherwise, at several epoch counts and seeds: validation accuracy (the
 * sample's own held-out split), accuracy on a held-out test folder, and time. Issue 8: no preset
 * may be worse than head only.
 */
public final class TransferTable {

    /**
     * A freeze preset.
     *
     * @param name as the table shows it
     * @param apply sets the freeze choice on a recipe builder
     */
    public record Preset(String name, UnaryOperator<RecipeBuilder> apply) {}

    /** The workbench's presets. */
    public static final List<Preset> PRESETS = List.of(
            new Preset("head only", b -> b.freeze("backbone")),
            new Preset("last 1", b -> b.trainLast(1)),
            new Preset("last 2", b -> b.trainLast(2)),
            new Preset("last 4", b -> b.trainLast(4)),
            new Preset("full", b -> b.freeze("none")));

    /**
     * One run.
     *
     * @param preset preset name
     * @param epochs epochs
     * @param seed seed
     * @param valAccuracy validation accuracy of the run's model
     * @param testAccuracy accuracy on the test folder
     * @param seconds the run's time (caching, warm-up, training, validation)
     * @param run the run folder
     */
    public record Row(String preset, int epochs, long seed, double valAccuracy, double testAccuracy, double seconds,
            String run) {}

    private TransferTable() {}

    /**
     * Trains every preset at every epoch count with every seed.
     *
     * @param data training data
     * @param test test folder
     * @param presets preset names to run (from {@link #PRESETS})
     * @param epochs epoch counts
     * @param seeds seeds
     * @param batchSize batch size
     * @param dir folder for the runs
     * @param log progress lines
     * @return the rows, in run order
     * @throws Exception if a run fails
     */
    public static List<Row> run(String data, Path test, List<String> presets, List<Integer> epochs, List<Long> seeds,
            int batchSize, Path dir, Consumer<String> log) throws Exception {
        DatasetScan testScan = new DatasetScanner().scan(test);
        List<Row> rows = new ArrayList<>();
        for (int e : epochs) {
            for (Preset p : PRESETS) {
                if (!presets.contains(p.name())) {
                    continue;
                }
                for (long seed : seeds) {
                    Recipe recipe = p.apply().apply(Recipe.builder(data)).epochs(e).seed(seed).batchSize(batchSize)
                            .keepCheckpoints(1).build();
                    String name = String.format(Locale.ROOT, "transfer-%s-e%d-s%d", p.name().replace(' ', '-'), e,
                            seed);
                    log.accept("transfer: " + name + " ...");
                    BenchRuns.Run run = BenchRuns.train(recipe, dir.resolve(name));
                    double testAccuracy;
                    try (LoadedNet net = new FolderModel(dir.resolve(name).resolve("model")).load(Device.cpu())) {
                        testAccuracy = Evaluator.evaluate(net, testScan, batchSize).accuracy();
                    }
                    Row row = new Row(p.name(), e, seed, run.finished().valAccuracy(), testAccuracy,
                            run.finished().seconds(), dir.resolve(name).toString());
                    log.accept(String.format(Locale.ROOT, "  %s, %d epochs, seed %d: val %.3f, test %.3f, %.0f s",
                            p.name(), e, seed, row.valAccuracy(), testAccuracy, row.seconds()));
                    rows.add(row);
                }
            }
        }
        return rows;
    }

    /**
     * The rows as a Markdown table: mean and range over seeds.
     *
     * @param rows the runs
     * @param testName what the test column is called
     * @return the table
     */
    public static String markdown(List<Row> rows, String testName) {
        Map<String, List<Row>> groups = new LinkedHashMap<>();
        for (Row r : rows) {
            groups.computeIfAbsent(r.preset() + "|" + r.epochs(), k -> new ArrayList<>()).add(r);
        }
        StringBuilder sb = new StringBuilder();
        sb.append("| preset | epochs | seeds | validation | ").append(testName).append(" | time |\n");
        sb.append("|---|---|---|---|---|---|\n");
        for (List<Row> g : groups.values()) {
            sb.append(String.format(Locale.ROOT, "| %s | %d | %s | %s | %s | %s |\n", g.get(0).preset(),
                    g.get(0).epochs(), g.stream().map(r -> "" + r.seed()).reduce((a, b) -> a + "," + b).orElse(""),
                    range(g.stream().mapToDouble(Row::valAccuracy).toArray(), "%.3f"),
                    range(g.stream().mapToDouble(Row::testAccuracy).toArray(), "%.3f"),
                    range(g.stream().mapToDouble(Row::seconds).toArray(), "%.0f s")));
        }
        return sb.toString();
    }

    private static String range(double[] v, String format) {
        double sum = 0;
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        for (double x : v) {
            sum += x;
            min = Math.min(min, x);
            max = Math.max(max, x);
        }
        String mean = String.format(Locale.ROOT, format, sum / v.length);
        return v.length == 1 ? mean : mean + " (" + String.format(Locale.ROOT, format, min) + "–"
                + String.format(Locale.ROOT, format, max) + ")";
    }
}
