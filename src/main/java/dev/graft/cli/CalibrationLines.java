package dev.graft.cli;

import dev.graft.core.eval.Reliability;
import dev.graft.engine.eval.Evaluator;
import java.io.PrintStream;
import java.util.Locale;

/** How {@code graft eval} reports calibration: ECE before and after, and the sure predictions. */
final class CalibrationLines {

    private CalibrationLines() {}

    /**
     * The calibration part of {@code eval --json}.
     *
     * @param temperature the model's temperature
     * @param eceBefore ECE (10 bins) at T = 1
     * @param eceAfter ECE at the model's temperature
     * @param sureBefore predictions at least 0.9 sure at T = 1
     * @param sureRightBefore of them right
     * @param sureAfter predictions at least 0.9 sure at T
     * @param sureRightAfter of them right
     * @param familiar images the familiarity check calls familiar
     * @param before reliability bins at T = 1
     * @param after reliability bins at T
     */
    record Numbers(double temperature, double eceBefore, double eceAfter, int sureBefore, int sureRightBefore,
            int sureAfter, int sureRightAfter, int familiar, Reliability before, Reliability after) {}

    static Numbers json(Evaluator.Report r) {
        return new Numbers(r.temperature(), r.uncalibrated().ece(), r.calibrated().ece(), r.sureBefore()[1],
                r.sureBefore()[0], r.sureAfter()[1], r.sureAfter()[0], r.familiar(), r.uncalibrated(), r.calibrated());
    }

    static void print(PrintStream out, Evaluator.Report r, boolean familiarityChecked) {
        out.printf(Locale.ROOT, "calibration: temperature %.3f%s; expected calibration error (10 bins) %.4f"
                + " uncalibrated, %.4f calibrated%n", r.temperature(),
                r.temperature() == 1f ? " (the model has none, or it kept 1)" : "",
                r.uncalibrated().ece(), r.calibrated().ece());
        out.printf(Locale.ROOT, "sure (>= %.1f) predictions right: %s uncalibrated, %s calibrated%n", Evaluator.SURE,
                share(r.sureBefore()), share(r.sureAfter()));
        if (familiarityChecked) {
            out.printf(Locale.ROOT, "familiar (like the training images): %d of %d images%n", r.familiar(),
                    r.evaluation().images());
        }
    }

    private static String share(int[] rightOfSure) {
        return rightOfSure[1] == 0 ? "none sure"
                : String.format(Locale.ROOT, "%d of %d (%.3f)", rightOfSure[0], rightOfSure[1],
                        rightOfSure[0] / (double) rightOfSure[1]);
    }
}
