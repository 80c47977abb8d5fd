package dev.graft.ui.history;

import dev.graft.ui.training.ChartPoint;
import java.nio.file.Path;
import java.util.List;

/**
 * An earlier run as the history lists it.
 *
 * @param dir the run folder
 * @param data its dataset folder
 * @param recipe a one-line recipe summary
 * @param valAccuracy final validation accuracy (NaN when it did not finish)
 * @param status completed, stopped, failed or incomplete
 * @param valAccuracyCurve validation accuracy per epoch
 * @param valLossCurve validation loss per epoch
 */
public record RunSummary(Path dir, String data, String recipe, double valAccuracy, String status,
        List<ChartPoint> valAccuracyCurve, List<ChartPoint> valLossCurve) {}
