package dev.graft.core.run;

import dev.graft.core.model.TrainingScope;

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
     * The name of a run nobody named: its model and what it trains. The command line and the
     * window both name runs here.
     *
     * @param recipe the recipe
     * @param scope what it trains, resolved on the model's layers
     * @return e.g. "mobilenet_v2 last 2 stages", "scratch resnet.pt full fine-tuning"
     */
    public static String describe(Recipe recipe, TrainingScope scope) {
        return modelName(recipe) + " " + scope.name();
    }

    /**
     * The model part of a run's name.
     *
     * @param recipe the recipe
     * @return the model's id or file name, after "scratch" for randomly initialised runs
     */
    public static String modelName(Recipe recipe) {
        String ref = recipe.model().replaceAll("[/\\\\]+$", "");
        String model = ref.isEmpty() ? "model" : ref.replaceAll(".*[/\\\\]", "");
        return ("scratch".equals(recipe.init()) ? "scratch " : "") + model;
    }

    /**
     * The freeze choice as the recipe states it, before the model resolves it (history rows of runs a
     * user named: the run's own name said what trained otherwise).
     *
     * @param recipe the recipe
     * @return "head only", "last 2 stages", "full fine-tuning", "with the default layer choice" or
     *     "custom freeze"
     */
    public static String choice(Recipe recipe) {
        Integer n = recipe.trainLast();
        if (n != null) {
            return n == 0 ? "head only" : "last " + n + (n == 1 ? " stage" : " stages");
        }
        return switch (recipe.freeze()) {
            case "backbone" -> "head only";
            case "none" -> "full fine-tuning";
            case "auto" -> "with the default layer choice";
            default -> "custom freeze";
        };
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
