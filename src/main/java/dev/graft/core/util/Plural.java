package dev.graft.core.util;

/**
 * A count with its noun in the right number ("1 image", "3 images"), so that no message says
 * "only 1 images". English only, like the rest of Graft's messages; nouns with an irregular plural
 * give it.
 */
public final class Plural {

    private Plural() {}

    /**
     * A count and a noun whose plural adds "s".
     *
     * @param n how many
     * @param singular the noun for one ("image")
     * @return e.g. "1 image", "0 images", "1200 images"
     */
    public static String of(long n, String singular) {
        return of(n, singular, singular + "s");
    }

    /**
     * A count and a noun with its own plural.
     *
     * @param n how many
     * @param singular the noun for one ("class")
     * @param plural the noun for any other number ("classes")
     * @return e.g. "1 class", "2 classes"
     */
    public static String of(long n, String singular, String plural) {
        return n + " " + (n == 1 ? singular : plural);
    }
}
