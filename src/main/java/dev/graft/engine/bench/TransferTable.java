package dev.graft.engine.bench;

import dev.graft.core.run.RecipeField;

import ai.djl.Device;
import dev.graft.core.data.DatasetScan;
import dev.graft.core.run.Recipe;
import dev.graft.core.run.RecipeBuilder;
import dev.graft.core.run.RecipeDefaults;
import dev.graft.core.run.RunEvent;
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
            new Preset("head only", b -> b.set(RecipeField.FREEZE, "backbone")),
            new Preset("last 1", b -> b.set(RecipeField.TRAIN_LAST, 1)),
            new Preset("last 2", b -> b.set(RecipeField.TRAIN_LAST, 2)),
            new Preset("last 4", b -> b.set(RecipeField.TRAIN_LAST, 4)),
            new Preset("full", b -> b.set(RecipeField.FREEZE, "none")));

    /**
     * One run.
     *
     * @param preset preset name
     * @param epochs epochs
     * @param seed seed
     * @param views style views per training image ({@code --views})
     * @param valAccuracy validation accuracy of the run's model
     * @param warmUpKept whether the run published its head warm-up because fine-tuning ended lower
     *     on validation; null when no warm-up ran (head only)
     * @param testAccuracies accuracy on each test folder, in the order they were given (empty when
     *     there is none)
     * @param seconds the run's time (caching, warm-up, training, validation)
     * @param run the run folder
     */
    public record Row(String preset, int epochs, long seed, int views, double valAccuracy, Boolean warmUpKept,
            List<Double> testAccuracies, double seconds, String run) {

        /** Copies the list. */
        public Row {
            testAccuracies = List.copyOf(testAccuracies);
        }
    }

    private TransferTable() {}

    /**
     * Trains every preset at every epoch count with every seed.
     *
     * @param data training data
     * @param tests test folders, each scored on every run; empty to score on validation only (while
     *     choosing a recipe)
     * @param presets preset names to run (from {@link #PRESETS})
     * @param epochs epoch counts
     * @param seeds seeds
     * @param views style-view counts to run; empty: the recipe's default only
     * @param batchSize batch size
     * @param dir folder for the runs
     * @param log progress lines
     * @param base what every run changes first (e.g. another model, image size or feature taps)
     * @return the rows, in run order
     * @throws Exception if a run fails
     */
    public static List<Row> run(String data, List<Path> tests, List<String> presets, List<Integer> epochs,
            List<Long> seeds, List<Integer> views, int batchSize, Path dir, Consumer<String> log,
            UnaryOperator<RecipeBuilder> base) throws Exception {
        List<DatasetScan> testScans = new ArrayList<>();
        for (Path test : tests) {
            testScans.add(new DatasetScanner().scan(test));
        }
        List<Integer> viewCounts = views == null || views.isEmpty() ? List.of(RecipeDefaults.VIEWS) : views;
        List<Row> rows = new ArrayList<>();
        // Seeds outermost: a bench stopped early still has every preset for the seeds it finished.
        for (long seed : seeds) {
            for (int e : epochs) {
                for (Preset p : PRESETS) {
                    if (!presets.contains(p.name())) {
                        continue;
                    }
                    for (int k : viewCounts) {
                        rows.add(runOne(base.apply(Recipe.builder(data)), testScans, p, e, k, seed, batchSize, dir, log));
                    }
                }
            }
        }
        return rows;
    }

    private static Row runOne(RecipeBuilder base, List<DatasetScan> testScans, Preset p, int e, int k, long seed,
            int batchSize, Path dir, Consumer<String> log) throws Exception {
        Recipe recipe = p.apply().apply(base).set(RecipeField.EPOCHS, e).set(RecipeField.SEED, seed)
                .set(RecipeField.BATCH_SIZE, batchSize).set(RecipeField.VIEWS, k).set(RecipeField.KEEP_CHECKPOINTS, 1)
                .build();
        String name = String.format(Locale.ROOT, "transfer-%s-e%d-v%d-s%d", p.name().replace(' ', '-'), e, k, seed);
        log.accept("transfer: " + name + " ...");
        BenchRuns.Run run = BenchRuns.train(recipe, dir.resolve(name));
        List<Double> testAccuracies = new ArrayList<>();
        if (!testScans.isEmpty()) {
            try (LoadedNet net = new FolderModel(dir.resolve(name).resolve("model")).load(Device.cpu())) {
                for (DatasetScan testScan : testScans) {
                    testAccuracies.add(Evaluator.evaluate(net, testScan, batchSize).accuracy());
                }
            }
        }
        Row row = new Row(p.name(), e, seed, k, run.finished().valAccuracy(),
                run.finished().metrics().containsKey(RunEvent.Finished.WARM_UP_VAL_ACCURACY) ? run.finished().warmUpPublished() : null,
                testAccuracies,
                run.finished().seconds(), dir.resolve(name).toString());
        log.accept(String.format(Locale.ROOT, "  %s, %d epochs, %d views, seed %d: val %.3f%s, test %s, %.0f s",
                p.name(), e, k, seed, row.valAccuracy(), Boolean.TRUE.equals(row.warmUpKept()) ? " (warm-up kept)" : "",
                testAccuracies.isEmpty() ? "not run"
                        : testAccuracies.stream().map(a -> String.format(Locale.ROOT, "%.3f", a))
                                .reduce((a, b) -> a + " / " + b).orElse(""), row.seconds()));
        return row;
    }

    /**
     * The rows as a Markdown table: mean and range over seeds.
     *
     * @param rows the runs
     * @param testNames what the test columns are called, one per test folder; empty: one column
     *     saying no test set was scored
     * @return the table
     */
    public static String markdown(List<Row> rows, List<String> testNames) {
        Map<String, List<Row>> groups = new LinkedHashMap<>();
        for (Row r : rows) {
            groups.computeIfAbsent(r.preset() + "|" + r.epochs() + "|" + r.views(), k -> new ArrayList<>()).add(r);
        }
        StringBuilder sb = new StringBuilder();
        List<String> columns = testNames.isEmpty() ? List.of("test (not run)") : testNames;
        sb.append("| preset | epochs | views | seeds | validation | warm-up kept | ").append(String.join(" | ", columns))
                .append(" | time |\n");
        sb.append("|---|---|---|---|---|---|").append("---|".repeat(columns.size())).append("---|\n");
        for (List<Row> g : groups.values()) {
            long warmUps = g.stream().filter(r -> r.warmUpKept() != null).count();
            long kept = g.stream().filter(r -> Boolean.TRUE.equals(r.warmUpKept())).count();
            sb.append(String.format(Locale.ROOT, "| %s | %d | %d | %s | %s | %s | ", g.get(0).preset(),
                    g.get(0).epochs(), g.get(0).views(),
                    g.stream().map(r -> "" + r.seed()).reduce((a, b) -> a + "," + b).orElse(""),
                    range(g.stream().mapToDouble(Row::valAccuracy).toArray(), "%.3f"),
                    warmUps == 0 ? "–" : kept + " of " + warmUps));
            for (int t = 0; t < columns.size(); t++) {
                int column = t;
                sb.append(range(g.stream().mapToDouble(r -> column < r.testAccuracies().size()
                        ? r.testAccuracies().get(column) : Double.NaN).toArray(), "%.3f")).append(" | ");
            }
            sb.append(range(g.stream().mapToDouble(Row::seconds).toArray(), "%.0f s")).append(" |\n");
        }
        return sb.toString();
    }

    private static String range(double[] v, String format) {
        if (v.length == 0 || Double.isNaN(v[0])) {
            return "–";
        }
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
