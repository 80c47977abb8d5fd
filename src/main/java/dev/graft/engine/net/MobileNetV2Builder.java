package dev.graft.engine.net;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import dev.graft.core.model.ArchitectureSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * MobileNetV2 (width 1.0) from DJL blocks, laid out exactly like Keras' {@code MobileNetV2} so
 * Keras weights load unchanged: bottom/right zero padding before every stride-2 convolution,
 * BatchNorm epsilon 1e-3, ReLU6. Every BatchNorm is a {@link FreezableBatchNorm}, so any freeze
 * choice on its tree is exact.
 *
 * <p>Tree: {@code stem}, {@code stage1}…{@code stage7} (the paper's bottleneck groups, holding
 * {@code block_0}…{@code block_16}), {@code top} (the 1×1 convolution to 1280 channels), then the
 * head.
 *
 * <p>How it computes ({@link Ops#FAST}, the default): the stem flips the image upside down and
 * left to right, every 3×3 convolution runs in that flipped frame ({@link FlippedFrameConv2d}),
 * where Keras' bottom/right padding becomes the symmetric padding libtorch's convolution does by
 * itself, so no separate pad operation copies the large early feature maps; ReLU6 is relu and a
 * clamp instead of relu and an elementwise minimum with a much costlier gradient;
 * a BatchNorm in inference mode (frozen, or not training) is folded into its convolution
 * ({@link ConvBnBlock}).
 * Only pooled features leave the backbone, and pooling does not see the flip. The block tree,
 * the tensors and the saved files are the same as with {@link Ops#REFERENCE}, the literal Keras
 * layout (pad, convolve, {@code min(relu(x), 6)}); both give the same outputs up to float
 * rounding. Measured in {@code graft bench peer} (docs/numbers.md).
 */
public final class MobileNetV2Builder {

    /** How the layers are computed; both give the same network (same blocks, tensors, files). */
    public enum Ops {
        /** Flipped frame without pad operations, ReLU6 as relu and clamp, frozen BatchNorm folded. */
        FAST,
        /** Keras' literal layout: explicit bottom/right pads, ReLU6 as min(relu(x), 6). */
        REFERENCE;

        /**
         * The default: {@link #FAST}, unless the system property {@code graft.mobilenet.ops} is
         * {@code reference} (a diagnostic switch for measuring and checking the fast path).
         *
         * @return the ops to build with
         */
        public static Ops fromSystemProperty() {
            return "reference".equalsIgnoreCase(System.getProperty("graft.mobilenet.ops", "")) ? REFERENCE : FAST;
        }
    }

    /** {expansion, output channels, stride} of Keras' block_0 … block_16. */
    private static final int[][] BLOCKS = {
        {1, 16, 1}, {6, 24, 2}, {6, 24, 1}, {6, 32, 2}, {6, 32, 1}, {6, 32, 1}, {6, 64, 2},
        {6, 64, 1}, {6, 64, 1}, {6, 64, 1}, {6, 96, 1}, {6, 96, 1}, {6, 96, 1}, {6, 160, 2},
        {6, 160, 1}, {6, 160, 1}, {6, 320, 1}
    };
    private static final int[] STAGE_OF_BLOCK = {1, 2, 2, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 6, 6, 6, 7};
    /**
     * Keras' momentum 0.999. DJL's BatchNorm momentum follows MXNet's convention (running =
     * momentum × running + (1 − momentum) × batch; the PyTorch engine hands libtorch
     * {@code 1 - momentum}), so Keras' 0.999 is DJL's 0.999. The value 0.001 used before replaced
     * the pretrained running statistics of every trainable BatchNorm with the last batch's.
     */
    private static final float BN_MOMENTUM = 0.999f;
    private static final float BN_EPSILON = 1e-3f;
    /** Width of the feature vector (Keras' Conv_1). */
    public static final int FEATURES = 1280;

    private final LayerRegistry registry = new LayerRegistry();
    private final Ops ops;
    private int size;

    private MobileNetV2Builder(Ops ops) {
        this.ops = ops;
    }

    /**
     * Builds the network (uninitialised).
     *
     * @param spec architecture (image size, classes, head)
     * @param headSourceNames Keras names of the head's dense layers, or null for a new head
     * @return the network
     */
    public static GraftNet build(ArchitectureSpec spec, List<String> headSourceNames) {
        return build(spec, headSourceNames, Ops.fromSystemProperty());
    }

    /**
     * Builds the network (uninitialised) computing with the given ops.
     *
     * @param spec architecture (image size, classes, head)
     * @param headSourceNames Keras names of the head's dense layers, or null for a new head
     * @param ops how to compute
     * @return the network
     */
    public static GraftNet build(ArchitectureSpec spec, List<String> headSourceNames, Ops ops) {
        return new MobileNetV2Builder(ops).assemble(spec, headSourceNames);
    }

    /** Every stage name in forward order. */
    public static final List<String> ALL_STAGES = List.of("stem", "stage1", "stage2", "stage3", "stage4",
            "stage5", "stage6", "stage7", "top");
    private static final int[] STAGE_WIDTHS = {32, 16, 24, 32, 64, 96, 160, 320, FEATURES};

    private GraftNet assemble(ArchitectureSpec spec, List<String> headSourceNames) {
        List<String> taps = spec.featureTaps().isEmpty() ? List.of("top") : spec.featureTaps();
        int last = -1;
        for (String tap : taps) {
            int i = ALL_STAGES.indexOf(tap);
            if (i < 0) {
                throw new IllegalArgumentException("Unknown feature tap '" + tap + "'; stages are " + ALL_STAGES);
            }
            last = Math.max(last, i);
        }
        size = spec.imageSize();
        List<Block> stageBlocks = new ArrayList<>();
        SequentialBlock stem = new SequentialBlock();
        stem.add(ops == Ops.FAST ? toFlippedFrame() : padBottomRight());
        size = size + 1;
        stem.add(convBn("stem", "Conv1", "bn_Conv1", 3, 32, 3, 2, 1, true));
        stageBlocks.add(stem);

        int in = 32;
        SequentialBlock stage = null;
        int currentStage = 0;
        for (int b = 0; b < BLOCKS.length && STAGE_OF_BLOCK[b] <= last; b++) {
            if (STAGE_OF_BLOCK[b] != currentStage) {
                currentStage = STAGE_OF_BLOCK[b];
                stage = new SequentialBlock();
                stageBlocks.add(stage);
            }
            int[] cfg = BLOCKS[b];
            stage.add(invertedResidual("stage" + currentStage + ".block_" + b, b, in, cfg[0], cfg[1], cfg[2]));
            in = cfg[1];
        }
        if (last == ALL_STAGES.size() - 1) {
            stageBlocks.add(convBn("top", "Conv_1", "Conv_1_bn", in, FEATURES, 1, 1, 1, true));
        }
        List<String> stages = ALL_STAGES.subList(0, last + 1);
        TappedBackbone backbone = new TappedBackbone(stageBlocks, stages, taps,
                java.util.Arrays.copyOf(STAGE_WIDTHS, last + 1), "l2".equals(spec.tapNormalization()));
        SequentialBlock head = HeadBuilder.build(registry, spec.headHidden(), spec.dropout(),
                spec.classes().size(), headSourceNames);
        ClassifierBlock network = new ClassifierBlock(backbone, head);
        return new GraftNet(spec, backbone, head, network, registry, List.copyOf(stages), false);
    }

    /**
     * Width of the feature vector for some taps.
     *
     * @param taps stage names
     * @return the summed widths
     */
    public static int featureWidth(List<String> taps) {
        int w = 0;
        for (String tap : taps) {
            w += STAGE_WIDTHS[ALL_STAGES.indexOf(tap)];
        }
        return w;
    }

    private Block invertedResidual(String path, int index, int in, int expansion, int out, int stride) {
        String keras = index == 0 ? "expanded_conv" : "block_" + index;
        SequentialBlock body = new SequentialBlock();
        int hidden = in * expansion;
        if (expansion != 1) {
            body.add(convBn(path + ".expand", keras + "_expand", keras + "_expand_BN", in, hidden, 1, 1, 1, true));
        }
        if (stride == 2) {
            body.add(ops == Ops.FAST ? paddingInConvolution() : padBottomRight());
            size = size + 1;
        }
        body.add(convBn(path + ".depthwise", keras + "_depthwise", keras + "_depthwise_BN",
                hidden, hidden, 3, stride, hidden, true));
        body.add(convBn(path + ".project", keras + "_project", keras + "_project_BN", hidden, out, 1, 1, 1, false));
        if (stride == 1 && in == out) {
            return new ParallelBlock(
                    list -> new NDList(list.get(0).singletonOrThrow().add(list.get(1).singletonOrThrow())),
                    Arrays.asList(body, Blocks.identityBlock()));
        }
        return body;
    }

    /**
     * Convolution, BatchNorm and optional ReLU6. Stride-2 convolutions follow an explicit
     * bottom/right pad and use no padding themselves; 3×3 stride-1 ones pad 1 on each side, as
     * Keras' "same" does for odd kernels.
     */
    private Block convBn(String path, String kerasConv, String kerasBn, int in, int out, int kernel,
            int stride, int groups, boolean relu6) {
        int pad = stride == 1 && kernel == 3 ? 1 : 0;
        Conv2d.Builder convBuilder = Conv2d.builder()
                .setKernelShape(new Shape(kernel, kernel))
                .optStride(new Shape(stride, stride))
                .optPadding(new Shape(pad, pad))
                .setFilters(out)
                .optGroups(groups)
                .optBias(false);
        Conv2d conv = ops == Ops.FAST && kernel == 3 ? new FlippedFrameConv2d(convBuilder) : convBuilder.build();
        size = (size + 2 * pad - kernel) / stride + 1;
        Shape outShape = new Shape(out, size, size);
        FreezableBatchNorm bn = new FreezableBatchNorm(BN_EPSILON, BN_MOMENTUM);
        boolean depthwise = groups > 1;
        registry.add(path + ".conv", depthwise ? "depthwise_conv" : "conv", conv, null, kerasConv, outShape);
        registry.add(path + ".bn", "batch_norm", bn.norm(), bn, kerasBn, outShape);
        if (ops == Ops.REFERENCE) {
            SequentialBlock block = new SequentialBlock().add(conv).add(bn);
            if (relu6) {
                block.add(new LambdaBlock(list -> new NDList(Activation.relu6(list.singletonOrThrow())), "relu6"));
            }
            return block;
        }
        // ReLU6 as relu then clamp: min(relu(x), 6) takes two passes forward and six for its
        // gradient (threshold, then eq, div, where, gt, masked_fill of the minimum); the clamp's
        // gradient is one fused comparison. Relu first keeps Keras' and PyTorch's sub-gradient 0
        // at exactly 0: a channel that is exactly 0 after BatchNorm (constant over the batch,
        // beta 0 -- the bundled weights have such channels) stays without gradient, as in Keras.
        Block activation = relu6
                ? new LambdaBlock(list -> new NDList(list.singletonOrThrow().getNDArrayInternal().relu().clip(0, 6)),
                        "relu6")
                : null;
        return new ConvBnBlock(conv, bn, BN_EPSILON, activation);
    }

    /**
     * Start of the flipped frame (stem, {@link Ops#FAST}): the image upside down and left to right.
     * It stands where {@link #padBottomRight()} stands in the reference layout, so the block tree
     * and saved files do not change.
     */
    private static Block toFlippedFrame() {
        return new LambdaBlock(list -> new NDList(list.singletonOrThrow().flip(2, 3)), "flipped_frame");
    }

    /** Placeholder of a pad that the next {@link FlippedFrameConv2d} does by itself. */
    private static Block paddingInConvolution() {
        return new LambdaBlock(list -> list, "pad_in_convolution");
    }

    /** Keras' ZeroPadding2D(((0, 1), (0, 1))): one row at the bottom, one column at the right. */
    private static Block padBottomRight() {
        return new LambdaBlock(list -> new NDList(list.singletonOrThrow().pad(new Shape(0, 1, 0, 1), 0)),
                "pad_bottom_right");
    }
}
