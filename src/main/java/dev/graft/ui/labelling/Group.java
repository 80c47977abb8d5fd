package dev.graft.ui.labelling;

/**
 * Inbox images the model puts in one class at or above the threshold: a group the user can review
 * and accept with one click. A value of its own (not nested in {@link LabellingViewModel}) because
 * the pre-sorting ({@link PreSorter}) makes it and the view shows it.
 *
 * @param predicted the class the model says (one of the classes it was trained on)
 * @param target the dataset's class the images would go to: the same name, the name the class was
 *     renamed to, or null when the dataset has no such class now (the user chooses)
 * @param count how many
 */
public record Group(String predicted, String target, int count) {

    /** @return true when the model's class was renamed since it was trained */
    public boolean renamed() {
        return target != null && !target.equals(predicted);
    }
}
