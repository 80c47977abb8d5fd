package dev.graft.cli;

import dev.graft.core.model.FreezePlan;
import dev.graft.core.run.Recipe;
import dev.graft.core.run.RecipeDefaults;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The options of {@code graft train}; shared with the worker process it starts. */
final class RecipeOptions {

    /** Said by every command that takes both options when both are given. */
    static final String FREEZE_CONFLICT = "--freeze and --train-last both say what trains: give one of them"
            + " (--train-last 0 is --freeze backbone)";

    @Option(names = "--data", required = true, description = "dataset folder: one sub-folder of images per class")
    Path data;

    @Option(names = "--model", defaultValue = RecipeDefaults.MODEL,
            description = "catalogue id, TorchScript .pt file, or Graft run/model folder (default: ${DEFAULT-VALUE})")
    String model;

    @Option(names = "--init", defaultValue = RecipeDefaults.INIT, description = "pretrained | scratch (default: ${DEFAULT-VALUE})")
    String init;

    @Option(names = "--freeze", description = "auto | backbone | none | comma-separated layer-tree prefixes"
            + " (default: auto: the last " + FreezePlan.AUTO_TRAIN_LAST + " backbone stages and the head train where"
            + " the backbone can be frozen stage by stage, else the head only; backbone: the head only)")
    String freeze;

    @Option(names = "--train-last", description = "train the last N backbone stages plus the head (instead of --freeze)")
    Integer trainLast;

    @Option(names = "--epochs", defaultValue = "" + RecipeDefaults.EPOCHS, description = "default: ${DEFAULT-VALUE}")
    int epochs;

    @Option(names = "--batch-size", defaultValue = "" + RecipeDefaults.BATCH_SIZE, description = "default: ${DEFAULT-VALUE}")
    int batchSize;

    @Option(names = "--lr", defaultValue = "" + RecipeDefaults.LR, description = "Adam learning rate of the head (default: ${DEFAULT-VALUE})")
    float lr;

    @Option(names = "--backbone-lr-scale", defaultValue = "" + RecipeDefaults.BACKBONE_LR_SCALE,
            description = "learning rate of trainable backbone layers relative to --lr (default: ${DEFAULT-VALUE})")
    float backboneLrScale;

    @Option(names = "--schedule", defaultValue = RecipeDefaults.SCHEDULE, description = "cosine | fixed (default: ${DEFAULT-VALUE})")
    String schedule;

    @Option(names = "--weight-decay", defaultValue = "" + RecipeDefaults.WEIGHT_DECAY, description = "default: ${DEFAULT-VALUE}")
    float weightDecay;

    @Option(names = "--seed", defaultValue = "" + RecipeDefaults.SEED, description = "fixes split, shuffling, augmentation, init (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--val-fraction", defaultValue = "" + RecipeDefaults.VAL_FRACTION, description = "share of each class for validation (default: ${DEFAULT-VALUE})")
    float valFraction;

    @Option(names = "--image-size", defaultValue = "" + RecipeDefaults.IMAGE_SIZE, description = "input side in pixels (default: ${DEFAULT-VALUE})")
    int imageSize;

    @Option(names = "--augment", negatable = true, fallbackValue = "true", defaultValue = "" + RecipeDefaults.AUGMENT,
            description = "random flips and crops; bypasses the feature cache (default: ${DEFAULT-VALUE})")
    boolean augment;

    @Option(names = "--head-hidden", split = ",", description = "hidden layer sizes of the new head, e.g. 256 (default: none)")
    List<Integer> headHidden = new ArrayList<>();

    @Option(names = "--dropout", defaultValue = "" + RecipeDefaults.DROPOUT, description = "dropout of the new head (default: ${DEFAULT-VALUE})")
    float dropout;

    @Option(names = "--device", defaultValue = RecipeDefaults.DEVICE,
            description = "auto | cpu | gpu | gpuN, N a GPU's number (default: ${DEFAULT-VALUE}). auto falls back"
                    + " to the CPU and says why; gpu fails with instructions when no GPU is usable (see graft"
                    + " engine). Training is float32: DJL's PyTorch engine has no mixed precision.")
    String device;

    @Option(names = "--features", defaultValue = RecipeDefaults.FEATURES,
            description = "comma-separated backbone stages whose pooled outputs feed the head (default: ${DEFAULT-VALUE})")
    String features;

    @Option(names = "--mirror", negatable = true, fallbackValue = "true", defaultValue = "" + RecipeDefaults.MIRROR,
            description = "each epoch also sees every training image mirrored; works with the feature cache"
                    + " (default: ${DEFAULT-VALUE})")
    boolean mirror;

    @Option(names = "--feature-cache", negatable = true, fallbackValue = "true", defaultValue = "true", hidden = true,
            description = "cache backbone features when the backbone is frozen (default: ${DEFAULT-VALUE})")
    boolean featureCache;

