package dev.graft.core.eval;

/**
 * What {@code calibration.json} in a model folder holds: the temperature that turns the model's
 * logits into probabilities (softmax(logits / T)), and how it was chosen and measured on the
 * run's validation split.
 *
 * @param temperature T; 1 when the guards kept the model as it was
 * @param images validation images it was fitted on
 * @param eceBefore expected calibration error (10 bins) at T = 1
 * @param eceAfter expected calibration error at T
 * @param nllBefore mean negative log-likelihood at T = 1
 * @param nllAfter mean negative log-likelihood at T
 * @param method how T was chosen, or why it stayed 1
 * @param before the reliability diagram's bins at T = 1
 * @param after the reliability diagram's bins at T
 */
public record CalibrationReport(double temperature, int images, double eceBefore, double eceAfter, double nllBefore,
        double nllAfter, String method, Reliability before, Reliability after) {}
