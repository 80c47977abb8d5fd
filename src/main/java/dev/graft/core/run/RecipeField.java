package dev.graft.core.run;

/**
 * The settable parts of a recipe with the two names a user sees: the command-line option and
 * the label of the workbench's form. Problems are worded once and shown with either name.
 */
public enum RecipeField {
    /** Dataset folder. */
    DATA("--data", "Dataset"),
    /** Model reference. */
    MODEL("--model", "Model"),
    /** Initialisation. */
    INIT("--init", "Initialisation"),
    /** Freeze choice. */
    FREEZE("--freeze", "Frozen layers"),
    /** Train the last N stages. */
    TRAIN_LAST("--train-last", "Stages to train"),
    /** Epochs. */
    EPOCHS("--epochs", "Epochs"),
    /** Batch size. */
    BATCH_SIZE("--batch-size", "Batch size"),
    /** Learning rate. */
    LR("--lr", "Learning rate"),
    /** Weight decay. */
    WEIGHT_DECAY("--weight-decay", "Weight decay"),
    /** Seed. */
    SEED("--seed", "Seed"),
    /** Validation share. */
    VAL_FRACTION("--val-fraction", "Validation share"),
    /** Image size. */
    IMAGE_SIZE("--image-size", "Image size"),
    /** Hidden layers of the head. */
    HEAD_HIDDEN("--head-hidden", "Head hidden layers"),
    /** Head dropout. */
    DROPOUT("--dropout", "Dropout"),
    /** Device. */
    DEVICE("--device", "Device"),
    /** Feature taps. */
    FEATURES("--features", "Features"),
    /** Backbone learning-rate scale. */
    BACKBONE_LR_SCALE("--backbone-lr-scale", "Backbone learning-rate scale"),
    /** Schedule. */
    SCHEDULE("--schedule", "Schedule"),
    /** Checkpoints kept. */
    KEEP_CHECKPOINTS("--keep-checkpoints", "Checkpoints kept"),
    /** Style-augmented views per image. */
    VIEWS("--views", "Augmented views per image"),
    /** Feature-statistics noise of the style views. */
    FEATURE_NOISE("--feature-noise", "Feature-statistics noise"),
    /** Head warm-up epochs before backbone layers train. */
    PROBE_EPOCHS("--probe-epochs", "Head warm-up epochs"),
    /** BatchNorm statistics of trainable layers. */
    BN_STATISTICS("--bn-statistics", "BatchNorm statistics"),
    /** Class weights of the loss. */
    CLASS_WEIGHTS("--class-weights", "Class weights");

    private final String option;
    private final String label;

    RecipeField(String option, String label) {
        this.option = option;
        this.label = label;
    }

    /** @return the command-line option */
    public String option() {
        return option;
    }

    /** @return the form's label */
    public String label() {
        return label;
    }
}
