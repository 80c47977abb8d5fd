package dev.graft.ui.labelling;

import java.nio.file.Path;

/**
 * What the model says about one inbox image, as labelling uses it: its class and probability, and
 * whether the image is familiar at all. An image unlike anything the model was trained on (noise, a
 * blank frame, another kind of picture) can still get a high probability for some class; it is
 * never treated as sure, whatever its probability. The engine's classifier says which images are
 * unfamiliar; for models trained before it could, every prediction is familiar.
 *
 * @param file the image
 * @param label the predicted class, or null when the image could not be classified
 * @param confidence the probability of that class (0-1)
 * @param familiar false when the image is unlike the images the model knows
 * @param error why the image could not be classified, or null
 */
public record InboxPrediction(Path file, String label, double confidence, boolean familiar, String error) {

    /**
     * A prediction for a familiar image.
     *
     * @param file the image
     * @param label the predicted class
     * @param confidence its probability
     */
    public InboxPrediction(Path file, String label, double confidence) {
        this(file, label, confidence, true, null);
    }

    /**
     * An image the model could not classify.
     *
     * @param file the image
     * @param error why
     * @return the prediction, with no class
     */
    public static InboxPrediction failed(Path file, String error) {
        return new InboxPrediction(file, null, 0, true, error);
    }

    /**
     * Whether the prediction is sure enough to accept without looking at the image alone.
     *
     * @param threshold how sure the model must be (0-1)
     * @return true for a familiar image predicted at or above the threshold
     */
    public boolean sure(double threshold) {
        return label != null && familiar && confidence >= threshold;
    }
}
