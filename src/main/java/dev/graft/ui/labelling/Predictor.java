package dev.graft.ui.labelling;

import java.nio.file.Path;
import java.util.List;

/**
 * Classifies inbox images with a run's model, so that labelling can pre-sort them. An interface of
 * its own because the app's implementation ({@link EnginePredictor}) loads a model through the
 * engine while tests answer from a table.
 */
@FunctionalInterface
public interface Predictor {
    /**
     * Classifies files.
     *
     * @param run the run (or model) folder
     * @param files the images
     * @return one prediction per file
     * @throws Exception if the model cannot be loaded
     */
    List<InboxPrediction> predict(Path run, List<Path> files) throws Exception;
}
