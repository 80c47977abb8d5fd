package dev.graft.core.run;

import java.util.ArrayList;
import java.util.List;

/**
 * Everything that decides what a training run does; written to the run folder as
 * {@code recipe.json} so a run can be repeated exactly.
 *
 * @param data dataset folder
 * @param model model reference (catalogue id, TorchScript file, model folder or run folder)
 * @param init {@code pretrained} or {@code scratch}
 * @param freeze {@code auto} (see {@code FreezePlan.AUTO}), {@code backbone}, {@code none} or
 *     comma-separated tree-path prefixes
 * @param trainLast when not null, train the last N backbone stages plus the head
 * @param epochs number of epochs
 * @param batchSize images per batch
 * @param lr learning rate (Adam)
 * @param weightDecay L2 weight decay
 * @param seed seed for split, shuffling, augmentation and initialisation
 * @param valFraction share of each class held out for validation
 * @param imageSize input side length in pixels
 * @param augment random flips and crops during training
 * @param headHidden hidden layer sizes of the new head
 * @param dropout dropout of the new head
 * @param device {@code auto}, {@code cpu}, {@code gpu} or {@code gpuN}
 * @param features backbone stages whose pooled outputs feed the head ({@code auto}: the model's
 *     recommended taps)
 * @param mirror every epoch also sees each training image mirrored left-right (a fixed view,
 *     compatible with the feature cache)
 * @param backboneLrScale learning rate of trainable backbone layers relative to the head's
 * @param schedule {@code cosine} (decay to 1 % over the run) or {@code fixed}
 * @param featureCache cache backbone outputs when the whole backbone is frozen and nothing is
 *     augmented (off only to measure what the cache saves)
 * @param keepCheckpoints keep only the newest N epoch checkpoints (0: keep every one)
 * @param views style-augmented views of every training image, drawn once per run (their
 *     backbone outputs are cached like the image's own), besides the image and its mirror image
 * @param probeEpochs when backbone layers train: epochs of training the new head alone on cached
 *     features first (linear probe, then fine-tuning); 0 for none
 * @param bnStatistics {@code frozen}: BatchNorm layers that train keep their pretrained running
 *     statistics and run in inference mode (only scale and shift learn); {@code update}: they
 *     normalise with batch statistics and update the running ones
 * @param classWeights {@code balanced}: every class weighs as much in the loss as every other,
 *     however many images it has; {@code none}: every image weighs the same
 * @param featureNoise strength of the feature-statistics noise of the style views (0: none): their
 *     early feature maps get new per-channel means and spreads while they are cached
 */
