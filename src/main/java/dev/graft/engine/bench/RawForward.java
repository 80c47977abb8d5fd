package dev.graft.engine.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import dev.graft.core.model.ArchitectureSpec;
import dev.graft.core.model.FreezePlan;
import dev.graft.core.run.Recipe;
import dev.graft.engine.catalogue.ModelCatalogue;
import dev.graft.engine.catalogue.ModelSource;
import dev.graft.engine.net.FeatureTaps;
import dev.graft.engine.net.FreezeApplier;
import dev.graft.engine.net.GraftNet;
import dev.graft.engine.net.LayerRegistry;
import dev.graft.engine.net.LoadedNet;
import dev.graft.engine.net.NetLoader;
import dev.graft.engine.net.TappedBackbone;
import dev.graft.engine.train.OncePass;
import java.util.List;
import java.util.Map;
import java.nio.file.Path;
import dev.graft.core.data.LabeledImage;
import dev.graft.engine.data.DatasetScanner;
import dev.graft.engine.image.ImageDecoder;
import dev.graft.engine.image.ImagePreprocessor;

/**
 * The ceiling of a recipe's once-only pass: the frozen part of its network (the whole backbone when
 * only the head trains, else the frozen leading stages) run forward in inference mode on one fixed
 * batch of the dataset's first images, decoded beforehand, at the pass's batch size and image size,
 * with the recipe's freeze plan applied (frozen BatchNorm is folded into its convolution, as in
 * training). No reading, no decoding, no cache in the loop: what the feature pass would reach if
 * images cost nothing to read. Real pixels, not random ones: uniform noise made the last stages of
 * MobileNetV2 ten times slower (4 against 45 images/s, most likely denormal numbers).
 */
final class RawForward {

    /**
     * What was measured.
     *
     * @param imagesPerSecond images per second after warm-up
     * @param part what ran, e.g. "the whole backbone" or "stem–stage5"
     */
    record Result(double imagesPerSecond, String part) {}

    private RawForward() {}

    /** The dataset's first images (by file name), preprocessed as training does, repeated to fill a batch. */
    private static float[] firstImages(Recipe recipe, ArchitectureSpec spec, int batch) throws Exception {
        List<Path> files = new DatasetScanner().scan(Path.of(recipe.data())).images().stream()
                .map(LabeledImage::file).sorted().limit(batch).toList();
        ImagePreprocessor pre = new ImagePreprocessor(spec.imageSize(), spec.mean(), spec.std());
        ImageDecoder decoder = new ImageDecoder();
        int per = 3 * spec.imageSize() * spec.imageSize();
        float[] pixels = new float[batch * per];
        for (int i = 0; i < batch; i++) {
            System.arraycopy(pre.toChw(decoder.decode(files.get(i % files.size())), false), 0, pixels, i * per, per);
        }
        return pixels;
    }

    /**
     * Measures.
     *
     * @param recipe the recipe whose pass is meant (model, image size, freeze, features)
     * @param batch images per forward pass (the pass's chunk)
     * @param seconds how long to measure after three warm-up passes
     * @return images per second
     * @throws Exception if the model cannot be loaded
     */
    static Result measure(Recipe recipe, int batch, double seconds) throws Exception {
        int size = recipe.imageSize();
        ModelSource source = ModelCatalogue.resolve(recipe.model(), size);
        ArchitectureSpec spec = FeatureTaps.apply(source.spec(), source.dir(), recipe.features())
                .withHead(List.of("a", "b"), List.of(), recipe.dropout(), size);
        try (LoadedNet net = NetLoader.create(spec, source.dir(), Device.cpu(), null)) {
            try (LoadedNet pretrained = source.load(Device.cpu())) {
                // pretrained weights, not random ones: denormals and folded BatchNorm change the speed
                Map<String, Parameter> from = pretrained.net().layers().tensors();
                for (Map.Entry<String, Parameter> e : net.net().layers().tensors().entrySet()) {
                    if (!FreezePlan.under(e.getKey(), GraftNet.HEAD) && from.containsKey(e.getKey())) {
                        e.getValue().getArray().set(from.get(e.getKey()).getArray().toByteBuffer());
                    }
                }
            }
            GraftNet g = net.net();
            List<String> paths = g.layers().layers().stream().map(LayerRegistry.Layer::path).toList();
            FreezePlan plan = FreezePlan.resolve(paths, g.stages(), recipe.freeze(), recipe.trainLast(),
                    g.backboneRunsAsOneModule());
            FreezeApplier.apply(g, plan, "frozen".equals(recipe.bnStatistics()));
            boolean backboneFrozen = paths.stream().filter(p -> !FreezePlan.under(p, GraftNet.HEAD))
                    .allMatch(plan::isFrozen);
            int prefix = backboneFrozen || !(g.backbone() instanceof TappedBackbone) ? 0
                    : OncePass.prefixStages(g, paths, plan);
            String part = prefix == 0 ? "the whole backbone" : g.stages().get(0) + "–" + g.stages().get(prefix - 1);
            float[] pixels = firstImages(recipe, spec, batch);
            NDManager root = net.model().getNDManager();
            long start = 0;
            int measured = 0;
            for (int i = 0; ; i++) {
                if (i == 3) {
                    start = System.nanoTime();
                }
                try (NDManager m = root.newSubManager()) {
                    NDList x = new NDList(m.create(pixels, new Shape(batch, 3, size, size)));
                    NDArray out = prefix == 0 ? g.backbone().forward(new ParameterStore(m, false), x, false)
                            .singletonOrThrow()
                            : ((TappedBackbone) g.backbone()).forwardPrefix(new ParameterStore(m, false), x, prefix)
                            .get(0);
                    out.toFloatArray(); // the pass copies its outputs to the heap too
                }
                if (i >= 3) {
                    measured += batch;
                    if ((System.nanoTime() - start) / 1e9 >= seconds) {
                        break;
                    }
                }
            }
            return new Result(measured / ((System.nanoTime() - start) / 1e9), part);
        }
    }
}
