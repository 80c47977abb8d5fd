package dev.graft.core.run;

import dev.graft.core.model.FreezePlan;
import java.util.List;
import java.util.function.Function;

/**
 * The table of a recipe's fields: for each, its name in {@code recipe.json} (the {@link Recipe}
 * component of the same name), its command-line option, its label in the window's form, its help
 * text, its group, its type with the allowed range, its default (from {@link RecipeDefaults}) and how
 * to read it from a recipe. The command line's options, the form, {@code recipe.json} and the
 * validation are all made from this table, so a field is described here once.
 *
 * <p>Adding a field: a component of {@link Recipe}, its default in {@link RecipeDefaults}, one
 * constant here (added to {@link #ALL}); then the engine code that uses it. {@code RecipeFieldTest}
 * checks that the table and the record agree.
 *
 * @param <T> the value's type
 */
public final class RecipeField<T> {

    /** Where a field is shown: command-line help groups, and whether the window's form has it. */
    public enum Group {
        /** What most runs set: shown first. */
        RECIPE("Recipe"),
        /**
         * Research settings: their defaults were chosen on validation data; most were tried and did
         * not help (docs/numbers.md).
         */
        ADVANCED("Advanced (research settings; the defaults were chosen on validation data, see docs/numbers.md)"),
        /** Switches for measuring Graft itself, not for users (not in the help). */
        HIDDEN("Hidden");

        private final String heading;

        Group(String heading) {
            this.heading = heading;
        }

        /** @return the help section's heading */
        public String heading() {
            return heading;
        }
    }

