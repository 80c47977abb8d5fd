package dev.graft.engine.export;

import ai.djl.Model;
import ai.djl.modality.Classifications;
import ai.djl.modality.cv.Image;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorFactory;
import ai.djl.util.Pair;
import dev.graft.core.model.ArchitectureSpec;
import dev.graft.core.model.ModelFiles;
import dev.graft.engine.inference.CalibrationTemperature;
import dev.graft.engine.net.NetLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Type;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * The translator factory an exported model's {@code serving.properties} names: it gives DJL an
 * {@code Image → Classifications} translator with exactly Graft's preprocessing (composite onto
 * white, centre square, resize, scale, normalise) and the model's class names.
 */
public final class GraftTranslatorFactory implements TranslatorFactory {

    @Override
    public Set<Pair<Type, Type>> getSupportedTypes() {
        return Set.of(new Pair<>(Image.class, Classifications.class));
    }

    @Override
    @SuppressWarnings("unchecked")
    public <I, O> Translator<I, O> newInstance(Class<I> input, Class<O> output, Model model,
            Map<String, ?> arguments) {
        if (input != Image.class || output != Classifications.class) {
            throw new IllegalArgumentException("Graft models translate Image to Classifications, not "
                    + input.getSimpleName() + " to " + output.getSimpleName());
        }
        try {
            Path dir = model.getModelPath();
            ArchitectureSpec spec = NetLoader.readSpec(dir.resolve(ModelFiles.SPEC));
            return (Translator<I, O>) new GraftImageTranslator(spec, CalibrationTemperature.of(dir));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ai.djl.MalformedModelException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}
