package dev.graft.engine.bench;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.graft.core.model.ArchitectureSpec;
import dev.graft.core.model.FreezePlan;
import dev.graft.engine.catalogue.BundledModel;
import dev.graft.engine.net.FreezeApplier;
import dev.graft.engine.net.LayerTrees;
import dev.graft.engine.net.LoadedNet;
import dev.graft.engine.net.NetLoader;
import dev.graft.engine.net.FeatureTaps;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The Graft side of {@code graft bench peer}, run in its own JVM so that its environment
 * (oneDNN ISA, threads) is set before libtorch loads, exactly like the training worker. Builds
 * the bundled MobileNetV2 with {@code --features top} and a new head, loads its pretrained
 * weights, freezes as the mode says, and times training steps on the shared batch: per step a
 * fresh input array, forward, loss, backward, optimizer step, loss and accuracy read back -- what
 * Graft's training loop does per batch. Prints one {@code GRAFT_PEER_RESULT} JSON line.
 *
 * <p>Arguments: {@code INPUTS_DIR MODE STEPS WARMUP [PROFILE_FILE]}.
 */
public final class GraftPeerWorker {

    /** Prefix of the result line (both sides). */
    public static final String RESULT_PREFIX = "GRAFT_PEER_RESULT ";

    private GraftPeerWorker() {}

    /**
     * The intra-op threads the Graft side will run with: {@code ai.djl.pytorch.num_threads} when
     * one of the JVM options sets it, else one per logical core (libtorch's default here; the
     * worker reports what it really used).
     *
     * @param jvmOptions the Graft side's extra JVM options
     * @return the thread count
     */
    public static int threadsFor(List<String> jvmOptions) {
        String key = "-Dai.djl.pytorch.num_threads=";
        int threads = Runtime.getRuntime().availableProcessors();
        for (String o : jvmOptions) {
            if (o.startsWith(key)) {
                threads = Integer.parseInt(o.substring(key.length()).trim());
            }
        }
        return threads;
    }

    /**
     * Runs one measurement.
     *
     * @param args inputs folder, mode, measured steps, warm-up steps, optional profile file
     * @throws Exception if anything fails
     */
    public static void main(String[] args) throws Exception {
        Path inputs = Path.of(args[0]);
        PeerMode mode = PeerMode.of(args[1]);
        int steps = Integer.parseInt(args[2]);
        int warmup = Integer.parseInt(args[3]);
        String profile = args.length > 4 ? args[4] : null;
        JsonObject result = run(inputs, mode, steps, warmup, profile);
        System.out.println(RESULT_PREFIX + result);
        System.out.flush();
        System.exit(0);
    }

    static JsonObject run(Path inputs, PeerMode mode, int steps, int warmup, String profile) throws Exception {
        PeerInputs.Batch batch = PeerInputs.readBatch(inputs);
        int size = batch.imageSize();
        List<String> classes = IntStream.range(0, batch.classes()).mapToObj(i -> "c" + i).toList();
        ArchitectureSpec spec = FeatureTaps.apply(new BundledModel().spec(), "top")
                .withHead(classes, List.of(), 0.2f, size);
        Engine.getEngine("PyTorch").setRandomSeed(0);
        List<Double> stepSeconds = new ArrayList<>();
        long trainableTensors = 0;
        long trainableParameters = 0;
        try (LoadedNet net = NetLoader.create(spec, null, Device.cpu(), null)) {
            try (LoadedNet pretrained = new BundledModel().load(Device.cpu())) {
                Map<String, Parameter> from = pretrained.net().layers().tensors();
                for (Map.Entry<String, Parameter> e : net.net().layers().tensors().entrySet()) {
                    if (!e.getKey().startsWith("head.")) {
                        e.getValue().getArray().set(from.get(e.getKey()).getArray().toByteBuffer());
                    }
                }
            }
            FreezePlan plan = FreezePlan.resolve(LayerTrees.paths(net.net()), net.net().stages(), mode.freeze(),
                    mode.trainLast(), false);
            FreezeApplier.apply(net.net(), plan);
            for (Parameter p : net.net().layers().tensors().values()) {
                if (p.requiresGradient()) {
                    trainableTensors++;
                    trainableParameters += p.getArray().size();
                }
            }
            DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                    .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-3f))
                            .optWeightDecays(1e-4f).build())
                    .optDevices(new Device[] {Device.cpu()});
            try (Trainer trainer = net.model().newTrainer(config)) {
                trainer.initialize(new Shape(1, 3, size, size));
                NDManager root = net.model().getNDManager();
                Shape shape = new Shape(batch.size(), 3, size, size);
                for (int i = 0; i < warmup + steps; i++) {
                    if (profile != null && i == warmup) {
                        JniUtils.startProfile(false, true, false);
                    }
                    long t0 = System.nanoTime();
                    float loss;
                    long correct;
                    try (NDManager m = root.newSubManager()) {
                        NDArray x = m.create(batch.pixels(), shape);
                        NDArray y = m.create(batch.labels());
                        try (GradientCollector gc = trainer.newGradientCollector()) {
                            NDList pred = trainer.forward(new NDList(x));
                            NDArray l = trainer.getLoss().evaluate(new NDList(y), pred);
                            gc.backward(l);
                            loss = l.getFloat();
                            correct = pred.singletonOrThrow().argMax(1).toType(DataType.INT32, false)
                                    .eq(y).toType(DataType.INT64, false).sum().getLong();
                        }
                        trainer.step();
                    }
                    double dt = (System.nanoTime() - t0) / 1e9;
                    if (i >= warmup) {
                        stepSeconds.add(dt);
                    }
                    System.err.printf(Locale.ROOT, "step %d: %.3fs loss %.4f correct %d%n", i + 1, dt, loss, correct);
                }
                if (profile != null) {
                    JniUtils.stopProfile(profile);
                }
            }
        }
        double total = stepSeconds.stream().mapToDouble(Double::doubleValue).sum();
        JsonObject r = new JsonObject();
        r.addProperty("side", "graft");
        r.addProperty("mode", mode.id());
        r.addProperty("imagesPerSecond", batch.size() * stepSeconds.size() / total);
        JsonArray st = new JsonArray();
        stepSeconds.forEach(st::add);
        r.add("stepSeconds", st);
        r.addProperty("batchSize", batch.size());
        r.addProperty("imageSize", size);
        r.addProperty("trainableTensors", trainableTensors);
        r.addProperty("trainableParameters", trainableParameters);
        r.addProperty("java", System.getProperty("java.version"));
        r.addProperty("djl", Engine.getDjlVersion());
        r.addProperty("libtorch", Engine.getEngine("PyTorch").getVersion());
        r.addProperty("threads", JniUtils.getNumThreads());
        r.addProperty("interopThreads", JniUtils.getNumInteropThreads());
        JsonObject env = new JsonObject();
        for (String k : PeerSettings.ENV_KEYS) {
            if (System.getenv(k) != null) {
                env.addProperty(k, System.getenv(k));
            }
        }
        r.add("env", env);
        return r;
    }
}
