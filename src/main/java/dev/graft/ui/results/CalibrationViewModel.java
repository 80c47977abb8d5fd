package dev.graft.ui.results;

import dev.graft.core.eval.CalibrationReport;
import dev.graft.core.model.ModelFiles;
import dev.graft.core.run.Failures;
import dev.graft.core.util.Json;
import dev.graft.ui.common.Background;
import dev.graft.ui.common.Latest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * Whether a run's probabilities mean what they say: the model folder's {@code calibration.json}
 * read in the background, as a sentence (temperature, expected calibration error before and
 * after) and the bins the reliability diagram draws.
 */
public final class CalibrationViewModel {

    private final Latest reading;
    private final ReadOnlyObjectWrapper<CalibrationReport> report = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper("");

    /**
     * Creates the view-model.
     *
     * @param background where the file is read
     */
    public CalibrationViewModel(Background background) {
        this.reading = new Latest(background);
    }

    /**
     * Shows a model folder's calibration.
     *
     * @param modelDir the run's model folder
     */
    public void show(Path modelDir) {
        report.set(null);
        summary.set("");
        Path file = modelDir.resolve(ModelFiles.CALIBRATION);
        reading.run(() -> Files.exists(file) ? Json.COMPACT.fromJson(Files.readString(file), CalibrationReport.class)
                : null, r -> {
                    report.set(r);
                    summary.set(sentence(r));
                }, failure -> summary.set("Cannot read the model's calibration: " + Failures.describe(failure)));
    }

    /** Shows nothing. */
    public void clear() {
        reading.cancel();
        report.set(null);
        summary.set("");
    }

    /**
     * What the view says about a calibration.
     *
     * @param r the model folder's calibration, null when it has none
     * @return the sentence
     */
    static String sentence(CalibrationReport r) {
        if (r == null) {
            return "Not calibrated: this model was trained before Graft calibrated its probabilities"
                    + " (graft calibrate --run <run> does it).";
        }
        if (r.temperature() == 1) {
            return String.format(Locale.ROOT, "Probabilities as the network gives them (temperature 1, %s):"
                    + " expected calibration error %.3f on %d validation images.",
                    r.method().replaceFirst("^none: ", ""), r.eceBefore(), r.images());
        }
        return String.format(Locale.ROOT, "Probabilities calibrated (temperature %.2f, the network was too sure):"
                + " expected calibration error %.3f → %.3f on %d validation images; 0 would mean that of the"
                + " answers given 80 %% sure, 8 in 10 are right.", r.temperature(), r.eceBefore(), r.eceAfter(),
                r.images());
    }

    /** @return the calibration shown, null when none */
    public ReadOnlyObjectProperty<CalibrationReport> reportProperty() {
        return report.getReadOnlyProperty();
    }

    /** @return the sentence about it */
    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }
}
