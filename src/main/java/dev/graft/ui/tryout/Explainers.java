package dev.graft.ui.tryout;

import dev.graft.engine.explain.Explainer;
import dev.graft.engine.explain.Explanation;
import java.nio.file.Path;

/**
 * The one model the window explains with, opened on first use and kept until another run is
 * asked for (a model takes tens of megabytes; one is enough for Try and Results). Calls are
 * serialised: heat maps are computed one at a time.
 */
public final class Explainers implements AutoCloseable {

    private Explainer open;

    /**
     * Explains an image with a run's model.
     *
     * @param model the run or model folder
     * @param file the image
     * @param cls the class to explain, or null for the predicted one
     * @param previewSide longest side of the preview picture
     * @return the explanation (an unreadable image gives one with the reason)
     * @throws Exception when the model cannot be loaded
     */
    public synchronized Explanation explain(Path model, Path file, String cls, int previewSide) throws Exception {
        if (open == null || !open.source().equals(model)) {
            close();
            open = Explainer.open(model);
        }
        return open.explain(file, cls, previewSide);
    }

    @Override
    public synchronized void close() {
        if (open != null) {
            open.close();
            open = null;
        }
    }
}
