package dev.graft.engine.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.graft.core.model.ArchitectureSpec;
import dev.graft.core.model.FreezePlan;
import dev.graft.engine.catalogue.BundledModel;
import dev.graft.engine.net.FreezeApplier;
import dev.graft.engine.net.LayerTrees;
import dev.graft.engine.net.LoadedNet;
import dev.graft.engine.net.NetLoader;
import dev.graft.engine.net.FeatureTaps;
import java.util.List;

/**
 * The raw forward+backward+step speed of a network on one fixed random batch: no decoding, no
 * batching, no events. What Graft's training loop achieves is reported against this ceiling.
 */
public final class Ceiling {

    private Ceiling() {}

    /**
     * Measures images per second of full fine-tuning.
     *
     * @param classes number of classes of the head
     * @param batch batch size
     * @param size image size
     * @param steps measured steps (after two warm-up steps)
     * @return images per second
     * @throws Exception if the model cannot be built
     */
    public static double fullFineTuning(int classes, int batch, int size, int steps) throws Exception {
        ArchitectureSpec spec = FeatureTaps.apply(new BundledModel().spec(), "auto")
                .withHead(java.util.stream.IntStream.range(0, classes).mapToObj(i -> "c" + i).toList(), List.of(),
                        0.2f, size);
        try (LoadedNet net = NetLoader.create(spec, null, Device.cpu(), null)) {
            FreezePlan plan = FreezePlan.resolve(LayerTrees.paths(net.net()), net.net().stages(), "none", null, false);
            FreezeApplier.apply(net.net(), plan);
            DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                    .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-3f)).build())
                    .optDevices(new Device[] {Device.cpu()});
            try (Trainer trainer = net.model().newTrainer(config)) {
                trainer.initialize(new Shape(1, 3, size, size));
                NDManager root = net.model().getNDManager();
                java.util.Random random = new java.util.Random(0);
                float[] pixels = new float[batch * 3 * size * size];
                for (int i = 0; i < pixels.length; i++) {
                    pixels[i] = random.nextFloat();
                }
                int[] labels = random.ints(batch, 0, classes).toArray();
                long start = 0;
                for (int i = 0; i < steps + 2; i++) {
                    if (i == 2) {
                        start = System.nanoTime();
                    }
                    // inputs live in a per-step manager: every intermediate tensor attaches to the
                    // manager of its input and is freed with it
                    try (NDManager m = root.newSubManager()) {
                        NDArray x = m.create(pixels, new Shape(batch, 3, size, size));
                        NDArray y = m.create(labels);
                        try (GradientCollector gc = trainer.newGradientCollector()) {
                            NDList pred = trainer.forward(new NDList(x));
                            gc.backward(trainer.getLoss().evaluate(new NDList(y), pred));
                        }
                        trainer.step();
                    }
                }
                return (double) steps * batch / ((System.nanoTime() - start) / 1e9);
            }
        }
    }
}
