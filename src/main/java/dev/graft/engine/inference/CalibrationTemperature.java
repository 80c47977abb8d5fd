package dev.graft.engine.inference;

import ai.djl.MalformedModelException;
import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import dev.graft.core.model.ModelFiles;
import dev.graft.engine.net.ModelFolder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The calibration temperature of a model folder: probabilities are softmax(logits / T). A folder
 * without {@code calibration.json} (models trained before calibration existed) has T = 1; a file
 * that is there but unreadable, or whose {@code temperature} is missing, not a number or not
 * positive, is an error naming the file (exporting it as if uncalibrated would quietly disagree
 * with Graft's own probabilities). Other fields are ignored. Inference, evaluation and every
 * export read the temperature here, so they all give the same probabilities.
 */
public final class CalibrationTemperature {

    private CalibrationTemperature() {}

    /**
     * Reads a model folder's temperature.
     *
     * @param modelDir the model folder
     * @return T, 1 when the folder has no calibration
     * @throws IOException if the file cannot be read
     * @throws MalformedModelException if it is there but corrupt, naming the file
     */
    public static float of(Path modelDir) throws IOException, MalformedModelException {
        Path file = ModelFolder.inside(modelDir, ModelFiles.CALIBRATION);
        if (!Files.exists(file)) {
            return 1f;
        }
        JsonElement t;
        try {
            JsonElement root = JsonParser.parseString(Files.readString(file));
            t = root.isJsonObject() ? root.getAsJsonObject().get("temperature") : null;
        } catch (RuntimeException e) {
            throw new MalformedModelException(file + " is not valid JSON: " + e.getMessage(), e);
        }
        if (t == null || !t.isJsonPrimitive() || !t.getAsJsonPrimitive().isNumber()) {
            throw new MalformedModelException(file + " has no numeric \"temperature\"; the file is corrupt."
                    + " Remove it to use the model uncalibrated (temperature 1).");
        }
        float value = t.getAsFloat();
        if (!(value > 0) || Float.isInfinite(value)) {
            throw new MalformedModelException(file + ": temperature " + t + " is not a positive number; the"
                    + " file is corrupt. Remove it to use the model uncalibrated (temperature 1).");
        }
        return value;
    }
}
