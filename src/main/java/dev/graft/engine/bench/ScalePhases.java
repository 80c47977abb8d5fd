package dev.graft.engine.bench;

import dev.graft.core.data.DatasetScan;
import dev.graft.core.data.LabeledImage;
import dev.graft.core.run.Recipe;
import dev.graft.core.run.RecipeJson;
import dev.graft.engine.data.DatasetCheck;
import dev.graft.engine.data.DatasetScanner;
import dev.graft.engine.inference.ImageClassifier;
import dev.graft.engine.train.OncePass;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The phases of {@code graft bench scale} that run in a process of their own (so that each one's
 * peak memory is its own): the scan the window does when a folder is opened, {@code graft check},
 * the raw forward ceiling of a recipe's once-only pass, and pre-sorting an inbox as the Label tab
 * does it. Each returns its numbers; the process adds its own peak memory.
 */
public final class ScalePhases {

    /** The line prefix of a phase process's numbers (its last line). */
    public static final String RESULT = "scale-phase-result ";

    /** How long the raw forward is timed after its warm-up: long enough for a steady rate. */
    private static final double FORWARD_SECONDS = 10;

    /** Files per pre-sorting request; the Label tab asks about the inbox in pieces too. */
    private static final int PRESORT_PIECE = 256;

    private ScalePhases() {}

    /**
     * Runs a phase.
     *
     * @param phase scan, check, forward or presort
     * @param data the dataset folder (scan, check, presort)
     * @param recipe the recipe file (forward)
     * @param run the run whose model pre-sorts (presort)
     * @param limit images to pre-sort at most
     * @return the numbers
     * @throws Exception if the phase fails
     */
    public static Map<String, Object> run(String phase, Path data, Path recipe, Path run, int limit)
            throws Exception {
        Map<String, Object> r = new LinkedHashMap<>();
        long t0 = System.nanoTime();
        switch (phase) {
            case "scan" -> {
                DatasetScan scan = new DatasetScanner().scan(data);
                r.put("images", scan.images().size());
            }
            case "check" -> r.put("images", new DatasetCheck().run(data).report().images());
            case "forward" -> {
                Recipe rc = RecipeJson.read(recipe).build();
                RawForward.Result f = RawForward.measure(rc, OncePass.BATCH, FORWARD_SECONDS);
                r.put("imagesPerSecond", f.imagesPerSecond());
                r.put("part", f.part());
            }
            case "presort" -> {
                List<Path> files = new DatasetScanner().scan(data).images().stream().map(LabeledImage::file)
                        .limit(limit).toList();
                long loaded;
                int failed = 0;
                try (ImageClassifier c = ImageClassifier.open(run)) {
                    loaded = System.nanoTime();
                    for (int i = 0; i < files.size(); i += PRESORT_PIECE) {
                        failed += (int) c.classify(files.subList(i, Math.min(files.size(), i + PRESORT_PIECE)))
                                .stream().filter(p -> p.label() == null).count();
                    }
                }
                double seconds = (System.nanoTime() - loaded) / 1e9;
                r.put("images", files.size());
                r.put("failed", failed);
                r.put("imagesPerSecond", files.size() / seconds);
            }
            default -> throw new IllegalArgumentException("unknown phase " + phase);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        r.put("seconds", seconds);
        if (r.get("images") instanceof Integer n && !r.containsKey("imagesPerSecond")) {
            r.put("imagesPerSecond", n / seconds);
        }
        r.put("peakResidentMb", PeakMemory.read(ProcessHandle.current().pid()) / 1024);
        return r;
    }
}
