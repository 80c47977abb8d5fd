package dev.graft.engine.explain;

import ai.djl.Device;
import dev.graft.core.explain.HeatMap;
import dev.graft.core.explain.Picture;
import dev.graft.engine.catalogue.ModelCatalogue;
import dev.graft.engine.image.ImageDecoder;
import dev.graft.engine.image.ImagePreprocessor;
import dev.graft.engine.image.ImageRejectedException;
import dev.graft.engine.inference.Inference;
import dev.graft.engine.inference.ModelCalibration;
import dev.graft.engine.net.LoadedNet;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;

/**
 * A trained model's answers with heat maps, for {@code graft explain}, the Try tab and the
 * mistakes in Results. The probabilities come from the same {@link Inference} as
 * {@code graft predict}, so both always agree; the heat map comes from {@link GradCam}.
 */
public final class Explainer implements AutoCloseable {

    private final LoadedNet net;
    private final Inference inference;
    private final ImagePreprocessor preprocessor;
    private final ImageDecoder decoder = new ImageDecoder();
    private final GradCam gradCam;
    private final Path source;

    /**
     * Explains with a loaded network (the caller keeps owning it).
     *
     * @param net the network
     * @param source where it was loaded from
     */
    public Explainer(LoadedNet net, Path source) {
        this(net, source, ModelCalibration.NONE);
    }

    /**
     * Explains with a loaded network and its calibration, so the probabilities are {@code graft
     * predict}'s.
     *
     * @param net the network (the caller keeps owning it)
     * @param source where it was loaded from
     * @param calibration the model folder's calibration
     */
    public Explainer(LoadedNet net, Path source, ModelCalibration calibration) {
        this.net = net;
        this.source = source;
        this.inference = new Inference(net, calibration);
        var spec = net.net().spec();
        this.preprocessor = new ImagePreprocessor(spec.imageSize(), spec.mean(), spec.std());
        this.gradCam = new GradCam(net);
    }

    /**
     * Loads the model of a run folder (or a model folder) on the CPU. Only data is read from the
     * folder; no code it names is run.
     *
     * @param runOrModel the run or model folder
     * @return the explainer; close it to free the model's memory
     * @throws Exception if there is no usable model there, with the reason
     */
    public static Explainer open(Path runOrModel) throws Exception {
        var model = ModelCatalogue.resolveTrained(runOrModel.toString());
        ModelCalibration calibration = ModelCalibration.of(model.dir());
        return new Explainer(model.load(Device.cpu()), runOrModel, calibration);
    }

    /** @return the network explained */
    LoadedNet net() {
        return net;
    }

    /** @return the folder the model was loaded from */
    public Path source() {
        return source;
    }

    /** @return the model's classes */
    public List<String> classes() {
        return net.net().spec().classes();
    }

    /** @return why this model has no heat maps, or null when it has */
    public String unavailable() {
        return gradCam.unavailable();
    }

    /**
     * Classifies an image and explains one class.
     *
     * @param file the image
     * @param cls the class to explain, or null for the most likely one
     * @param previewSide longest side of the preview picture, or 0 for none
     * @return the explanation; an unreadable image gives one with the reason
     * @throws IllegalArgumentException when {@code cls} is not one of the model's classes
     */
    public Explanation explain(Path file, String cls, int previewSide) {
        List<String> classes = classes();
        if (cls != null && !classes.contains(cls)) {
            throw new IllegalArgumentException("the model has no class '" + cls + "'; its classes are "
                    + String.join(", ", classes));
        }
        ImageDecoder.Decoded decoded;
        try {
            decoded = decoder.decodeSized(file);
        } catch (ImageRejectedException e) {
            return new Explanation(file, classes, null, null, null, unavailable(), null, e.getMessage());
        }
        float[] chw = preprocessor.toChw(decoded.image(), false);
        float[] p = inference.probabilities(chw, 1)[0];
        for (float v : p) {
            if (!Float.isFinite(v)) {
                return new Explanation(file, classes, null, null, null, unavailable(), null,
                        "the model produced invalid (NaN) probabilities: its parameters are corrupt or it diverged"
                                + " in training");
            }
        }
        int chosen = cls != null ? classes.indexOf(cls) : argmax(p);
        HeatMap heat = unavailable() != null ? null
                : HeatMap.overCentreSquare(gradCam.map(chw, chosen), decoded.width(), decoded.height());
        Picture preview = previewSide > 0 ? preview(decoded.image(), previewSide) : null;
        return new Explanation(file, classes, p, classes.get(chosen), heat, unavailable(), preview, null);
    }

    /**
     * The image with its heat map drawn over it, at the image's own size.
     *
     * @param file the image
     * @param heat its heat map
     * @param opacity of the heat colours
     * @return the overlay
     * @throws ImageRejectedException when the image cannot be read
     */
    public BufferedImage overlay(Path file, HeatMap heat, double opacity) throws ImageRejectedException {
        ImageDecoder.Decoded d = decoder.decodeSized(file);
        return Overlay.render(d.image(), heat, opacity, d.width(), d.height());
    }

    private static int argmax(float[] p) {
        int best = 0;
        for (int i = 1; i < p.length; i++) {
            if (p[i] > p[best]) {
                best = i;
            }
        }
        return best;
    }

    private static Picture preview(BufferedImage img, int side) {
        double scale = Math.min(1.0, (double) side / Math.max(img.getWidth(), img.getHeight()));
        int w = Math.max(1, (int) Math.round(img.getWidth() * scale));
        int h = Math.max(1, (int) Math.round(img.getHeight() * scale));
        BufferedImage out = img;
        if (w != img.getWidth() || h != img.getHeight()) {
            out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = out.createGraphics();
            try {
                g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
                g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
                g.drawImage(img, 0, 0, w, h, null);
            } finally {
                g.dispose();
            }
        }
        int[] px = out.getRGB(0, 0, w, h, null, 0, w);
        return new Picture(w, h, px);
    }

    @Override
    public void close() {
        net.close();
    }
}
