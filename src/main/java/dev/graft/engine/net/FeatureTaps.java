package dev.graft.engine.net;

import dev.graft.core.model.ArchitectureSpec;
import dev.graft.engine.net.keras.KerasNetBuilder;
import java.util.Arrays;
import java.util.List;

/**
 * Chooses which backbone stages feed the head. For the bundled MobileNetV2 the recommended taps
 * are stages 5-7 (blocks 10-16), L2-normalised and concatenated: its top (Conv_1, 1280 wide) was
 * fine-tuned for image moderation and transfers worse. Measured with linear probes on emoji the
 * model never saw: top 0.57-0.64, stages 5-7 0.69-0.72.
 */
public final class FeatureTaps {

    /** Recommended taps of the bundled MobileNetV2 for transfer. */
    public static final List<String> RECOMMENDED = List.of("stage5", "stage6", "stage7");

    private FeatureTaps() {}

    /**
     * Applies a {@code --features} choice.
     *
     * @param spec the pretrained model's spec
     * @param dir its folder (an imported Keras model's topology is read from it), or null
     * @param features {@code auto} or comma-separated stage names
     * @return the spec with the taps (unchanged for TorchScript and for {@code auto} on a model
     *     that already carries transfer taps)
     */
    public static ArchitectureSpec apply(ArchitectureSpec spec, java.nio.file.Path dir, String features) {
        if (!ArchitectureSpec.KERAS.equals(spec.architecture())) {
            return apply(spec, features);
        }
        if ("auto".equals(features)) {
            return spec; // an imported model's taps: the feature output its own head reads
        }
        List<String> taps = Arrays.stream(features.split(",")).map(String::trim).filter(t -> !t.isEmpty()).toList();
        java.util.Map<String, Integer> widths;
        try {
            widths = KerasNetBuilder.stageWidths(NetLoader.readKeras(dir, spec), spec.imageSize());
        } catch (java.io.IOException | ai.djl.MalformedModelException e) {
            throw new IllegalArgumentException("--features: " + e.getMessage(), e);
        }
        int width = 0;
        for (String t : taps) {
            if (!widths.containsKey(t)) {
                throw new IllegalArgumentException("--features: no stage '" + t + "'; stages are "
                        + String.join(", ", widths.keySet()));
            }
            width += widths.get(t);
        }
        String norm = taps.equals(spec.featureTaps()) ? spec.tapNormalization() : taps.size() == 1 ? "none" : "l2";
        return spec.withFeatures(taps, norm, width);
    }

    /**
     * Applies a {@code --features} choice to Graft's own architectures.
     *
     * @param base the pretrained model's spec
     * @param features {@code auto} or comma-separated stage names
     * @return the spec with the taps
     */
    public static ArchitectureSpec apply(ArchitectureSpec base, String features) {
        if (!ArchitectureSpec.MOBILENET_V2.equals(base.architecture())) {
            if (!"auto".equals(features)) {
                throw new IllegalArgumentException("--features applies to Graft's MobileNetV2 and imported Keras"
                        + " models; a TorchScript backbone's output is its feature vector");
            }
            return base;
        }
        List<String> taps;
        if ("auto".equals(features)) {
            boolean original = base.featureTaps().isEmpty() || base.featureTaps().equals(List.of("top"));
            taps = original ? RECOMMENDED : base.featureTaps();
        } else {
            taps = Arrays.stream(features.split(",")).map(String::trim).filter(t -> !t.isEmpty()).toList();
            for (String t : taps) {
                if (!MobileNetV2Builder.ALL_STAGES.contains(t)) {
                    throw new IllegalArgumentException("--features: no stage '" + t + "'; stages are "
                            + String.join(", ", MobileNetV2Builder.ALL_STAGES));
                }
            }
        }
        String norm = taps.equals(List.of("top")) ? "none" : "l2";
        return base.withFeatures(taps, norm, MobileNetV2Builder.featureWidth(taps));
    }
}
