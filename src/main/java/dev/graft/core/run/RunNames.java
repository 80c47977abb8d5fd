package dev.graft.core.run;

import dev.graft.core.model.FreezePlan;

import java.text.Normalizer;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Names of run folders: a time stamp (so they sort by time) and a readable label. */
public final class RunNames {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT);

    private RunNames() {}

    /**
     * A run folder name.
     *
     * @param time when the run starts
     * @param label what the run is ("head only", a user's name), may be blank
     * @return {@code 20261128-093012-head-only}
     */
    public static String folderName(LocalDateTime time, String label) {
        String slug = label == null ? "" : slug(label);
        return time.format(STAMP) + (slug.isEmpty() ? "" : "-" + slug);
    }

    /**
     * A label that says what a recipe does.
     *
     * @param recipe the recipe
     * @return e.g. "mobilenet_v2 head only", "resnet.pt last 2 stages"
     */
    public static String describe(Recipe recipe) {
        String model = recipe.model() == null ? "model" : java.nio.file.Path.of(recipe.model()).getFileName().toString();
        String what;
        if (recipe.trainLast() != null) {
            what = recipe.trainLast() == 0 ? "head only" : "last " + recipe.trainLast() + " stages";
        } else if (FreezePlan.AUTO.equals(recipe.freeze())) {
            what = "auto freeze"; // resolved when the model is loaded: it depends on the backbone
        } else if ("backbone".equals(recipe.freeze())) {
            what = "head only";
        } else if ("none".equals(recipe.freeze())) {
            what = "full fine-tuning";
        } else {
            what = "custom freeze";
        }
        return ("scratch".equals(recipe.init()) ? "scratch " : "") + model + " " + what;
    }

    /**
     * A file-name-safe form of a label: letters, digits, dots, dashes and underscores, at most 60.
     *
     * @param label any text
     * @return the slug, possibly empty
     */
    public static String slug(String label) {
        String ascii = Normalizer.normalize(label, Normalizer.Form.NFKD).replaceAll("\\p{M}", "");
        String s = ascii.replaceAll("[^A-Za-z0-9._-]+", "-").replaceAll("-{2,}", "-")
                .replaceAll("^[-.]+|[-.]+$", "");
        return s.length() > 60 ? s.substring(0, 60) : s;
    }
}
