package dev.graft.core.model;

import java.util.List;

/**
 * Everything needed to rebuild a Graft network before its parameters are loaded: written beside
 * every checkpoint and exported model as {@code graft-model.json}.
 *
 * @param architecture {@code mobilenet_v2} (Graft's own blocks), {@code torchscript} or {@code keras}
 * @param imageSize input side length in pixels
 * @param classes class names in output order
 * @param headHidden sizes of hidden dense layers of the head (empty: one linear layer)
 * @param dropout dropout before each dense layer of the head
 * @param normalization how pixels become inputs: one of {@link #NORMALIZATIONS}
 * @param backboneFile the file inside the model folder that defines the backbone: the TorchScript
 *     module, or the Keras topology ({@link ModelFiles#KERAS}); null for Graft's own architectures
 * @param featureSize width of the backbone's feature vector
 * @param baseModel id of the pretrained model this one was made from
 * @param featureTaps backbone stages whose pooled outputs form the feature vector, in order
 *     (Graft's own architectures; layers after the last tap are not part of the network)
 * @param tapNormalization {@code none} (plain average pooling) or {@code l2} (each tap's pooled
 *     vector scaled to length sqrt(width), so taps of different width weigh alike)
 */
public record ArchitectureSpec(
        String architecture,
        int imageSize,
        List<String> classes,
        List<Integer> headHidden,
        float dropout,
        String normalization,
        String backboneFile,
        int featureSize,
        String baseModel,
        List<String> featureTaps,
        String tapNormalization) {

    /** Graft's MobileNetV2 built from its own DJL blocks. */
    public static final String MOBILENET_V2 = "mobilenet_v2";

    /** A TorchScript backbone with a Graft head. */
    public static final String TORCHSCRIPT = "torchscript";

    /** A Keras model (imported from TF.js or Keras files) run as a DJL block graph, with a Graft head. */
    public static final String KERAS = "keras";

    /**
     * Input normalisations: {@code unit} (RGB / 255, [0, 1]), {@code imagenet} (then ImageNet's
     * mean and std), {@code tm} (RGB / 127 − 1: Teachable Machine's, 127 not 127.5),
     * {@code symmetric} (RGB / 127.5 − 1: Keras' MobileNet and Inception preprocessing) and
     * {@code pixels} (RGB 0..255, for models that rescale inputs themselves).
     */
    public static final java.util.List<String> NORMALIZATIONS = java.util.List.of("unit", "imagenet", "tm",
            "symmetric", "pixels");

    /** Copies lists. */
    public ArchitectureSpec {
        classes = List.copyOf(classes);
        headHidden = List.copyOf(headHidden);
        featureTaps = featureTaps == null ? List.of() : List.copyOf(featureTaps);
        tapNormalization = tapNormalization == null ? "none" : tapNormalization;
    }

    /**
     * The same architecture with a new head for other classes.
     *
     * @param newClasses class names of the new head
     * @param hidden hidden sizes of the new head
     * @param newDropout dropout of the new head
     * @param size input size
     * @return the new spec
     */
    public ArchitectureSpec withHead(List<String> newClasses, List<Integer> hidden, float newDropout, int size) {
        return new ArchitectureSpec(architecture, size, newClasses, hidden, newDropout, normalization,
                backboneFile, featureSize, baseModel, featureTaps, tapNormalization);
    }

    /**
     * The same architecture with other feature taps.
     *
     * @param taps stage names
     * @param tapNorm {@code none} or {@code l2}
     * @param width resulting feature width
     * @return the new spec
     */
    public ArchitectureSpec withFeatures(List<String> taps, String tapNorm, int width) {
        return new ArchitectureSpec(architecture, imageSize, classes, headHidden, dropout, normalization,
                backboneFile, width, baseModel, taps, tapNorm);
    }

    /** @return per-channel mean the preprocessor subtracts after scaling to [0, 1] */
    public float[] mean() {
        return switch (normalization) {
            case "imagenet" -> new float[] {0.485f, 0.456f, 0.406f};
            case "tm" -> fill(127f / 255f);
            case "symmetric" -> fill(0.5f);
            default -> null;
        };
    }

    /** @return per-channel std the preprocessor divides by after subtracting the mean */
    public float[] std() {
        return switch (normalization) {
            case "imagenet" -> new float[] {0.229f, 0.224f, 0.225f};
            case "tm" -> fill(127f / 255f);
            case "symmetric" -> fill(0.5f);
            case "pixels" -> fill(1f / 255f);
            default -> null;
        };
    }

    private static float[] fill(float v) {
        return new float[] {v, v, v};
    }
}
