package dev.graft.ui.labelling;

import dev.graft.core.util.Plural;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Sure predictions about to be accepted, shown to the user before anything moves: which images go
 * to which class, and which the user left out. Immutable; leaving an image out makes a new review.
 *
 * @param byClass target class → its images, largest class first
 * @param leftOut images the user took out of the review
 */
public record SureReview(Map<String, List<Path>> byClass, Set<Path> leftOut) {

    /** Copies the collections. */
    public SureReview {
        byClass = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(byClass));
        leftOut = Set.copyOf(leftOut);
    }

    /** @return every image of the review in order (class by class), left-out ones included */
    public List<Path> files() {
        List<Path> out = new ArrayList<>();
        byClass.values().forEach(out::addAll);
        return out;
    }

    /** @return image → class for the images that will move */
    public Map<Path, String> moves() {
        Map<Path, String> out = new LinkedHashMap<>();
        byClass.forEach((cls, files) -> files.stream().filter(f -> !leftOut.contains(f)).forEach(f -> out.put(f, cls)));
        return out;
    }

    /** @return how many images will move */
    public int count() {
        return moves().size();
    }

    /**
     * The review with one image left out, or put back in.
     *
     * @param file an image of the review
     * @return the new review
     */
    public SureReview toggle(Path file) {
        Set<Path> out = new java.util.HashSet<>(leftOut);
        if (!out.remove(file)) {
            out.add(file);
        }
        return new SureReview(byClass, out);
    }

    /** @return e.g. "3 sure images will move: 2 to 'dog', 1 to 'cat' (1 left out)" */
    public String summary() {
        List<String> parts = new ArrayList<>();
        byClass.forEach((cls, files) -> {
            long n = files.stream().filter(f -> !leftOut.contains(f)).count();
            if (n > 0) {
                parts.add(n + " to '" + cls + "'");
            }
        });
        int n = count();
        return Plural.of(n, "sure image") + " will move" + (parts.isEmpty() ? "" : ": "
                + String.join(", ", parts)) + (leftOut.isEmpty() ? "" : " (" + leftOut.size() + " left out)");
    }
}
