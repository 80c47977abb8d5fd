package dev.graft.cli.bench;

import ai.djl.Device;
import dev.graft.core.data.DatasetScan;
import dev.graft.core.eval.Evaluation;
import dev.graft.core.run.Recipe;
import dev.graft.core.run.RecipeBuilder;
import dev.graft.core.run.RecipeField;
import dev.graft.core.run.RunFolder;
import dev.graft.core.util.Json;
import dev.graft.engine.bench.Benchmarks;
import dev.graft.engine.bench.TransferTable;
import dev.graft.engine.catalogue.FolderModel;
import dev.graft.engine.data.DatasetScanner;
import dev.graft.engine.eval.Evaluator;
import dev.graft.engine.net.LoadedNet;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code graft bench transfer}: trains every freeze preset at the given epoch counts and seeds, scores
 * each on validation and on image folders none of them saw, then compares the default recipe with
 * the same architecture trained from scratch.
 */
@Command(name = "transfer", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Accuracy of the freeze presets over seeds, on validation and on held-out folders.")
final class TransferBenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    BenchSettings settings;

    @Option(names = "--test", paramLabel = "DIR", split = ",", defaultValue = "datasets-sample/emoji-unseen",
            description = "held-out image folders, comma-separated, each its own column; none: validation only, for"
                    + " choosing a recipe without looking at a test set (default: ${DEFAULT-VALUE})")
    List<Path> tests;

    @Option(names = "--presets", paramLabel = "PRESET", split = ",", defaultValue = "head only,last 1,last 2,last 4,full",
            description = "freeze presets (default: ${DEFAULT-VALUE})")
    List<String> presets;

    @Option(names = "--preset-epochs", paramLabel = "N", split = ",", defaultValue = "30,3",
            description = "epoch counts (default: ${DEFAULT-VALUE})")
    List<Integer> presetEpochs;

    @Option(names = "--seeds", paramLabel = "N", split = ",", defaultValue = "42",
            description = "seeds; three or more for any comparison (default: ${DEFAULT-VALUE})")
    List<Long> seeds;

    @Option(names = "--views", paramLabel = "N", split = ",",
            description = "style-view counts, e.g. 0,2,4 (default: the recipe's default)")
    List<Integer> views = new ArrayList<>();

    @Option(names = "--scratch", negatable = true, fallbackValue = "true", defaultValue = "true",
            description = "also train the architecture from scratch for comparison (default: ${DEFAULT-VALUE})")
    boolean scratch;

    @Option(names = "--model", paramLabel = "MODEL", description = "the model every run starts from (default:"
            + " the bundled MobileNetV2)")
    String model;

    @Option(names = "--image-size", paramLabel = "N", description = "image size of every run (default: the"
            + " recipe's)")
    Integer imageSize;

    @Option(names = "--features", paramLabel = "STAGES", description = "feature taps of every run (default: the"
            + " recipe's)")
    String features;

    @Option(names = "--epochs", paramLabel = "N", defaultValue = "30", description = "epochs of the pretrained-versus-scratch runs"
            + " (default: ${DEFAULT-VALUE})")
    int epochs;

    @Override
    public Integer call() throws Exception {
        List<String> problems = new ArrayList<>();
        if (epochs < 1 || presetEpochs.stream().anyMatch(e -> e < 1)) {
            problems.add("--epochs and --preset-epochs must be at least 1");
        }
        if (views.stream().anyMatch(v -> v < 0)) {
            problems.add("--views must not be negative");
        }
        List<String> names = TransferTable.PRESETS.stream().map(TransferTable.Preset::name).toList();
        List<String> unknown = presets.stream().filter(p -> !names.contains(p)).toList();
        if (!unknown.isEmpty()) {
            problems.add("no preset " + String.join(", ", unknown.stream().map(p -> "'" + p + "'").toList())
                    + ": --presets takes " + String.join(", ", names));
        }
        if (!problems.isEmpty()) {
            System.err.println("graft: " + String.join("; ", problems));
            return 2;
        }
        boolean noTest = tests.size() == 1 && tests.get(0).toString().equals("none");
        List<Path> testFolders = noTest ? List.of() : tests;
        return BenchRun.run(spec, settings, true, testFolders, (dir, results) -> {
            String data = settings.data.toString();
            Map<String, Object> r = new LinkedHashMap<>();
            List<TransferTable.Row> rows = TransferTable.run(data, testFolders, presets, presetEpochs, seeds, views,
                    settings.batchSize, dir, System.out::println, this::chosen);
            r.put("presets", rows);
            String table = TransferTable.markdown(rows, testFolders.stream()
                    .map(t -> t.toAbsolutePath().normalize().getFileName().toString()).toList());
            r.put("presetsTable", table);
            System.out.println(table);
            if (scratch && !noTest) {
                Benchmarks bench = new Benchmarks(data, settings.batchSize, dir, System.out::println);
                Recipe pretrained = chosen(Recipe.builder(data)).set(RecipeField.EPOCHS, epochs)
                        .set(RecipeField.BATCH_SIZE, settings.batchSize).build();
                Recipe fromScratch = pretrained.toBuilder().set(RecipeField.INIT, "scratch")
                        .set(RecipeField.FREEZE, "none").build();
                r.put("pretrained", evaluate(bench.train("transfer-pretrained", pretrained)));
                r.put("scratch", evaluate(bench.train("transfer-scratch", fromScratch)));
            }
            results.put("transfer", r);
            System.out.println("transfer: " + Json.COMPACT.toJson(r));
            return 0;
        });
    }

    /** The model, image size and feature taps every run of this bench starts from. */
    private RecipeBuilder chosen(RecipeBuilder b) {
        if (model != null) {
            b.set(RecipeField.MODEL, model);
        }
        if (imageSize != null) {
            b.set(RecipeField.IMAGE_SIZE, imageSize);
        }
        if (features != null) {
            b.set(RecipeField.FEATURES, features);
        }
        return b;
    }

    private Map<String, Object> evaluate(Path runDir) throws Exception {
        DatasetScan scan = new DatasetScanner().scan(tests.get(0));
        Evaluation e;
        try (LoadedNet net = new FolderModel(new RunFolder(runDir).model()).load(Device.cpu())) {
            e = Evaluator.evaluate(net, scan, settings.batchSize);
        }
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("run", runDir.toString());
        r.put("testImages", e.images());
        r.put("testAccuracy", e.accuracy());
        return r;
    }
}
