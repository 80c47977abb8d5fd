package dev.graft.core.run;

import java.util.List;

/**
 * Everything that decides what a training run does; written to the run folder as
 * {@code recipe.json} so a run can be repeated exactly.
 *
 * @param data dataset folder
 * @param model model reference (catalogue id, TorchScript file, model folder or run folder)
 * @param init {@code pretrained} or {@code scratch}
 * @param freeze {@code backbone}, {@code none} or comma-separated tree-path prefixes
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
 * @param device {@code auto}, {@code cpu} or {@code gpu}
 * @param features backbone stages whose pooled outputs feed the head ({@code auto}: the model's
 *     recommended taps)
 * @param mirror every epoch also sees each training image mirrored left-right (a fixed view,
 *     compatible with the feature cache)
 * @param backboneLrScale learning rate of trainable backbone layers relative to the head's
 * @param schedule {@code cosine} (decay to 1 % over the run) or {@code fixed}
 * @param featureCache cache backbone outputs when the whole backbone is frozen and nothing is
 *     augmented (off only to measure what the cache saves)
 * @param keepCheckpoints keep only the newest N epoch checkpoints (0: keep every one)
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
        int keepCheckpoints) {

    /** Checks ranges and returns this recipe, or throws with a message naming the option. */
    public Recipe {
        headHidden = headHidden == null ? List.of() : List.copyOf(headHidden);
        features = features == null || features.isBlank() ? "auto" : features;
        schedule = schedule == null ? "cosine" : schedule;
        if (!schedule.equals("cosine") && !schedule.equals("fixed")) {
            throw new IllegalArgumentException("--schedule must be cosine or fixed, not '" + schedule + "'");
        }
        if (keepCheckpoints < 0) {
            throw new IllegalArgumentException("--keep-checkpoints must not be negative: " + keepCheckpoints);
        }
        if (!(backboneLrScale > 0 && backboneLrScale <= 10)) {
            throw new IllegalArgumentException("--backbone-lr-scale must be in (0, 10]: " + backboneLrScale);
        }
        if (!"pretrained".equals(init) && !"scratch".equals(init)) {
            throw new IllegalArgumentException("--init must be 'pretrained' or 'scratch', not '" + init + "'");
        }
        if (epochs < 1 || epochs > 10_000) {
            throw new IllegalArgumentException("--epochs must be between 1 and 10000: " + epochs);
        }
        if (batchSize < 1 || batchSize > 4096) {
            throw new IllegalArgumentException("--batch-size must be between 1 and 4096: " + batchSize);
        }
        if (!(lr > 0 && lr < 10)) {
            throw new IllegalArgumentException("--lr must be a positive number below 10: " + lr);
        }
        if (!(valFraction >= 0 && valFraction < 0.9)) {
            throw new IllegalArgumentException("--val-fraction must be in [0, 0.9): " + valFraction);
        }
        if (imageSize < 32 || imageSize > 1024) {
            throw new IllegalArgumentException("--image-size must be between 32 and 1024: " + imageSize);
        }
        if (trainLast != null && trainLast < 0) {
            throw new IllegalArgumentException("--train-last must not be negative: " + trainLast);
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("--dropout must be in [0, 1): " + dropout);
        }
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
