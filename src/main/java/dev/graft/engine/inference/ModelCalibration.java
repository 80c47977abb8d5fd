package dev.graft.engine.inference;

import ai.djl.MalformedModelException;
import dev.graft.core.eval.Familiarity;
import dev.graft.core.model.ModelFiles;
import dev.graft.core.util.Json;
import dev.graft.engine.net.ModelFolder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a model folder adds to the raw network when it turns images into predictions: the
 * calibration temperature ({@code calibration.json}) and the familiarity check
 * ({@code familiarity.json}). Either file may be missing (models trained before they existed):
 * then T = 1 and every image is familiar, as before.
 *
 * @param temperature probabilities are softmax(logits / T)
 * @param familiarity the out-of-distribution check, or null when the folder has none
 */
public record ModelCalibration(float temperature, Familiarity familiarity) {

    /** No calibration: T = 1, every image familiar. */
    public static final ModelCalibration NONE = new ModelCalibration(1f, null);

    /**
     * Reads a model folder's calibration.
     *
     * @param modelDir the model folder
     * @return its calibration, {@link #NONE} parts for missing files
     * @throws IOException if a file cannot be read
     * @throws MalformedModelException if a file is there but corrupt, naming it
     */
    public static ModelCalibration of(Path modelDir) throws IOException, MalformedModelException {
        return new ModelCalibration(CalibrationTemperature.of(modelDir), familiarity(modelDir));
    }

    private static Familiarity familiarity(Path modelDir) throws IOException, MalformedModelException {
        Path file = ModelFolder.inside(modelDir, ModelFiles.FAMILIARITY);
        if (!Files.exists(file)) {
            return null;
        }
        Familiarity f;
        try {
            f = Json.COMPACT.fromJson(Files.readString(file), Familiarity.class);
        } catch (RuntimeException e) {
            throw new MalformedModelException(file + " is not valid JSON: " + e.getMessage(), e);
        }
        boolean ok = f != null && f.means() != null && f.means().length > 0 && Double.isFinite(f.threshold());
        for (int c = 0; ok && c < f.means().length; c++) {
            ok = f.means()[c] != null && f.means()[c].length == f.means()[0].length;
        }
        if (!ok) {
            throw new MalformedModelException(file + " has no usable class means or threshold; the file is corrupt."
                    + " Remove it to use the model without the familiarity check.");
        }
        return f;
    }
}
