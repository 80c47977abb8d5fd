package dev.graft.ui.labelling;

import dev.graft.engine.inference.ImageClassifier;
import java.nio.file.Path;
import java.util.List;

/**
 * Classifies inbox images with the engine, keeping the last run's model loaded between requests
 * (loading it takes a second or two; the inbox is classified in pieces as it changes).
 */
public final class EnginePredictor implements Predictor, AutoCloseable {

    private ImageClassifier loaded;

    @Override
    public synchronized List<ImageClassifier.Prediction> predict(Path run, List<Path> files) throws Exception {
        if (loaded == null || !loaded.source().equals(run)) {
            close();
            loaded = ImageClassifier.open(run);
        }
        return loaded.classify(files);
    }

    @Override
    public synchronized void close() {
        if (loaded != null) {
            loaded.close();
            loaded = null;
        }
    }
}
