package dev.graft.engine.bench;

import dev.graft.core.run.Recipe;
import dev.graft.core.run.RecipeField;
import dev.graft.core.run.RecipeJson;
import dev.graft.core.run.RunClaim;
import dev.graft.core.run.RunEvent;
import dev.graft.core.util.AtomicFiles;
import dev.graft.engine.data.DatasetScanner;
import dev.graft.engine.process.TrainingProcess;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Consumer;
import javax.imageio.ImageIO;

/**
 * Graft on growing subsets of one large folder (by default Fashion-MNIST-sized: 28 px grey images
 * trained at 224 px): for each size, the scan the window does when a folder opens, {@code graft
 * check}, head-only training (its feature pass measured against the raw forward speed of the same
 * backbone, run just before it in a process of its own), the default recipe on the smaller sizes,
 * and pre-sorting an inbox as the Label tab does. Every phase runs in its own process, so each peak
 * memory is that process's alone. The training processes get a bounded heap (2 GB by default, the
 * default heap of an 8 GB laptop): what does not fit spills to disk.
 */
public final class ScaleBench {

    /** Images a pass must have done before its speed counts (its first chunks warm up libtorch). */
    private static final int WARM_RECORDS = 24;

    /**
     * What to measure.
     *
     * @param sizes the subset sizes, smallest first
     * @param headEpochs epochs of head-only training
     * @param defaultUpTo the largest size the default recipe is trained on
     * @param defaultEpochs epochs of the default recipe (its cost per image and epoch is what counts)
     * @param inbox images pre-sorted at most
     * @param heap the training processes' maximum heap
     * @param profile true to record a Java Flight Recorder profile of every training process
     */
    public record Plan(List<Integer> sizes, int headEpochs, int defaultUpTo, int defaultEpochs, int inbox,
            String heap, boolean profile) {}

    private final Path dir;
    private final Consumer<String> log;

    /**
     * Creates the bench.
     *
     * @param dir a new folder for the subsets, the runs and the profiles
     * @param log progress lines
     */
    public ScaleBench(Path dir, Consumer<String> log) {
        this.dir = dir;
        this.log = log;
    }

    /**
     * Runs it.
     *
     * @param data the large folder, or null to generate images of two classes
     * @param plan what to measure
     * @return the numbers, by size
     * @throws Exception if a phase fails
     */
    public Map<String, Object> run(Path data, Plan plan) throws Exception {
        int largest = plan.sizes().get(plan.sizes().size() - 1);
        Path source = data != null ? data : generate(dir.resolve("generated"), largest);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("machine", Machine.describe());
        out.put("loadAverageAtStart", loadAverage());
        out.put("plan", plan);
        Map<String, Object> bySize = new LinkedHashMap<>();
        out.put("sizes", bySize);
        boolean presortedLarge = false;
        for (int n : plan.sizes()) {
            Path subset = subset(source, n);
            Map<String, Object> r = new LinkedHashMap<>();
            bySize.put(Integer.toString(n), r);
            r.put("loadAverage", loadAverage());
            log.accept(String.format(Locale.ROOT, "scale: %,d images (load average %s)", n, loadAverage()));
            r.put("scan", phase("scan", List.of("--data", subset.toString()), "2g", false, List.of()));
            r.put("check", phase("check", List.of("--data", subset.toString()), "2g", false, List.of()));
            Recipe head = Recipe.builder(subset.toString()).set(RecipeField.FREEZE, "backbone")
                    .set(RecipeField.EPOCHS, plan.headEpochs()).set(RecipeField.MIRROR, false)
                    .set(RecipeField.DEVICE, "cpu").build();
            r.put("headOnly", passAndTraining("head-only-" + n, head, plan));
            if (n <= plan.defaultUpTo()) {
                Recipe standard = Recipe.builder(subset.toString()).set(RecipeField.EPOCHS, plan.defaultEpochs())
                        .set(RecipeField.DEVICE, "cpu").build();
                r.put("defaultRecipe", passAndTraining("default-" + n, standard, plan));
            }
            boolean large = n >= plan.inbox() && !presortedLarge;
            if (n == plan.sizes().get(0) || large) {
                presortedLarge |= large;
                int files = Math.min(n, plan.inbox());
                log.accept(String.format(Locale.ROOT, "  pre-sorting %,d images as the Label tab does ...", files));
                // the window's inference runs on one libtorch thread (Devices.oneThreadForInteractiveWork)
                r.put("presort", phase("presort", List.of("--data", subset.toString(), "--run",
                        dir.resolve("head-only-" + n).toString(), "--limit", Integer.toString(files)), "2g", false,
                        List.of("-Dai.djl.pytorch.num_threads=1", "-Dai.djl.pytorch.num_interop_threads=1")));
            }
            AtomicFiles.writeString(dir.resolve("scale-partial.json"), dev.graft.core.util.Json.PRETTY.toJson(out));
        }
        out.put("loadAverageAtEnd", loadAverage());
        String table = ScaleTable.markdown(out);
        AtomicFiles.writeString(dir.resolve("scale.md"), table);
        log.accept(table);
        return out;
    }

