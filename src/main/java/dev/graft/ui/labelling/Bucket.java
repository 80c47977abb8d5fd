package dev.graft.ui.labelling;

/**
 * A place images can be in the labelling view: the inbox or a class. A value of its own (not
 * nested in {@link LabellingViewModel}) because the view, the view-model and the tests all pass it
 * around.
 *
 * @param cls the class, null for the inbox
 * @param count images in it
 * @param key its number key (1-9), 0 for none
 */
public record Bucket(String cls, int count, int key) {
    /** @return true for the inbox */
    public boolean inbox() {
        return cls == null;
    }

    /** @return what the list shows */
    public String label() {
        return (key > 0 ? key + "  " : "") + (cls == null ? "Unlabelled (inbox)" : cls) + "  ·  " + count;
    }
}
