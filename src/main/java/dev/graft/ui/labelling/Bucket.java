package dev.graft.ui.labelling;

import dev.graft.core.util.Plural;

/**
 * A place images can be in the labelling view: the inbox or a class. A value of its own (not
 * nested in {@link LabellingViewModel}) because the view, the view-model and the tests all pass it
 * around.
 *
 * @param cls the class, null for the inbox
 * @param count usable images in it (as the dataset's scan counts them)
 * @param key its number key (1-9), 0 for none
 * @param unusable files in it that are not usable images (empty, broken, not images)
 */
public record Bucket(String cls, int count, int key, int unusable) {

    /**
     * A place without unusable files.
     *
     * @param cls the class, null for the inbox
     * @param count images in it
     * @param key its number key, 0 for none
     */
    public Bucket(String cls, int count, int key) {
        this(cls, count, key, 0);
    }

    /** @return true for the inbox */
    public boolean inbox() {
        return cls == null;
    }

    /** @return what the list shows */
    public String label() {
        return (key > 0 ? key + "  " : "") + (cls == null ? "Unlabelled (inbox)" : cls) + "  ·  " + count
                + (unusable > 0 ? "  ·  " + Plural.of(unusable, "unusable file") : "");
    }
}
