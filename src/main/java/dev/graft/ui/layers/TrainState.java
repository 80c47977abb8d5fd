package dev.graft.ui.layers;

/** Whether a tree node will train: all of it, none of it, or part of it. */
public enum TrainState {
    /** Every layer below trains. */
    ALL,
    /** No layer below trains. */
    NONE,
    /** Some layers below train. */
    PARTIAL
}
