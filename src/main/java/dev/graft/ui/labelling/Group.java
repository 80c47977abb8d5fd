package dev.graft.ui.labelling;

/**
 * Inbox images the model puts in one class at or above the threshold: a group the user can accept
 * with one click. A value of its own (not nested in {@link LabellingViewModel}) because the
 * pre-sorting ({@link PreSorter}) makes it and the view shows it.
 *
 * @param cls the predicted class
 * @param count how many
 */
public record Group(String cls, int count) {}
