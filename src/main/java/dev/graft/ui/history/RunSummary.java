package dev.graft.ui.history;

import dev.graft.ui.training.ChartPoint;
import java.nio.file.Path;
import java.util.List;

/**
 * An earlier run as the history lists it.
 *
 * @param dir the run folder
 * @param name the run's name
 * @param data its dataset folder, null when unknown
 * @param recipe a one-line recipe summary
 * @param valAccuracy validation accuracy of the run's model, null when there is none
 * @param status completed, stopped, failed, crashed, running, incomplete or broken
 * @param reason why it stopped, failed or is broken; null otherwise
 * @param valAccuracyCurve validation accuracy per epoch
 * @param valLossCurve validation loss per epoch
 */
public record RunSummary(Path dir, String name, String data, String recipe, Double valAccuracy, String status,
        String reason, List<ChartPoint> valAccuracyCurve, List<ChartPoint> valLossCurve) {}
