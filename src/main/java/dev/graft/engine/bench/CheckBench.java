package dev.graft.engine.bench;

import dev.graft.core.data.HealthReport;
import dev.graft.engine.data.DatasetCheck;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * How long the dataset health check ({@code graft check}) takes on many small images: by default
 * the scale bench's 30,000 generated 28×28 PNGs, as many as Fashion-MNIST's training half. A bench,
 * not a test: the time depends on the machine and its load.
 */
public final class CheckBench {

    private final Path dir;
    private final Consumer<String> log;

    /**
     * @param dir a new folder for the generated images
     * @param log progress lines
     */
    public CheckBench(Path dir, Consumer<String> log) {
        this.dir = dir;
        this.log = log;
    }

    /**
     * Runs the check once.
     *
     * @param data a dataset to check, or null to generate {@code images} small images
     * @param images how many to generate
     * @return the numbers
     * @throws Exception if the images cannot be written or the check fails
     */
    public Map<String, Object> run(Path data, int images) throws Exception {
        Path dataset = data != null ? data : ScaleBench.generate(dir.resolve("data"), images);
        log.accept("check: " + dataset + " ...");
        long t0 = System.nanoTime();
        HealthReport r = new DatasetCheck().run(dataset).report();
        double seconds = (System.nanoTime() - t0) / 1e9;
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("images", r.images());
        out.put("seconds", seconds);
        out.put("cores", Runtime.getRuntime().availableProcessors());
        out.put("duplicateGroups", r.duplicates().size());
        out.put("nearDuplicatePairs", r.nearDuplicatesTotal());
        log.accept(String.format(Locale.ROOT, "  %,d images checked in %.1f s on %d cores", r.images(), seconds,
                Runtime.getRuntime().availableProcessors()));
        return out;
    }
}
