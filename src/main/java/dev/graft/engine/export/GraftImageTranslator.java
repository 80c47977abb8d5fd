package dev.graft.engine.export;

import ai.djl.modality.Classifications;
import ai.djl.modality.cv.Image;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.Batchifier;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;
import dev.graft.core.model.ArchitectureSpec;
import dev.graft.engine.image.ImageDecoder;
import dev.graft.engine.image.ImagePreprocessor;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * DJL translator for Graft models: Graft's preprocessing in, calibrated class probabilities out
 * (softmax of the logits divided by the folder's temperature, as Graft's own inference gives them).
 */
final class GraftImageTranslator implements Translator<Image, Classifications> {

    private final ImagePreprocessor preprocessor;
    private final ImageDecoder flattener = new ImageDecoder();
    private final List<String> classes;
    private final float temperature;

    GraftImageTranslator(ArchitectureSpec spec, float temperature) {
        this.preprocessor = new ImagePreprocessor(spec.imageSize(), spec.mean(), spec.std());
        this.classes = spec.classes();
        this.temperature = temperature;
    }

    @Override
    public NDList processInput(TranslatorContext ctx, Image input) {
        Object wrapped = input.getWrappedImage();
        if (!(wrapped instanceof BufferedImage)) {
            throw new IllegalArgumentException("Graft's translator needs DJL's default (BufferedImage) ImageFactory");
        }
        BufferedImage rgb = flattener.flatten((BufferedImage) wrapped);
        int s = preprocessor.size();
        NDArray x = ctx.getNDManager().create(preprocessor.toChw(rgb, false), new Shape(3, s, s));
        return new NDList(x);
    }

    @Override
    public Classifications processOutput(TranslatorContext ctx, NDList list) {
        NDArray probabilities = list.singletonOrThrow().div(temperature).softmax(0);
        return new Classifications(classes, probabilities);
    }

    @Override
    public Batchifier getBatchifier() {
        return Batchifier.STACK;
    }
}
