package dev.graft.ui.training;

/**
 * One point of a training curve.
 *
 * @param x epochs done (fractional for batches)
 * @param y the value
 */
public record ChartPoint(double x, double y) {}
