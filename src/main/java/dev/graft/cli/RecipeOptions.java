package dev.graft.cli;

import dev.graft.core.run.Recipe;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The options of {@code graft train}; shared with the worker process it starts. */
final class RecipeOptions {

    @Option(names = "--data", required = true, description = "dataset folder: one sub-folder of images per class")
    Path data;

    @Option(names = "--model", defaultValue = "mobilenet_v2",
            description = "catalogue id, TorchScript .pt file, or Graft run/model folder (default: ${DEFAULT-VALUE})")
    String model;

    @Option(names = "--init", defaultValue = "pretrained", description = "pretrained | scratch (default: ${DEFAULT-VALUE})")
    String init;

    @Option(names = "--freeze", defaultValue = "backbone",
            description = "backbone | none | comma-separated layer-tree prefixes (default: ${DEFAULT-VALUE})")
    String freeze;

    @Option(names = "--train-last", description = "train the last N backbone stages plus the head")
    Integer trainLast;

    @Option(names = "--epochs", defaultValue = "30", description = "default: ${DEFAULT-VALUE}")
    int epochs;

    @Option(names = "--batch-size", defaultValue = "32", description = "default: ${DEFAULT-VALUE}")
    int batchSize;

    @Option(names = "--lr", defaultValue = "0.01", description = "Adam learning rate of the head (default: ${DEFAULT-VALUE})")
    float lr;

    @Option(names = "--backbone-lr-scale", defaultValue = "0.01",
            description = "learning rate of trainable backbone layers relative to --lr (default: ${DEFAULT-VALUE})")
    float backboneLrScale;

    @Option(names = "--schedule", defaultValue = "cosine", description = "cosine | fixed (default: ${DEFAULT-VALUE})")
    String schedule;

    @Option(names = "--weight-decay", defaultValue = "0.0001", description = "default: ${DEFAULT-VALUE}")
    float weightDecay;

    @Option(names = "--seed", defaultValue = "42", description = "fixes split, shuffling, augmentation, init (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--val-fraction", defaultValue = "0.2", description = "share of each class for validation (default: ${DEFAULT-VALUE})")
    float valFraction;

    @Option(names = "--image-size", defaultValue = "224", description = "input side in pixels (default: ${DEFAULT-VALUE})")
    int imageSize;

    @Option(names = "--augment", negatable = true, defaultValue = "false",
            description = "random flips and crops; bypasses the feature cache (default: ${DEFAULT-VALUE})")
    boolean augment;

    @Option(names = "--head-hidden", split = ",", description = "hidden layer sizes of the new head, e.g. 256 (default: none)")
    List<Integer> headHidden = new ArrayList<>();

    @Option(names = "--dropout", defaultValue = "0.2", description = "dropout of the new head (default: ${DEFAULT-VALUE})")
    float dropout;

    @Option(names = "--device", defaultValue = "auto", description = "auto | cpu | gpu (default: ${DEFAULT-VALUE})")
    String device;

    @Option(names = "--features", defaultValue = "auto",
            description = "comma-separated backbone stages whose pooled outputs feed the head (default: ${DEFAULT-VALUE})")
    String features;

    @Option(names = "--mirror", negatable = true, defaultValue = "true",
            description = "each epoch also sees every training image mirrored; works with the feature cache"
                    + " (default: ${DEFAULT-VALUE})")
    boolean mirror;

    @Option(names = "--feature-cache", negatable = true, defaultValue = "true", hidden = true,
            description = "cache backbone features when the backbone is frozen (default: ${DEFAULT-VALUE})")
    boolean featureCache;

    @Option(names = "--keep-checkpoints", defaultValue = "0",
            description = "keep only the newest N epoch checkpoints; 0 keeps all (default: ${DEFAULT-VALUE})")
    int keepCheckpoints;

    @Option(names = "--out", description = "run folder (default: runs/<dataset>-<time>)")
    Path out;

    Recipe toRecipe() {
        return new Recipe(data.toString(), model, init, freeze, trainLast, epochs, batchSize, lr, weightDecay, seed,
                valFraction, imageSize, augment, headHidden, dropout, device, features, mirror, backboneLrScale, schedule, featureCache, keepCheckpoints);
    }

    Path runDir() {
        if (out != null) {
            return out;
        }
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        return Path.of("runs", data.toAbsolutePath().normalize().getFileName() + "-" + stamp);
    }

    /** @return the options as arguments for the worker process */
    List<String> toArgs(Path runDir) {
        List<String> args = new ArrayList<>(List.of("--data", data.toString(), "--model", model, "--init", init,
                "--freeze", freeze, "--epochs", "" + epochs, "--batch-size", "" + batchSize, "--lr", "" + lr, "--backbone-lr-scale", "" + backboneLrScale, "--schedule", schedule,
                "--weight-decay", "" + weightDecay, "--seed", "" + seed, "--val-fraction", "" + valFraction,
                "--image-size", "" + imageSize, "--dropout", "" + dropout, "--device", device, "--features", features,
                "--out", runDir.toString()));
        // Switches are passed only when they differ from their defaults: picocli negatable options
        // whose default is true read "--name" as "the opposite of the default".
        if (augment) {
            args.add("--augment");
        }
        if (!mirror) {
            args.add("--no-mirror");
        }
        if (!featureCache) {
            args.add("--no-feature-cache");
        }
        if (keepCheckpoints > 0) {
            args.add("--keep-checkpoints");
            args.add("" + keepCheckpoints);
        }
        if (trainLast != null) {
            args.add("--train-last");
            args.add("" + trainLast);
        }
        if (!headHidden.isEmpty()) {
            args.add("--head-hidden");
            args.add(String.join(",", headHidden.stream().map(String::valueOf).toList()));
        }
        return args;
    }
}