    /** The dataset folder. */
    public static final RecipeField<String> DATA = new RecipeField<>("data", "--data", "Dataset",
            "dataset folder: one sub-folder of images per class (required unless --recipe names one)",
            Group.RECIPE, FieldType.text("DIR", t -> true, "", true), null, Recipe::data);
    /** The model to start from. */
    public static final RecipeField<String> MODEL = new RecipeField<>("model", "--model", "Model",
            "catalogue id, TorchScript .pt file, or Graft run/model folder", Group.RECIPE,
            FieldType.text("MODEL", t -> true, "", false), RecipeDefaults.MODEL, Recipe::model);
    /** Pretrained or random weights. */
    public static final RecipeField<String> INIT = new RecipeField<>("init", "--init", "Initialisation",
            "pretrained | scratch", Group.RECIPE, FieldType.choice("pretrained", "scratch"), RecipeDefaults.INIT,
            Recipe::init);
    /** What stays frozen (one of two ways to say what trains, with {@link #TRAIN_LAST}). */
    public static final RecipeField<String> FREEZE = new RecipeField<>("freeze", "--freeze", "Frozen layers",
            "auto | backbone | none | comma-separated layer-tree prefixes (auto: the last "
                    + FreezePlan.AUTO_TRAIN_LAST + " backbone stages and the head train where the backbone can be"
                    + " frozen stage by stage, else the head only; backbone: the head only)",
            Group.RECIPE, FieldType.text("WHAT", t -> true, "", false), RecipeDefaults.FREEZE, Recipe::freeze);
    /** Train the last N backbone stages (the other way to say what trains). */
    public static final RecipeField<Integer> TRAIN_LAST = new RecipeField<>("trainLast", "--train-last",
            "Stages to train", "train the last N backbone stages plus the head (instead of --freeze)",
            Group.RECIPE, FieldType.optionalWholeNumber(0, 100), null, Recipe::trainLast);
    /** Passes over the training images. */
    public static final RecipeField<Integer> EPOCHS = new RecipeField<>("epochs", "--epochs", "Epochs",
            "passes over the training images", Group.RECIPE, FieldType.wholeNumber(1, 10_000), RecipeDefaults.EPOCHS,
            Recipe::epochs);
    /** Images per batch. */
    public static final RecipeField<Integer> BATCH_SIZE = new RecipeField<>("batchSize", "--batch-size",
            "Batch size", "images per training step", Group.RECIPE, FieldType.wholeNumber(1, 4096),
            RecipeDefaults.BATCH_SIZE, Recipe::batchSize);
    /** The head's learning rate. */
    public static final RecipeField<Float> LR = new RecipeField<>("lr", "--lr", "Learning rate",
            "Adam learning rate of the head", Group.RECIPE, FieldType.decimal(0, false, 10, false), RecipeDefaults.LR,
            Recipe::lr);
    /** Seed of everything random. */
    public static final RecipeField<Long> SEED = new RecipeField<>("seed", "--seed", "Seed",
            "fixes split, shuffling, augmentation and initialisation", Group.RECIPE, FieldType.anyLong(),
            RecipeDefaults.SEED, Recipe::seed);
    /** Share held out for validation. */
    public static final RecipeField<Float> VAL_FRACTION = new RecipeField<>("valFraction", "--val-fraction",
            "Validation share", "share of each class held out for validation", Group.RECIPE,
            FieldType.decimal(0, true, 0.9f, false), RecipeDefaults.VAL_FRACTION, Recipe::valFraction);
    /** Input side length. */
    public static final RecipeField<Integer> IMAGE_SIZE = new RecipeField<>("imageSize", "--image-size",
            "Image size", "input side in pixels", Group.RECIPE, FieldType.wholeNumber(32, 1024),
            RecipeDefaults.IMAGE_SIZE, Recipe::imageSize);
    /** Random flips and crops. */
    public static final RecipeField<Boolean> AUGMENT = new RecipeField<>("augment", "--augment",
            "Random flips and crops", "random flips and crops of the training images: every epoch then sees new"
                    + " images, so the backbone runs every epoch instead of once (slower; no feature cache)",
            Group.RECIPE,
            FieldType.onOff(), RecipeDefaults.AUGMENT, Recipe::augment);
    /** Compute device. */
    public static final RecipeField<String> DEVICE = new RecipeField<>("device", "--device", "Device",
            "auto | cpu | gpu | gpuN, N a GPU's number. auto falls back to the CPU and says why; gpu fails with"
                    + " instructions when no GPU is usable (see graft engine). Training is float32: DJL's PyTorch"
                    + " engine has no mixed precision.",
            Group.RECIPE, FieldType.text("DEVICE", d -> d.matches("auto|cpu|gpu|gpu\\d{1,2}"),
                    "must be auto, cpu, gpu or gpuN (a GPU's number)", false),
            RecipeDefaults.DEVICE, Recipe::device);
    /** Epoch checkpoints kept. */
    public static final RecipeField<Integer> KEEP_CHECKPOINTS = new RecipeField<>("keepCheckpoints",
            "--keep-checkpoints", "Checkpoints kept", "keep only the newest N epoch checkpoints; 0 keeps all",
            Group.RECIPE, FieldType.wholeNumber(0, Integer.MAX_VALUE), RecipeDefaults.KEEP_CHECKPOINTS,
            Recipe::keepCheckpoints);
    /** L2 weight decay. */
    public static final RecipeField<Float> WEIGHT_DECAY = new RecipeField<>("weightDecay", "--weight-decay",
            "Weight decay", "L2 weight decay", Group.ADVANCED, FieldType.decimal(0, true, 1, false),
            RecipeDefaults.WEIGHT_DECAY, Recipe::weightDecay);
    /** Backbone learning rate relative to the head's. */
    public static final RecipeField<Float> BACKBONE_LR_SCALE = new RecipeField<>("backboneLrScale",
            "--backbone-lr-scale", "Backbone learning-rate scale",
            "learning rate of trainable backbone layers relative to --lr", Group.ADVANCED,
            FieldType.decimal(0, false, 10, true), RecipeDefaults.BACKBONE_LR_SCALE, Recipe::backboneLrScale);
    /** Learning-rate schedule. */
    public static final RecipeField<String> SCHEDULE = new RecipeField<>("schedule", "--schedule", "Schedule",
            "cosine (decay to 1 % over the run) | fixed", Group.ADVANCED, FieldType.choice("cosine", "fixed"),
            RecipeDefaults.SCHEDULE, Recipe::schedule);
    /** Stages whose pooled outputs feed the head. */
    public static final RecipeField<String> FEATURES = new RecipeField<>("features", "--features", "Features",
            "comma-separated backbone stages whose pooled outputs feed the head (auto: the model's recommended"
                    + " ones)",
            Group.ADVANCED, FieldType.text("STAGES", t -> true, "", false), RecipeDefaults.FEATURES,
            Recipe::features);
    /** Hidden layers of the new head. */
    public static final RecipeField<List<Integer>> HEAD_HIDDEN = new RecipeField<>("headHidden", "--head-hidden",
            "Head hidden layers", "hidden layer sizes of the new head, e.g. 256 (default: none)", Group.ADVANCED,
            FieldType.wholeNumbers(1, Recipe.MAX_HEAD_WIDTH, "sizes"), List.of(), Recipe::headHidden);
    /** Dropout of the new head. */
    public static final RecipeField<Float> DROPOUT = new RecipeField<>("dropout", "--dropout", "Dropout",
            "dropout of the new head", Group.ADVANCED, FieldType.decimal(0, true, 1, false), RecipeDefaults.DROPOUT,
            Recipe::dropout);
    /** Mirrored views. */
    public static final RecipeField<Boolean> MIRROR = new RecipeField<>("mirror", "--mirror", "Mirrored images",
            "each epoch also sees every training image mirrored; works with the feature cache", Group.ADVANCED,
            FieldType.onOff(), RecipeDefaults.MIRROR, Recipe::mirror);
    /** Style-augmented views. */
    public static final RecipeField<Integer> VIEWS = new RecipeField<>("views", "--views",
            "Augmented views per image", "style-augmented views of every training image (colour, line work,"
                    + " framing), drawn once; their backbone outputs are cached",
            Group.ADVANCED, FieldType.wholeNumber(0, 64), RecipeDefaults.VIEWS, Recipe::views);
    /** Feature-statistics noise of the style views. */
    public static final RecipeField<Float> FEATURE_NOISE = new RecipeField<>("featureNoise", "--feature-noise",
            "Feature-statistics noise", "style views also get new early-feature statistics (DSU), this many spreads"
                    + " wide; 0 for none",
            Group.ADVANCED, FieldType.decimal(0, true, 4, true), RecipeDefaults.FEATURE_NOISE, Recipe::featureNoise);
    /** Head warm-up epochs. */
    public static final RecipeField<Integer> PROBE_EPOCHS = new RecipeField<>("probeEpochs", "--probe-epochs",
            "Head warm-up epochs", "when backbone layers train: epochs of training the new head alone on cached"
                    + " features first (linear probe, then fine-tune); 0 for none",
            Group.ADVANCED, FieldType.wholeNumber(0, 10_000), RecipeDefaults.PROBE_EPOCHS, Recipe::probeEpochs);
    /** BatchNorm statistics of trainable layers. */
    public static final RecipeField<String> BN_STATISTICS = new RecipeField<>("bnStatistics", "--bn-statistics",
            "BatchNorm statistics", "frozen: BatchNorm layers that train keep their pretrained running statistics"
                    + " (only scale and shift learn) | update: batch statistics",
            Group.ADVANCED, FieldType.choice("frozen", "update"), RecipeDefaults.BN_STATISTICS, Recipe::bnStatistics);
    /** Class weights of the loss. */
    public static final RecipeField<String> CLASS_WEIGHTS = new RecipeField<>("classWeights", "--class-weights",
            "Class weights", "balanced: every class weighs the same in the loss however many images it has | none:"
                    + " every image weighs the same",
            Group.ADVANCED, FieldType.choice("balanced", "none"), RecipeDefaults.CLASS_WEIGHTS, Recipe::classWeights);
    /** The feature cache (off only to measure what it saves). */
    public static final RecipeField<Boolean> FEATURE_CACHE = new RecipeField<>("featureCache", "--feature-cache",
            "Feature cache", "cache backbone features when the backbone is frozen", Group.HIDDEN, FieldType.onOff(),
            true, Recipe::featureCache);

