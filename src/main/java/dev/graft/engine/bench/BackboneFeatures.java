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
import dev.graft.core.run.RecipeDefaults;
import dev.graft.engine.catalogue.ModelCatalogue;
import dev.graft.engine.catalogue.ModelSource;
import dev.graft.engine.image.ImageDecoder;
import dev.graft.engine.image.ImagePreprocessor;
import dev.graft.engine.net.FeatureTaps;
import dev.graft.engine.net.GraftNet;
import dev.graft.engine.net.LoadedNet;
import dev.graft.engine.net.NetLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The pretrained backbone of a model as a fixed feature extractor: the pooled (and, as in training,
 * tapped) features of image files, as is and mirrored. What head-only training learns from, computed
 * once so several heads (one backbone's, two backbones' together) can be compared on the same numbers.
 */
final class BackboneFeatures implements AutoCloseable {

    private final LoadedNet net;
    private final ImagePreprocessor preprocessor;
    private final ImageDecoder decoder = new ImageDecoder();
    private final String model;

    private BackboneFeatures(LoadedNet net, String model) {
        this.net = net;
        this.model = model;
        ArchitectureSpec spec = net.net().spec();
        this.preprocessor = new ImagePreprocessor(spec.imageSize(), spec.mean(), spec.std());
    }

    /**
     * Loads a model's pretrained backbone with the feature taps training would use.
     *
     * @param modelRef catalogue id or folder
     * @param imageSize input size
     * @param features {@code auto} or stage names
     * @return the extractor; close it to free the model
     * @throws Exception if the model cannot be loaded
     */
    static BackboneFeatures of(String modelRef, int imageSize, String features) throws Exception {
        ModelSource source = ModelCatalogue.resolve(modelRef, imageSize);
        ArchitectureSpec spec = FeatureTaps.apply(source.spec(), source.dir(), features)
                .withHead(List.of("a", "b"), List.of(), RecipeDefaults.DROPOUT, imageSize);
        LoadedNet net = NetLoader.create(spec, source.dir(), Device.cpu(), null);
        try (LoadedNet pretrained = source.load(Device.cpu())) {
            Map<String, Parameter> from = pretrained.net().layers().tensors();
            for (Map.Entry<String, Parameter> e : net.net().layers().tensors().entrySet()) {
                if (!FreezePlan.under(e.getKey(), GraftNet.HEAD)) {
                    e.getValue().getArray().set(from.get(e.getKey()).getArray().toByteBuffer());
                }
            }
        } catch (Exception | Error e) {
            net.close();
            throw e;
        }
        return new BackboneFeatures(net, modelRef + " at " + imageSize + " px, features " + features);
    }

    /** @return what the features are, for reports */
    String describe() {
        return model;
    }

    /**
     * The features of files, in inference mode, a batch at a time.
     *
     * @param files the images
     * @param mirrored whether to mirror each image left to right first
     * @param log progress lines
     * @return one row per file
     * @throws Exception if an image cannot be read
     */
    float[][] of(List<Path> files, boolean mirrored, Consumer<String> log) throws Exception {
        int s = preprocessor.size();
        int per = 3 * s * s;
        List<float[]> rows = new ArrayList<>();
        int batch = 8;
        long t0 = System.nanoTime();
        for (int start = 0; start < files.size(); start += batch) {
            List<Path> chunk = files.subList(start, Math.min(files.size(), start + batch));
            float[] input = new float[chunk.size() * per];
            for (int i = 0; i < chunk.size(); i++) {
                System.arraycopy(preprocessor.toChw(decoder.decode(chunk.get(i)), mirrored), 0, input, i * per, per);
            }
            try (NDManager m = net.model().getNDManager().newSubManager()) {
                NDArray x = m.create(input, new Shape(chunk.size(), 3, s, s));
                NDArray f = net.net().backbone().forward(new ParameterStore(m, false), new NDList(x), false)
                        .singletonOrThrow();
                int width = (int) f.getShape().get(1);
                float[] flat = f.toFloatArray();
                for (int i = 0; i < chunk.size(); i++) {
                    float[] row = new float[width];
                    System.arraycopy(flat, i * width, row, 0, width);
                    rows.add(row);
                }
            }
            if ((start / batch) % 25 == 0) {
                log.accept(String.format(java.util.Locale.ROOT, "  %s: %d/%d images (%.1f img/s)", model,
                        rows.size(), files.size(), rows.size() / ((System.nanoTime() - t0) / 1e9)));
            }
        }
        return rows.toArray(float[][]::new);
    }

    @Override
    public void close() {
        net.close();
    }
}
