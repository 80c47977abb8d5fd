package dev.graft.cli;

import ai.djl.Device;
import dev.graft.core.data.DatasetScan;
import dev.graft.core.eval.Evaluation;
import dev.graft.core.run.Recipe;
import dev.graft.core.run.RunLocations;
import dev.graft.core.run.RunNames;
import dev.graft.core.util.AtomicFiles;
import dev.graft.core.util.Json;
import dev.graft.engine.bench.Benchmarks;
import dev.graft.engine.bench.GraftPeerWorker;
import dev.graft.engine.bench.PeerBench;
import dev.graft.engine.bench.PeerMode;
import dev.graft.engine.bench.ScaleBench;
import dev.graft.engine.bench.TransferTable;
import dev.graft.engine.catalogue.FolderModel;
import dev.graft.engine.data.DatasetScanner;
import dev.graft.engine.eval.Evaluator;
import dev.graft.engine.net.LoadedNet;
import dev.graft.engine.process.WorkerEnvironment;
import dev.graft.engine.process.WorkerEnvironmentRelaunch;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code graft bench}: the numbers the README reports, measured in one run on this machine.
 * {@code transfer} trains every freeze preset (head only, last 1/2/4 stages, full) at the given
 * epoch counts and seeds and scores each on validation and on images none saw, then compares the
 * default recipe with the same architecture trained from scratch; {@code throughput} compares the training loop with the raw forward+backward
 * ceiling and the feature cache with re-running the frozen backbone; {@code memory} tracks
 * resident memory over many epochs.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Measure transfer accuracy, speed and memory;"
        + " 'peer' compares training speed with a Python PyTorch script on this machine.")
