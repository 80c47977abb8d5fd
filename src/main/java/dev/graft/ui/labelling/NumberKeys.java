package dev.graft.ui.labelling;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The number keys of the classes: the classes a folder has when it is opened get 1, 2, 3, … in
 * name order; a class made later gets the next free key, a renamed class keeps its key, and a
 * deleted class frees its key without moving the others. So the key a hand has learnt stays on its
 * class while the user works. Separate from the view-model because the rule is its own.
 */
final class NumberKeys {

    private final int most;
    private final Map<String, Integer> keys = new HashMap<>();

    /**
     * Keys for a folder.
     *
     * @param most how many keys there are (1 to this)
     */
    NumberKeys(int most) {
        this.most = most;
    }

    /** Forgets every key (another folder is opened). */
    void clear() {
        keys.clear();
    }

    /**
     * Follows the folder's classes as listed: gone classes free their keys, new ones get the
     * smallest free keys (on opening, that is name order; later, the order they were made in).
     *
     * @param classes the classes now, in name order
     */
    void update(List<String> classes) {
        keys.keySet().retainAll(classes);
        for (String c : classes) {
            if (!keys.containsKey(c)) {
                int free = firstFree();
                if (free > 0) {
                    keys.put(c, free);
                }
            }
        }
    }

    /**
     * A class was renamed: it keeps its key.
     *
     * @param from its old name
     * @param to its new name
     */
    void renamed(String from, String to) {
        Integer key = keys.remove(from);
        if (key != null) {
            keys.put(to, key);
        }
    }

    /**
     * A class's key.
     *
     * @param cls the class
     * @return 1 to {@code most}, or 0 for none
     */
    int of(String cls) {
        return keys.getOrDefault(cls, 0);
    }

    /**
     * Classes in key order, those without a key last by name.
     *
     * @param classes the classes
     * @return them in the order the list shows them
     */
    List<String> inKeyOrder(List<String> classes) {
        List<String> out = new ArrayList<>(classes);
        out.sort(Comparator.comparingInt((String c) -> of(c) == 0 ? Integer.MAX_VALUE : of(c))
                .thenComparing(Comparator.naturalOrder()));
        return out;
    }

    private int firstFree() {
        for (int k = 1; k <= most; k++) {
            if (!keys.containsValue(k)) {
                return k;
            }
        }
        return 0;
    }
}
