package dev.graft.engine.bench;

import java.util.Locale;

/**
 * What trains in a peer measurement. The same layers train on both sides: Graft's MobileNetV2
 * with {@code --features top} and torchvision's {@code mobilenet_v2} have the same layers in the
 * same order (stage5 starts at torchvision's {@code features[11]}).
 */
public enum PeerMode {
    /** Every layer trains ({@code --freeze none}). */
    FULL("none", null, 0),
    /** The last four stages (stage5-7 and the top 1×1 convolution) and the head train. */
    PARTIAL(null, 4, 11),
    /** Only the head trains; the frozen backbone runs every step. */
    HEAD("backbone", null, 19);

    private final String freeze;
    private final Integer trainLast;
    private final int torchvisionTrainFrom;

    PeerMode(String freeze, Integer trainLast, int torchvisionTrainFrom) {
        this.freeze = freeze;
        this.trainLast = trainLast;
        this.torchvisionTrainFrom = torchvisionTrainFrom;
    }

    /** @return Graft's {@code --freeze} value, or null when {@link #trainLast()} applies */
    public String freeze() {
        return freeze;
    }

    /** @return Graft's {@code --train-last} value, or null */
    public Integer trainLast() {
        return trainLast;
    }

    /** @return the first index of torchvision's {@code model.features} that trains */
    public int torchvisionTrainFrom() {
        return torchvisionTrainFrom;
    }

    /** @return the name used on the command line and in results */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a mode name.
     *
     * @param id full, partial or head
     * @return the mode
     */
    public static PeerMode of(String id) {
        return valueOf(id.trim().toUpperCase(Locale.ROOT));
    }
}