    /** A recipe's raw forward ceiling, then the recipe itself, in a training process. */
    private Map<String, Object> passAndTraining(String name, Recipe recipe, Plan plan) throws Exception {
        Path recipeFile = dir.resolve(name + "-recipe.json");
        AtomicFiles.writeString(recipeFile, RecipeJson.write(recipe));
        Map<String, Object> ceiling = phase("forward", List.of("--recipe", recipeFile.toString()), plan.heap(), true,
                List.of());
        Map<String, Object> r = train(name, recipe, plan);
        r.put("rawForwardImagesPerSecond", ceiling.get("imagesPerSecond"));
        r.put("rawForwardPart", ceiling.get("part"));
        if (r.get("passImagesPerSecond") instanceof Double pass && ceiling.get("imagesPerSecond") instanceof Number raw) {
            r.put("passToRawForward", pass / raw.doubleValue());
            log.accept(String.format(Locale.ROOT, "  pass %.1f img/s against a raw forward of %s at %.1f img/s: %.2f×",
                    pass, ceiling.get("part"), raw.doubleValue(), pass / raw.doubleValue()));
        }
        return r;
    }

    private Map<String, Object> phase(String phase, List<String> args, String heap, boolean asWorker,
            List<String> jvmOptions) throws IOException, InterruptedException {
        List<String> all = new ArrayList<>(List.of(phase));
        all.addAll(args);
        Map<String, Object> r = ScaleChild.run(all, heap, asWorker, jvmOptions, line -> { });
        log.accept(String.format(Locale.ROOT, "  %s: %.1f s, %.1f img/s, peak %s MB", phase,
                ((Number) r.getOrDefault("seconds", Double.NaN)).doubleValue(),
                ((Number) r.getOrDefault("imagesPerSecond", Double.NaN)).doubleValue(), r.get("peakResidentMb")));
        return r;
    }

