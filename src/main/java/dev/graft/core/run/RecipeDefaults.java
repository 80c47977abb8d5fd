package dev.graft.core.run;

import dev.graft.core.model.FreezePlan;

/**
 * The defaults of a training recipe, in one place. They are compile-time constants so the
 * command line's annotations ({@code defaultValue = "" + EPOCHS}) can use them too; the builder,
 * the CLI and the workbench's form all read them from here.
 */
public final class RecipeDefaults {

    /** The bundled pretrained model. */
    public static final String MODEL = "mobilenet_v2";
    /** Start from pretrained weights. */
    public static final String INIT = "pretrained";
    /**
     * Graft chooses what trains: the last {@link FreezePlan#AUTO_TRAIN_LAST} backbone stages and the
     * head where the backbone can be frozen stage by stage, else the head only. Head-only training
     * was the default before: the last two stages (after the head's warm-up, which is kept when
     * fine-tuning does worse on validation) matched or beat it on three validation sets over three
     * seeds, for about twice its time (docs/numbers.md has the numbers and timings).
     */
    public static final String FREEZE = FreezePlan.AUTO;
    /** Epochs. */
    public static final int EPOCHS = 30;
    /** Images per batch. */
    public static final int BATCH_SIZE = 32;
    /** Adam learning rate of the head. */
    public static final float LR = 0.01f;
    /** Learning rate of trainable backbone layers relative to the head's. */
    public static final float BACKBONE_LR_SCALE = 0.01f;
    /** Learning-rate schedule. */
    public static final String SCHEDULE = "cosine";
    /** L2 weight decay. */
    public static final float WEIGHT_DECAY = 0.0001f;
    /** Seed for split, shuffling, augmentation and initialisation. */
    public static final long SEED = 42;
    /** Share of each class held out for validation. */
    public static final float VAL_FRACTION = 0.2f;
    /** Input side length in pixels. */
    public static final int IMAGE_SIZE = 224;
    /** Random augmentation (bypasses the feature cache). */
    public static final boolean AUGMENT = false;
    /** Dropout of the new head. */
    public static final float DROPOUT = 0.2f;
    /** Compute device. */
    public static final String DEVICE = "auto";
    /** Feature taps: the model's recommended ones. */
    public static final String FEATURES = "auto";
    /** Each epoch also sees every image mirrored. */
    public static final boolean MIRROR = true;
    /**
     * Style-augmented views per training image (colour, line work, framing), drawn once and
     * cached. 0: on two style validation sets (Facebook's and EmojiOne's emoji styles, three seeds)
     * four views, with or without {@link #FEATURE_NOISE}, stayed within the spread of the seeds and
     * of the noise draws, and each view costs one more backbone pass per image (docs/numbers.md).
     */
    public static final int VIEWS = 0;
    /**
     * Strength of the feature-statistics noise of the style views (DSU), in spreads of the
     * statistics across a chunk of images; 0 for none. Off: one draw of it gained 0.02-0.04 on the
     * style validation sets, but two more draws of the same recipe did not (docs/numbers.md). See
     * {@code StatisticsNoise}.
     */
    public static final float FEATURE_NOISE = 0f;
    /** Epochs of head-only warm-up on cached features before backbone layers train (LP-FT). */
    public static final int PROBE_EPOCHS = 30;
    /** BatchNorm layers that train keep their pretrained statistics (inference mode). */
    public static final String BN_STATISTICS = "frozen";
    /**
     * Every class weighs the same in the loss (weights n / (classes × n_class)). The sample has 61
     * animals and 19 weather emoji: with plain cross-entropy the head leans on its bias towards the
     * big classes, and on a new art style, where every logit is less sure, the bias decides (see the
     * docs/numbers.md).
     */
    public static final String CLASS_WEIGHTS = "balanced";
    /** Keep every epoch's checkpoint (the window keeps {@link #WINDOW_KEEP_CHECKPOINTS}). */
    public static final int KEEP_CHECKPOINTS = 0;
    /** Checkpoints the workbench keeps per run: each is a full model of several MB. */
    public static final int WINDOW_KEEP_CHECKPOINTS = 3;

    private RecipeDefaults() {}
}