public record Recipe(
        String data,
        String model,
        String init,
        String freeze,
        Integer trainLast,
        int epochs,
        int batchSize,
        float lr,
        float weightDecay,
        long seed,
        float valFraction,
        int imageSize,
        boolean augment,
        List<Integer> headHidden,
        float dropout,
        String device,
        String features,
        boolean mirror,
        float backboneLrScale,
        String schedule,
        boolean featureCache,
        int keepCheckpoints,
        int views,
        int probeEpochs,
        String bnStatistics,
        String classWeights,
        float featureNoise) {

    /** Normalises absent lists and texts to their defaults; {@link #problems()} checks ranges. */
    public Recipe {
        headHidden = headHidden == null ? List.of() : List.copyOf(headHidden);
        features = features == null || features.isBlank() ? RecipeDefaults.FEATURES : features;
        schedule = schedule == null ? RecipeDefaults.SCHEDULE : schedule;
        bnStatistics = bnStatistics == null ? RecipeDefaults.BN_STATISTICS : bnStatistics;
        classWeights = classWeights == null ? RecipeDefaults.CLASS_WEIGHTS : classWeights;
    }

    /** Largest hidden layer of a head: wider is memory, not accuracy, at these data sizes. */
    public static final int MAX_HEAD_WIDTH = 65_536;

    /**
     * Everything wrong with this recipe, each problem once, in field order.
     *
     * @return the problems; empty when the recipe can run
     */
    public List<RecipeProblem> problems() {
        List<RecipeProblem> p = new ArrayList<>();
        if (data == null || data.isBlank()) {
            p.add(new RecipeProblem(RecipeField.DATA, "is required"));
        }
        if (!"pretrained".equals(init) && !"scratch".equals(init)) {
            p.add(new RecipeProblem(RecipeField.INIT, "must be pretrained or scratch, not '" + init + "'"));
        }
        if (trainLast != null && (trainLast < 0 || trainLast > 100)) {
            p.add(new RecipeProblem(RecipeField.TRAIN_LAST, "must be between 0 and 100: " + trainLast));
        }
        range(p, RecipeField.EPOCHS, epochs, 1, 10_000);
        range(p, RecipeField.BATCH_SIZE, batchSize, 1, 4096);
        if (!(lr > 0 && lr < 10)) {
            p.add(new RecipeProblem(RecipeField.LR, "must be a positive number below 10: " + lr));
        }
        if (!(weightDecay >= 0 && weightDecay < 1)) {
            p.add(new RecipeProblem(RecipeField.WEIGHT_DECAY, "must be at least 0 and below 1: " + weightDecay));
        }
        if (!(valFraction >= 0 && valFraction < 0.9)) {
            p.add(new RecipeProblem(RecipeField.VAL_FRACTION, "must be at least 0 and below 0.9: " + valFraction));
        }
        range(p, RecipeField.IMAGE_SIZE, imageSize, 32, 1024);
        for (int width : headHidden) {
            if (width < 1 || width > MAX_HEAD_WIDTH) {
                p.add(new RecipeProblem(RecipeField.HEAD_HIDDEN, "sizes must be between 1 and " + MAX_HEAD_WIDTH
                        + ": " + width));
                break;
            }
        }
        if (!(dropout >= 0 && dropout < 1)) {
            p.add(new RecipeProblem(RecipeField.DROPOUT, "must be at least 0 and below 1: " + dropout));
        }
        if (device == null || !device.matches("auto|cpu|gpu|gpu\\d{1,2}")) {
            p.add(new RecipeProblem(RecipeField.DEVICE, "must be auto, cpu, gpu or gpuN (a GPU's number), not '"
                    + device + "'"));
        }
        if (!(backboneLrScale > 0 && backboneLrScale <= 10)) {
            p.add(new RecipeProblem(RecipeField.BACKBONE_LR_SCALE, "must be above 0 and at most 10: "
                    + backboneLrScale));
        }
        if (!schedule.equals("cosine") && !schedule.equals("fixed")) {
            p.add(new RecipeProblem(RecipeField.SCHEDULE, "must be cosine or fixed, not '" + schedule + "'"));
        }
        range(p, RecipeField.VIEWS, views, 0, 64);
        range(p, RecipeField.PROBE_EPOCHS, probeEpochs, 0, 10_000);
        if (!bnStatistics.equals("frozen") && !bnStatistics.equals("update")) {
            p.add(new RecipeProblem(RecipeField.BN_STATISTICS, "must be frozen or update, not '" + bnStatistics
                    + "'"));
        }
        if (!(featureNoise >= 0 && featureNoise <= 4)) {
            p.add(new RecipeProblem(RecipeField.FEATURE_NOISE, "must be between 0 and 4: " + featureNoise));
        }
        if (!classWeights.equals("balanced") && !classWeights.equals("none")) {
            p.add(new RecipeProblem(RecipeField.CLASS_WEIGHTS, "must be balanced or none, not '" + classWeights
                    + "'"));
        }
        if (keepCheckpoints < 0) {
            p.add(new RecipeProblem(RecipeField.KEEP_CHECKPOINTS, "must not be negative: " + keepCheckpoints));
        }
        return p;
    }

    private static void range(List<RecipeProblem> p, RecipeField f, int v, int min, int max) {
        if (v < min || v > max) {
            p.add(new RecipeProblem(f, "must be between " + min + " and " + max + ": " + v));
        }
    }

    /**
     * Checks the recipe.
     *
     * @return this recipe
     * @throws IllegalArgumentException listing every problem in command-line words
     */
    public Recipe requireValid() {
        List<RecipeProblem> p = problems();
        if (!p.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", p.stream().map(RecipeProblem::forCommandLine)
                    .toList()));
        }
        return this;
    }

    /**
     * A builder holding the defaults of {@code graft train}.
     *
     * @param data dataset folder
     * @return the builder
     */
    public static RecipeBuilder builder(String data) {
        return new RecipeBuilder(data);
    }
}