    /** Every field, in the order of help texts and messages. */
    public static final List<RecipeField<?>> ALL = List.of(DATA, MODEL, INIT, FREEZE, TRAIN_LAST, EPOCHS,
            BATCH_SIZE, LR, SEED, VAL_FRACTION, IMAGE_SIZE, AUGMENT, DEVICE, KEEP_CHECKPOINTS, WEIGHT_DECAY,
            BACKBONE_LR_SCALE, SCHEDULE, FEATURES, HEAD_HIDDEN, DROPOUT, MIRROR, VIEWS, FEATURE_NOISE, PROBE_EPOCHS,
            BN_STATISTICS, CLASS_WEIGHTS, FEATURE_CACHE);

    private final String name;
    private final String option;
    private final String label;
    private final String help;
    private final Group group;
    private final FieldType<T> type;
    private final T defaultValue;
    private final Function<Recipe, T> getter;

    private RecipeField(String name, String option, String label, String help, Group group, FieldType<T> type,
            T defaultValue, Function<Recipe, T> getter) {
        this.name = name;
        this.option = option;
        this.label = label;
        this.help = help;
        this.group = group;
        this.type = type;
        this.defaultValue = defaultValue;
        this.getter = getter;
    }

    /**
     * The field of a {@code recipe.json} key.
     *
     * @param name a recipe component name
     * @return the field, or null
     */
    public static RecipeField<?> named(String name) {
        return ALL.stream().filter(f -> f.name.equals(name)).findFirst().orElse(null);
    }

    /** @return the name in {@code recipe.json}, the {@link Recipe} component's name */
    public String name() {
        return name;
    }

    /** @return the command-line option */
    public String option() {
        return option;
    }

    /** @return the form's label */
    public String label() {
        return label;
    }

    /** @return one or two sentences of help, without the default */
    public String help() {
        return help;
    }

    /** @return where the field is shown */
    public Group group() {
        return group;
    }

    /** @return how its text is read and its values checked */
    public FieldType<T> type() {
        return type;
    }

    /** @return the default value (null: not set) */
    public T defaultValue() {
        return defaultValue;
    }

    /**
     * The field's value in a recipe.
     *
     * @param recipe the recipe
     * @return its value
     */
    public T of(Recipe recipe) {
        return getter.apply(recipe);
    }

    /**
     * What is wrong with this field's value in a recipe.
     *
     * @param recipe the recipe
     * @return the problem, or null
     */
    public RecipeProblem problemIn(Recipe recipe) {
        String rule = type.check(of(recipe));
        return rule == null ? null : new RecipeProblem(this, rule);
    }

    @Override
    public String toString() {
        return option;
    }
}
