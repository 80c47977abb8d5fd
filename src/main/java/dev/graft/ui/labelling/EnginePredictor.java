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
    public synchronized List<InboxPrediction> predict(Path run, List<Path> files) throws Exception {
        if (loaded == null || !loaded.source().equals(run)) {
            close();
            loaded = ImageClassifier.open(run);
        }
        // calibrated probabilities; models trained before the familiarity check call every image familiar
        return loaded.classify(files).stream().map(p -> p.label() == null ? InboxPrediction.failed(p.file(),
                p.error()) : new InboxPrediction(p.file(), p.label(), p.confidence(), p.familiar(), null)).toList();
    }

    @Override
    public synchronized void close() {
        if (loaded != null) {
            loaded.close();
            loaded = null;
        }
    }
}
