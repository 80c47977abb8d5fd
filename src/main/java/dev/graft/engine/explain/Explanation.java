package dev.graft.engine.explain;

import dev.graft.core.explain.HeatMap;
import dev.graft.core.explain.Picture;
import java.nio.file.Path;
import java.util.List;

/**
 * What a model says about one image and where it looked.
 *
 * @param file the image
 * @param classes the model's classes
 * @param probabilities each class's probability (as {@code graft predict} gives them), null when
 *     the image could not be read
 * @param explained the class the heat map is for, null when unreadable
 * @param heat the heat map, null when unreadable or when the model has none
 * @param unavailable why the model has no heat maps, or null
 * @param preview the image as the model's input came from it (upright, transparency on the
 *     model's background), scaled down for showing; null when not asked for or unreadable
 * @param error why the image could not be read, or null
 */
public record Explanation(Path file, List<String> classes, float[] probabilities, String explained, HeatMap heat,
        String unavailable, Picture preview, String error) {

    /** @return the most likely class, or null when unreadable */
    public String predicted() {
        if (probabilities == null) {
            return null;
        }
        int best = 0;
        for (int i = 1; i < probabilities.length; i++) {
            if (probabilities[i] > probabilities[best]) {
                best = i;
            }
        }
        return classes.get(best);
    }

    /** @return the most likely class's probability, NaN when unreadable */
    public double probability() {
        return probabilities == null ? Double.NaN : probabilities[classes.indexOf(predicted())];
    }

    /**
     * A class's probability.
     *
     * @param cls a class name
     * @return its probability, NaN when unreadable or unknown
     */
    public double probability(String cls) {
        int i = classes.indexOf(cls);
        return probabilities == null || i < 0 ? Double.NaN : probabilities[i];
    }
}