final class BenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", defaultValue = "all", description = "transfer | throughput | memory | scale | check | peer"
            + " | all (scale, check and peer are not part of all: scale runs for tens of minutes, peer needs Python"
            + " with torch and torchvision)")
    String what;

    @Option(names = "--data", defaultValue = "datasets-sample/emoji", description = "training data (default: ${DEFAULT-VALUE})")
    Path data;

    @Option(names = "--test", split = ",", defaultValue = "datasets-sample/emoji-unseen",
            description = "held-out image folders for the transfer comparison, comma-separated, each its own"
                    + " column; none: validation only, for choosing a recipe without looking at a test set"
                    + " (default: ${DEFAULT-VALUE})")
    List<Path> tests;

    @Option(names = "--epochs", defaultValue = "30", description = "epochs of the transfer runs (default: ${DEFAULT-VALUE})")
    int epochs;

    @Option(names = "--batch-size", defaultValue = "32", description = "default: ${DEFAULT-VALUE}")
    int batchSize;

    @Option(names = "--presets", split = ",", defaultValue = "head only,last 1,last 2,last 4,full",
            description = "freeze presets of the transfer table (default: ${DEFAULT-VALUE})")
    List<String> presets;

    @Option(names = "--preset-epochs", split = ",", defaultValue = "30,3",
            description = "epoch counts of the transfer table (default: ${DEFAULT-VALUE})")
    List<Integer> presetEpochs;

    @Option(names = "--seeds", split = ",", defaultValue = "42",
            description = "seeds of the transfer table; three or more for any comparison (default: ${DEFAULT-VALUE})")
    List<Long> seeds;

    @Option(names = "--views", split = ",",
            description = "style-view counts of the transfer table, e.g. 0,2,4 (default: the recipe's default)")
    List<Integer> views = new java.util.ArrayList<>();

    @Option(names = "--scratch", negatable = true, fallbackValue = "true", defaultValue = "true",
            description = "transfer also trains the architecture from scratch for comparison (default: ${DEFAULT-VALUE})")
    boolean scratch;

    @Option(names = "--model", description = "transfer: the model every run starts from (default: the bundled"
            + " MobileNetV2)")
    String model;

    @Option(names = "--image-size", description = "transfer: image size of every run (default: the recipe's)")
    Integer imageSize;

    @Option(names = "--features", description = "transfer: feature taps of every run (default: the recipe's)")
    String features;

    @Option(names = "--memory-epochs", defaultValue = "30", description = "epochs of the memory run (default: ${DEFAULT-VALUE})")
    int memoryEpochs;

    @Option(names = "--python", description = "peer: the Python interpreter (default: the first of python3,"
            + " /usr/bin/python3, /usr/local/bin/python3, python that imports torch and torchvision)")
    String python;

    @Option(names = "--modes", split = ",", defaultValue = "full,partial,head",
            description = "peer: what trains: full, partial (last 4 stages), head (default: ${DEFAULT-VALUE})")
    List<String> modes;

    @Option(names = "--rounds", defaultValue = "2", description = "peer: alternating rounds, each side once per mode"
            + " and round (default: ${DEFAULT-VALUE})")
    int rounds;

    @Option(names = "--steps", defaultValue = "3", description = "peer: measured steps per run (default: ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--warmup", defaultValue = "1", description = "peer: unmeasured steps first (default: ${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--python-threads", defaultValue = "-1", description = "peer: PyTorch intra-op threads of the"
            + " Python side; -1 (default): the same number the Graft side uses; 0: PyTorch's own default")
    int pythonThreads;

    @Option(names = "--graft-env", description = "peer: extra environment of the Graft side, e.g."
            + " ONEDNN_MAX_CPU_ISA=SSE41 (repeatable)")
    Map<String, String> graftEnv = new LinkedHashMap<>();

    @Option(names = "--graft-jvm-option", description = "peer: extra JVM option of the Graft side, e.g."
            + " -Dai.djl.pytorch.num_threads=1 (repeatable)")
    List<String> graftJvmOptions = new ArrayList<>();

    @Option(names = "--scale-images", defaultValue = "30000",
            description = "images the scale and check benches generate (default: ${DEFAULT-VALUE})")
    int scaleImages;

    @Option(names = "--scale-data", description = "a dataset for the scale and check benches instead of generated images")
    Path scaleData;

    @Option(names = "--scale-heap", defaultValue = "2g",
            description = "heap of the scale bench's training process (default: ${DEFAULT-VALUE})")
    String scaleHeap;

    @Option(names = "--out", description = "new folder for the runs and bench.json (default: bench/<time> in"
            + " Graft's data folder)")
    Path out;

    @Override
    public Integer call() throws Exception {
        List<String> benches = List.of("transfer", "throughput", "memory", "scale", "check", "peer", "all");
        if (!benches.contains(what)) {
            System.err.println("graft: no bench '" + what + "': " + String.join(" | ", benches));
            return 2;
        }
        List<String> ranges = new ArrayList<>();
        if (batchSize < 1 || batchSize > 4096) {
            ranges.add("--batch-size must be between 1 and 4096: " + batchSize);
        }
        if (epochs < 1 || memoryEpochs < 1 || presetEpochs.stream().anyMatch(e -> e < 1)) {
            ranges.add("--epochs, --memory-epochs and --preset-epochs must be at least 1");
        }
        if (views.stream().anyMatch(v -> v < 0)) {
            ranges.add("--views must not be negative");
        }
        if (scaleImages < 1) {
            ranges.add("--scale-images must be at least 1: " + scaleImages);
        }
        if (!ranges.isEmpty()) {
            System.err.println("graft: " + String.join("; ", ranges));
            return 2;
        }
        List<String> presetNames = TransferTable.PRESETS.stream().map(TransferTable.Preset::name).toList();
        List<String> unknown = presets.stream().filter(p -> !presetNames.contains(p)).toList();
        if (!unknown.isEmpty()) {
            System.err.println("graft: no preset " + String.join(", ", unknown.stream().map(p -> "'" + p + "'")
                    .toList()) + ": --presets takes " + String.join(", ", presetNames));
            return 2;
        }
        if (List.of("transfer", "throughput", "memory", "all").contains(what)
                && !WorkerEnvironmentRelaunch.hasWorkerEnvironment(System.getenv())
                && !WorkerEnvironmentRelaunch.isRelaunched()) {
            // these benches train in this process: give it what `graft train`'s worker has
            System.out.println("bench: starting again in a process with the training worker's environment ("
                    + String.join(", ", WorkerEnvironment.of(false).keySet()) + ")");
            return WorkerEnvironmentRelaunch.run(GraftCli.class.getName(),
                    spec.root().commandLine().getParseResult().originalArgs());
        }
        WorkerEnvironmentRelaunch.endWithParent();
        Path dir = out != null ? out : RunLocations.dataHome().resolve("bench")
                .resolve(RunNames.folderName(LocalDateTime.now(), ""));
        if (java.nio.file.Files.exists(dir)) {
            System.err.println("graft: " + dir + " exists; bench writes only into a new folder");
            return 2;
        }
        List<Path> read = new ArrayList<>(List.of(data));
        if (!noTest()) {
            read.addAll(tests);
        }
        if (scaleData != null) {
            read.add(scaleData); // scale and check train on it
        }
        for (Path folder : read) {
            if (RunLocations.canonical(dir).startsWith(RunLocations.canonical(folder))) {
                System.err.println("graft: " + dir + " is inside the image folder " + folder + ": bench never writes"
                        + " into the folders it reads (its files would be read as a class). Choose an --out outside it.");
                return 2;
            }
        }
        System.out.println("bench runs and results go to " + dir);
        Map<String, Object> results = new LinkedHashMap<>();
        Map<String, String> environment = new LinkedHashMap<>();
        for (String key : WorkerEnvironment.of(false).keySet()) {
            environment.put(key, System.getenv(key)); // what these numbers were measured with
        }
        results.put("environment", environment);
        Benchmarks bench = new Benchmarks(data.toString(), batchSize, dir, System.out::println);
        if (what.equals("transfer") || what.equals("all")) {
            Map<String, Object> r = new LinkedHashMap<>();
            List<Path> testFolders = noTest() ? List.of() : tests;
            List<TransferTable.Row> rows = TransferTable.run(data.toString(), testFolders, presets,
                    presetEpochs, seeds, views, batchSize, dir, System.out::println, model, imageSize, features);
            r.put("presets", rows);
            String table = TransferTable.markdown(rows,
                    testFolders.stream().map(t -> t.toAbsolutePath().normalize().getFileName().toString()).toList());
            r.put("presetsTable", table);
            System.out.println(table);
            if (scratch && !noTest()) {
                Recipe pretrained = Recipe.builder(data.toString()).epochs(epochs).batchSize(batchSize).build();
                Recipe fromScratch = Recipe.builder(data.toString()).epochs(epochs).batchSize(batchSize)
                        .init("scratch").freeze("none").build();
                r.put("pretrained", evaluate(bench.train("transfer-pretrained", pretrained)));
                r.put("scratch", evaluate(bench.train("transfer-scratch", fromScratch)));
            }
            results.put("transfer", r);
            System.out.println("transfer: " + Json.COMPACT.toJson(r));
        }
        if (what.equals("throughput") || what.equals("all")) {
            results.put("throughput", bench.throughput());
        }
        if (what.equals("peer")) {
            List<PeerMode> peerModes = modes.stream().map(PeerMode::of).toList();
            int threads = pythonThreads >= 0 ? pythonThreads : GraftPeerWorker.threadsFor(graftJvmOptions);
            try {
                results.put("peer", new PeerBench(new PeerBench.Options(data, batchSize, 224, peerModes,
                        Math.max(1, rounds), steps, warmup, python, threads, graftJvmOptions, graftEnv,
                        dir.toAbsolutePath()), System.out::println).run());
            } catch (PeerBench.NoPythonException e) {
                System.err.println("graft: " + e.getMessage());
                return 3;
            }
        }
        if (what.equals("memory") || what.equals("all")) {
            results.put("memory", bench.memory(memoryEpochs));
        }
        if (what.equals("scale")) {
            results.put("scale", new ScaleBench(dir.resolve("scale"), System.out::println).run(scaleData, scaleImages,
                    scaleHeap, 2, java.util.List.of()));
        }
        if (what.equals("check")) {
            results.put("check", new dev.graft.engine.bench.CheckBench(dir.resolve("check"), System.out::println)
                    .run(scaleData, scaleImages));
        }
        AtomicFiles.writeString(dir.resolve("bench.json"), Json.PRETTY.toJson(results));
        System.out.println("results written to " + dir.resolve("bench.json"));
        return 0;
    }

    private boolean noTest() {
        return tests.size() == 1 && tests.get(0).toString().equals("none");
    }

    private Map<String, Object> evaluate(Path runDir) throws Exception {
        DatasetScan scan = new DatasetScanner().scan(tests.get(0));
        Evaluation e;
        try (LoadedNet net = new FolderModel(new dev.graft.core.run.RunFolder(runDir).model()).load(Device.cpu())) {
            e = Evaluator.evaluate(net, scan, batchSize);
        }
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("run", runDir.toString());
        r.put("testImages", e.images());
        r.put("testAccuracy", e.accuracy());
        return r;
    }
}
