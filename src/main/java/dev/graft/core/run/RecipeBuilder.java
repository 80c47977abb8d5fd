package dev.graft.core.run;

import java.util.List;

/** Builds a {@link Recipe} from the defaults of {@code graft train}; tests and benches use it. */
public final class RecipeBuilder {

    private final String data;
    private String model = RecipeDefaults.MODEL;
    private String init = RecipeDefaults.INIT;
    private String freeze = RecipeDefaults.FREEZE;
    private Integer trainLast;
    private int epochs = RecipeDefaults.EPOCHS;
    private int batchSize = RecipeDefaults.BATCH_SIZE;
    private float lr = RecipeDefaults.LR;
    private float backboneLrScale = RecipeDefaults.BACKBONE_LR_SCALE;
    private String schedule = RecipeDefaults.SCHEDULE;
    private float weightDecay = RecipeDefaults.WEIGHT_DECAY;
    private long seed = RecipeDefaults.SEED;
    private float valFraction = RecipeDefaults.VAL_FRACTION;
    private int imageSize = RecipeDefaults.IMAGE_SIZE;
    private boolean augment = RecipeDefaults.AUGMENT;
    private List<Integer> headHidden = List.of();
    private float dropout = RecipeDefaults.DROPOUT;
    private String device = RecipeDefaults.DEVICE;
    private String features = RecipeDefaults.FEATURES;
    private boolean mirror = RecipeDefaults.MIRROR;
    private boolean featureCache = true;
    private int keepCheckpoints = RecipeDefaults.KEEP_CHECKPOINTS;
    private int views = RecipeDefaults.VIEWS;
    private float featureNoise = RecipeDefaults.FEATURE_NOISE;
    private int probeEpochs = RecipeDefaults.PROBE_EPOCHS;
    private String bnStatistics = RecipeDefaults.BN_STATISTICS;
    private String classWeights = RecipeDefaults.CLASS_WEIGHTS;

    RecipeBuilder(String data) {
        this.data = data;
    }

    /** @param v model reference @return this */
    public RecipeBuilder model(String v) {
        model = v;
        return this;
    }

    /** @param v pretrained or scratch @return this */
    public RecipeBuilder init(String v) {
        init = v;
        return this;
    }

    /** @param v freeze choice @return this */
    public RecipeBuilder freeze(String v) {
        freeze = v;
        return this;
    }

    /** @param v stages to train, or null @return this */
    public RecipeBuilder trainLast(Integer v) {
        trainLast = v;
        return this;
    }

    /** @param v epochs @return this */
    public RecipeBuilder epochs(int v) {
        epochs = v;
        return this;
    }

    /** @param v batch size @return this */
    public RecipeBuilder batchSize(int v) {
        batchSize = v;
        return this;
    }

    /** @param v learning rate @return this */
    public RecipeBuilder lr(float v) {
        lr = v;
        return this;
    }

    /** @param v backbone learning-rate scale @return this */
    public RecipeBuilder backboneLrScale(float v) {
        backboneLrScale = v;
        return this;
    }

    /** @param v seed @return this */
    public RecipeBuilder seed(long v) {
        seed = v;
        return this;
    }

    /** @param v validation fraction @return this */
    public RecipeBuilder valFraction(float v) {
        valFraction = v;
        return this;
    }

    /** @param v image size @return this */
    public RecipeBuilder imageSize(int v) {
        imageSize = v;
        return this;
    }

    /** @param v augmentation @return this */
    public RecipeBuilder augment(boolean v) {
        augment = v;
        return this;
    }

    /** @param v mirror views @return this */
    public RecipeBuilder mirror(boolean v) {
        mirror = v;
        return this;
    }

    /** @param v feature cache @return this */
    public RecipeBuilder featureCache(boolean v) {
        featureCache = v;
        return this;
    }

    /** @param v checkpoints to keep (0: all) @return this */
    public RecipeBuilder keepCheckpoints(int v) {
        keepCheckpoints = v;
        return this;
    }

    /** @param v feature taps @return this */
    public RecipeBuilder features(String v) {
        features = v;
        return this;
    }

    /** @param v device @return this */
    public RecipeBuilder device(String v) {
        device = v;
        return this;
    }

    /** @param v weight decay @return this */
    public RecipeBuilder weightDecay(float v) {
        weightDecay = v;
        return this;
    }

    /** @param v hidden layer sizes of the head @return this */
    public RecipeBuilder headHidden(List<Integer> v) {
        headHidden = v;
        return this;
    }

    /** @param v head dropout @return this */
    public RecipeBuilder dropout(float v) {
        dropout = v;
        return this;
    }

    /** @param v cosine or fixed @return this */
    public RecipeBuilder schedule(String v) {
        schedule = v;
        return this;
    }

    /** @param v style-augmented views per image @return this */
    public RecipeBuilder views(int v) {
        views = v;
        return this;
    }

    /** @param v head warm-up epochs before backbone layers train @return this */
    public RecipeBuilder probeEpochs(int v) {
        probeEpochs = v;
        return this;
    }

    /** @param v frozen or update @return this */
    public RecipeBuilder bnStatistics(String v) {
        bnStatistics = v;
        return this;
    }

    /** @param v strength of the style views' feature-statistics noise (0: none) @return this */
    public RecipeBuilder featureNoise(float v) {
        featureNoise = v;
        return this;
    }

    /** @param v balanced or none @return this */
    public RecipeBuilder classWeights(String v) {
        classWeights = v;
        return this;
    }

    /** @return the recipe (validated) */
    public Recipe build() {
        return new Recipe(data, model, init, freeze, trainLast, epochs, batchSize, lr, weightDecay, seed, valFraction,
                imageSize, augment, headHidden, dropout, device, features, mirror, backboneLrScale, schedule, featureCache,
                keepCheckpoints, views, probeEpochs, bnStatistics, classWeights, featureNoise).requireValid();
    }
}