    @Option(names = "--keep-checkpoints", defaultValue = "" + RecipeDefaults.KEEP_CHECKPOINTS,
            description = "keep only the newest N epoch checkpoints; 0 keeps all (default: ${DEFAULT-VALUE})")
    int keepCheckpoints;

    @Option(names = "--views", defaultValue = "" + RecipeDefaults.VIEWS,
            description = "style-augmented views of every training image (colour, line work, framing), drawn once;"
                    + " their backbone outputs are cached (default: ${DEFAULT-VALUE})")
    int views;

    @Option(names = "--feature-noise", defaultValue = "" + RecipeDefaults.FEATURE_NOISE,
            description = "style views also get new early-feature statistics (DSU), this many spreads wide;"
                    + " 0 for none (default: ${DEFAULT-VALUE})")
    float featureNoise;

    @Option(names = "--probe-epochs", defaultValue = "" + RecipeDefaults.PROBE_EPOCHS,
            description = "when backbone layers train: epochs of training the head alone on cached features first"
                    + " (linear probe, then fine-tune); 0 for none (default: ${DEFAULT-VALUE})")
    int probeEpochs;

    @Option(names = "--bn-statistics", defaultValue = RecipeDefaults.BN_STATISTICS,
            description = "frozen: BatchNorm layers that train keep their pretrained running statistics (only scale"
                    + " and shift learn) | update: batch statistics (default: ${DEFAULT-VALUE})")
    String bnStatistics;

    @Option(names = "--class-weights", defaultValue = RecipeDefaults.CLASS_WEIGHTS,
            description = "balanced: every class weighs the same in the loss however many images it has | none:"
                    + " every image weighs the same (default: ${DEFAULT-VALUE})")
    String classWeights;

    @Option(names = "--out", description = "run folder: new or empty, outside the dataset (default: a new folder"
            + " in Graft's data folder, grouped by dataset; see the README)")
    Path out;

    /**
     * The recipe, with the dataset (and a model given as a path) made absolute, so the run folder
     * records where they were whatever the reader's working folder.
     *
     * @return the validated recipe
     * @throws IllegalArgumentException listing every problem
     */
    Recipe toRecipe() {
        if (freeze != null && trainLast != null) {
            throw new IllegalArgumentException(FREEZE_CONFLICT);
        }
        String modelRef = model;
        if (modelRef != null && java.nio.file.Files.exists(Path.of(modelRef))) {
            modelRef = Path.of(modelRef).toAbsolutePath().normalize().toString();
        }
        return new Recipe(data == null ? null : data.toAbsolutePath().normalize().toString(), modelRef, init,
                trainLast == null && freeze == null ? RecipeDefaults.FREEZE : freeze, trainLast, epochs, batchSize, lr, weightDecay, seed, valFraction, imageSize, augment, headHidden,
                dropout, device, features, mirror, backboneLrScale, schedule, featureCache, keepCheckpoints, views,
                probeEpochs, bnStatistics, classWeights, featureNoise).requireValid();
    }

    /** @return the options as arguments for the worker process (the run folder is added by the caller) */
    List<String> toArgs() {
        Recipe r = toRecipe();
        List<String> args = new ArrayList<>(List.of("--data", r.data(), "--model", r.model(), "--init", init,
                "--epochs", "" + epochs, "--batch-size", "" + batchSize, "--lr", "" + lr, "--backbone-lr-scale", "" + backboneLrScale, "--schedule", schedule,
                "--seed", "" + seed, "--val-fraction", "" + valFraction,
                "--image-size", "" + imageSize, "--dropout", "" + dropout, "--device", device, "--features", features,
                "--weight-decay", "" + weightDecay, "--views", "" + views, "--feature-noise", "" + featureNoise, "--probe-epochs", "" + probeEpochs,
                "--bn-statistics", bnStatistics, "--class-weights", classWeights));
        // Every switch is passed in its explicit form. (Picocli reads a bare negatable switch as "the
        // opposite of the default" unless the option has fallbackValue "true": before that was set,
        // --no-mirror left mirroring on.)
        args.add(augment ? "--augment" : "--no-augment");
        args.add(mirror ? "--mirror" : "--no-mirror");
        args.add(featureCache ? "--feature-cache" : "--no-feature-cache");
        if (keepCheckpoints > 0) {
            args.add("--keep-checkpoints");
            args.add("" + keepCheckpoints);
        }
        if (trainLast != null) {
            args.add("--train-last");
            args.add("" + trainLast);
        } else {
            args.add("--freeze");
            args.add(r.freeze());
        }
        if (!headHidden.isEmpty()) {
            args.add("--head-hidden");
            args.add(String.join(",", headHidden.stream().map(String::valueOf).toList()));
        }
        return args;
    }
}
