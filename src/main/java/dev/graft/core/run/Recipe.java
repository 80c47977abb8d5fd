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

    /**
     * Normalises absent lists and texts to their defaults, and makes the two ways of saying what
     * trains one: with {@code trainLast} set, {@code freeze} is null; with neither, {@code freeze}
     * is {@link RecipeDefaults#FREEZE}. {@link #problems()} checks ranges.
     */
    public Recipe {
        model = model == null || model.isBlank() ? RecipeDefaults.MODEL : model;
        init = init == null ? RecipeDefaults.INIT : init;
        freeze = trainLast != null ? null : freeze == null || freeze.isBlank() ? RecipeDefaults.FREEZE : freeze;
        headHidden = headHidden == null ? List.of() : List.copyOf(headHidden);
        device = device == null || device.isBlank() ? RecipeDefaults.DEVICE : device;
        features = features == null || features.isBlank() ? RecipeDefaults.FEATURES : features;
        schedule = schedule == null ? RecipeDefaults.SCHEDULE : schedule;
        bnStatistics = bnStatistics == null ? RecipeDefaults.BN_STATISTICS : bnStatistics;
        classWeights = classWeights == null ? RecipeDefaults.CLASS_WEIGHTS : classWeights;
    }

    /** Largest hidden layer of a head: wider is memory, not accuracy, at these data sizes. */
    public static final int MAX_HEAD_WIDTH = 65_536;

    /**
     * Everything wrong with this recipe, each problem once, in the order of {@link RecipeField#ALL}.
     *
     * @return the problems; empty when the recipe can run
     */
    public List<RecipeProblem> problems() {
        List<RecipeProblem> p = new ArrayList<>();
        for (RecipeField<?> field : RecipeField.ALL) {
            RecipeProblem problem = field.problemIn(this);
            if (problem != null) {
                p.add(problem);
            }
        }
        return p;
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
        return new RecipeBuilder().set(RecipeField.DATA, data);
    }

    /** @return a builder holding the defaults, without a dataset yet */
    public static RecipeBuilder builder() {
        return new RecipeBuilder();
    }

    /** @return a builder holding this recipe's values, to change some of them */
    public RecipeBuilder toBuilder() {
        return new RecipeBuilder().setAll(this);
    }
}
