package dev.graft.core.model;

/** File names inside a Graft model folder (bundled, checkpoint or export). */
public final class ModelFiles {

    /** The architecture, as JSON ({@link dev.graft.core.model.ArchitectureSpec}). */
    public static final String SPEC = "graft-model.json";
    /** DJL's name prefix for the parameter file; {@code serving.properties} names it too. */
    public static final String MODEL_NAME = "model";
    /** The parameters of the whole network, in DJL's format. */
    public static final String PARAMS = MODEL_NAME + "-0000.params";
    /** Class names, one a line, in output order (DJL's synset). */
    public static final String SYNSET = "synset.txt";
    /** DJL / DJL Serving model configuration. */
    public static final String SERVING = "serving.properties";
    /**
     * How the model's raw scores become probabilities that mean what they say (a temperature fitted
     * on the run's validation split, as JSON); absent in models trained before calibration existed,
     * which then use a temperature of 1.
     */
    public static final String CALIBRATION = "calibration.json";
    /**
     * What the model needs to tell images like its training images from others (class means of the
     * training features and a threshold set on the validation split, as JSON); absent in models
     * trained before it existed, which then call every image familiar.
     */
    public static final String FAMILIARITY = "familiarity.json";
    /**
     * The Keras topology of a model imported from Keras or TF.js (architecture {@code keras}): its
     * layer graph, where the backbone ends, and where it came from; the weights are in {@link #PARAMS}.
     */
    public static final String KERAS = "keras-model.json";

    private ModelFiles() {}
}
