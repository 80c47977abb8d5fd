package dev.graft.cli;

import dev.graft.core.data.HealthReport;
import dev.graft.core.run.RecipeDefaults;
import dev.graft.core.util.Json;
import dev.graft.core.util.Plural;
import dev.graft.engine.data.DatasetCheck;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code graft check}: the dataset health check, headless. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Check a dataset before training: exact and near duplicates, images in both the training and"
                + " the validation split (with the split training makes), tiny or imbalanced classes, images much"
                + " smaller than the model's input, unusable files. Reads only.",
            "Exit code: 0 when nothing was found, 1 when something was, 2 when the folder cannot be checked."})
final class CheckCommand implements Callable<Integer> {

    /** Findings listed per section in the text output (--json lists all). */
    private static final int SHOWN = 10;

    @Option(names = "--data", required = true, description = "dataset folder, one sub-folder per class")
    Path data;

    @Option(names = "--json", description = "print JSON (keys: duplicates, nearDuplicates, crossSplit, classes,"
            + " skipped, smallImages, warnings, …)")
    boolean json;

    @Option(names = "--val-fraction", defaultValue = "" + RecipeDefaults.VAL_FRACTION,
            description = "the split to check, as training makes it (default: ${DEFAULT-VALUE})")
    double valFraction;

    @Option(names = "--seed", defaultValue = "" + RecipeDefaults.SEED, description = "split seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--image-size", defaultValue = "" + RecipeDefaults.IMAGE_SIZE,
            description = "the model's input size, for the small-image check (default: ${DEFAULT-VALUE})")
    int imageSize;

    @Option(names = "--near-threshold", defaultValue = "" + DatasetCheck.NEAR_THRESHOLD,
            description = "perceptual-hash distance (0-128) up to which two images count as alike"
                    + " (default: ${DEFAULT-VALUE}; 0 finds only re-encodings)")
    int nearThreshold;

    @Override
    public Integer call() throws Exception {
        if (valFraction < 0 || valFraction >= 1) {
            System.err.println("graft: --val-fraction must be in [0, 1): " + valFraction);
            return 2;
        }
        if (imageSize < 1 || nearThreshold < 0 || nearThreshold > 128) {
            System.err.println("graft: --image-size must be positive and --near-threshold between 0 and 128");
            return 2;
        }
        HealthReport r;
        try {
            r = new DatasetCheck(valFraction, seed, imageSize, nearThreshold).run(data).report();
        } catch (dev.graft.core.data.DatasetException e) {
            System.err.println("graft: " + e.getMessage());
            return 2;
        }
        PrintStream out = System.out;
        if (json) {
            out.println(Json.PORTABLE.toJson(r));
            return r.clean() ? 0 : 1;
        }
        out.printf(Locale.ROOT, "Checked %s in %.1f s: %d images in %d classes, %d training / %d validation"
                + " (--val-fraction %s --seed %d)%n", r.dataset(), r.seconds(), r.images(), r.classes().size(),
                r.split().train(), r.split().validation(), valFraction, seed);
        section(out, "Exact duplicates (same bytes)", r.duplicates().size(), r.duplicates(), d ->
                String.join(" = ", d.files().stream().map(CheckCommand::ref).toList()) + flags(d.acrossClasses(),
                        d.acrossSplit()));
        section(out, "Near-duplicates (look alike: perceptual hash within " + r.nearThreshold() + " of 128 bits)",
                r.nearDuplicatesTotal(), r.nearDuplicates(), d -> ref(d.files().get(0)) + " ~ " + ref(d.files().get(1))
                        + "  (distance " + d.distance() + ")" + flags(d.acrossClasses(), d.acrossSplit()));
        section(out, "In both training and validation (leaks)", r.crossSplitTotal(), r.crossSplit(), c ->
                c.kind() + ": " + c.train().file() + " (train) ↔ " + c.validation().file() + " (validation)");
        out.println("Classes:");
        for (HealthReport.ClassHealth c : r.classes()) {
            out.printf(Locale.ROOT, "  %-20s %13s (%d train / %d validation)%s%n", c.name(),
                    Plural.of(c.images(), "image"), c.train(),
                    c.validation(), c.problems().isEmpty() ? "" : "  ← " + String.join("; ", c.problems()));
        }
        section(out, "Images much smaller than the " + r.imageSize() + " px input (shorter side under "
                + (r.imageSize() + DatasetCheck.SMALL_FACTOR - 1) / DatasetCheck.SMALL_FACTOR + " px)",
                r.smallImages().size(), r.smallImages(), s -> s.file() + "  " + s.width() + "×" + s.height());
        section(out, "Files that cannot be used", r.skipped().size(), r.skipped(), s -> s.file() + ": " + s.reason());
        for (String w : r.warnings()) {
            out.println("Warning: " + w);
        }
        out.println(r.clean() ? "Nothing found." : "Use --json for every finding.");
        return r.clean() ? 0 : 1;
    }

    private static <T> void section(PrintStream out, String title, int total, List<T> items, Function<T, String> line) {
        if (total == 0) {
            return;
        }
        out.println(title + ": " + total);
        items.stream().limit(SHOWN).forEach(i -> out.println("  " + line.apply(i)));
        if (total > SHOWN) {
            out.println("  … and " + (total - SHOWN) + " more");
        }
    }

    private static String ref(HealthReport.FileRef f) {
        return f.file() + " [" + f.split() + "]";
    }

    private static String flags(boolean classes, boolean split) {
        return (classes ? "  · different classes" : "") + (split ? "  · training and validation" : "");
    }
}