    private Map<String, Object> train(String name, Recipe recipe, Plan plan) throws Exception {
        List<String> options = new ArrayList<>(List.of("-Xmx" + plan.heap()));
        if (plan.profile()) {
            options.add("-XX:StartFlightRecording=settings=profile,dumponexit=true,filename="
                    + dir.resolve(name + ".jfr"));
            options.add("-Xlog:jfr+startup=warning"); // its banner on standard output is not an event
        }
        log.accept("  training '" + name + "' (" + String.join(" ", Recipe.builder(recipe.data()).setAll(recipe)
                .changedFromDefaults()) + ") ...");
        TrainingProcess worker = new TrainingProcess(recipe, RunClaim.claim(dir.resolve(name), "scale bench"), false,
                options);
        PassClock clock = new PassClock();
        RunEvent[] end = new RunEvent[1];
        RunEvent.RunStarted[] started = new RunEvent.RunStarted[1];
        List<RunEvent.Epoch> epochs = new ArrayList<>();
        PeakMemory[] peak = new PeakMemory[1];
        long t0 = System.nanoTime();
        TrainingProcess.Exit exit;
        try {
            exit = worker.run((line, e) -> {
                if (peak[0] == null && worker.handle() != null) {
                    peak[0] = PeakMemory.watch(worker.handle().pid());
                }
                if (e instanceof RunEvent.RunStarted s) {
                    started[0] = s;
                } else if (e instanceof RunEvent.Caching c) {
                    clock.seen(c, System.nanoTime());
                } else if (e instanceof RunEvent.Epoch ep) {
                    epochs.add(ep);
                } else if (e instanceof RunEvent.Finished || e instanceof RunEvent.Failed) {
                    end[0] = e;
                }
            });
        } finally {
            if (peak[0] != null) {
                peak[0].close();
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("outcome", exit.crashed() ? "crashed: " + exit.cause() : end[0] instanceof RunEvent.Failed f
                ? "failed: " + f.cause() : end[0] instanceof RunEvent.Finished f ? f.status().toString() : "unknown");
        if (!(end[0] instanceof RunEvent.Finished finished) || started[0] == null) {
            throw new IOException("the scale bench's run '" + name + "' did not complete: " + r.get("outcome"));
        }
        int trainImages = started[0].trainImages();
        int views = (recipe.mirror() ? 2 : 1) + recipe.views();
        r.put("trainImages", trainImages);
        r.put("valImages", started[0].valImages());
        r.put("epochs", recipe.epochs());
        r.put("seconds", seconds);
        r.put("startSeconds", clock.startSeconds(t0));
        r.put("passRecords", clock.total);
        r.put("passSeconds", clock.passSeconds());
        r.put("passImagesPerSecond", clock.steadyImagesPerSecond());
        double rest = seconds - clock.startSeconds(t0) - clock.passSeconds();
        r.put("afterPassSeconds", rest);
        r.put("afterPassMsPerImageEpoch", rest * 1000 / ((double) trainImages * views * recipe.epochs()));
        r.put("msPerImage", seconds * 1000 / (trainImages + started[0].valImages()));
        r.put("valAccuracy", finished.valAccuracy());
        r.put("peakResidentMb", peak[0] == null ? -1 : peak[0].megabytes());
        r.put("residentMbByEpoch", epochs.stream().map(RunEvent.Epoch::residentMemoryMb).toList());
        r.put("javaHeapMbByEpoch", epochs.stream().map(RunEvent.Epoch::javaHeapMb).toList());
        log.accept(String.format(Locale.ROOT, "  %s in %.0f s: start %.0f s, pass %.0f s (%.1f img/s), then %.0f s;"
                + " peak %s MB; val_acc %.3f", r.get("outcome"), seconds, clock.startSeconds(t0), clock.passSeconds(),
                clock.steadyImagesPerSecond(), rest, r.get("peakResidentMb"), finished.valAccuracy()));
        return r;
    }

    /**
     * When a once-only pass began and ended, as its progress events arrived. Only the first pass
     * counts: the default recipe's head warm-up then computes the trained stages' features of the
     * cached outputs, a second, much cheaper pass with progress events of its own.
     */
    private static final class PassClock {
        private String what;
        private long begin = -1;
        private long warm = -1;
        private int warmDone;
        private long end = -1;
        private int total;

        void seen(RunEvent.Caching c, long now) {
            if (what == null) {
                what = c.what();
            } else if (!what.equals(c.what())) {
                return;
            }
            total = c.total();
            if (begin < 0) {
                begin = now;
            }
            if (warm < 0 && c.done() >= Math.min(WARM_RECORDS, c.total())) {
                warm = now;
                warmDone = c.done();
            }
            if (c.done() == c.total()) {
                end = now;
            }
        }

        double startSeconds(long t0) {
            return begin < 0 ? Double.NaN : (begin - t0) / 1e9;
        }

        double passSeconds() {
            return end < 0 ? Double.NaN : (end - begin) / 1e9;
        }

        double steadyImagesPerSecond() {
            return end <= warm ? Double.NaN : (total - warmDone) / ((end - warm) / 1e9);
        }
    }

    /**
     * The first {@code n} images of a folder, in the same proportions per class, copied into the
     * bench's folder (the folder itself when it has no more than n).
     */
    private Path subset(Path source, int n) throws Exception {
        var scan = new DatasetScanner().scan(source);
        if (scan.images().size() <= n) {
            return source;
        }
        Path target = dir.resolve("data-" + n);
        Map<Integer, List<Path>> byClass = new TreeMap<>();
        for (var im : scan.images()) {
            byClass.computeIfAbsent(im.label(), k -> new ArrayList<>()).add(im.file());
        }
        int all = scan.images().size();
        int copied = 0;
        int k = 0;
        for (Map.Entry<Integer, List<Path>> e : byClass.entrySet()) {
            List<Path> files = new ArrayList<>(e.getValue());
            files.sort(Comparator.naturalOrder());
            int take = ++k == byClass.size() ? n - copied : (int) Math.round((double) n * files.size() / all);
            Path cls = Files.createDirectories(target.resolve(scan.classes().get(e.getKey())));
            for (Path f : files.subList(0, Math.min(take, files.size()))) {
                Files.copy(f, cls.resolve(f.getFileName()));
                copied++;
            }
        }
        return target;
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    /**
     * Writes {@code n} 28×28 grey PNGs in two texture classes (deterministic).
     *
     * @param root a new folder
     * @param n how many
     * @return the folder
     * @throws IOException if they cannot be written
     */
    public static Path generate(Path root, int n) throws IOException {
        Random r = new Random(1);
        String[] classes = {"stripes", "checks"};
        for (String c : classes) {
            Files.createDirectories(root.resolve(c));
        }
        for (int i = 0; i < n; i++) {
            String c = classes[i % 2];
            BufferedImage im = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
            for (int y = 0; y < 28; y++) {
                for (int x = 0; x < 28; x++) {
                    int v = c.equals("stripes") ? ((x + i) % 6 < 3 ? 220 : 30) : ((x / 4 + y / 4 + i) % 2 == 0 ? 200 : 40);
                    im.getRaster().setSample(x, y, 0, Math.max(0, Math.min(255, v + r.nextInt(40) - 20)));
                }
            }
            ImageIO.write(im, "png", root.resolve(c).resolve(c + "-" + i + ".png").toFile());
        }
        return root;
    }
}
