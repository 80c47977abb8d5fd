package dev.graft.core.model;

import java.util.List;

/**
 * Everything needed to rebuild a Graft network before its parameters are loaded: written beside
 * every checkpoint and exported model as {@code graft-model.json}.
 *
 * @param architecture {@code mobilenet_v2} (Graft's own blocks) or {@code torchscript}
 * @param imageSize input side length in pixels
 * @param classes class names in output order
 * @param headHidden sizes of hidden dense layers of the head (empty: one linear layer)
 * @param dropout dropout before each dense layer of the head
 * @param normalization {@code unit} ([0, 1]) or {@code imagenet} (mean/std after [0, 1])
 * @param backboneFile for TorchScript: the backbone file name inside the model folder
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

    /** @return per-channel mean for the preprocessor */
    public float[] mean() {
        return "imagenet".equals(normalization) ? new float[] {0.485f, 0.456f, 0.406f} : null;
    }

    /** @return per-channel std for the preprocessor */
    public float[] std() {
        return "imagenet".equals(normalization) ? new float[] {0.229f, 0.224f, 0.225f} : null;
    }
}
