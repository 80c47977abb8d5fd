package dev.graft.engine.net;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Convolution, BatchNorm and optional ReLU6, saved exactly like the {@link SequentialBlock} of the
 * three it is. When its BatchNorm runs in inference mode (the layer is frozen, or the network is
 * not training), BatchNorm is an affine map per channel and is folded into the convolution:
 * weights scaled by {@code gamma / sqrt(var + eps)}, a bias of {@code beta - mean * scale}. That
 * saves a full pass (forward, and backward when something before it trains) over the feature map,
 * which is most of the cost of a frozen backbone outside the convolutions. The folded weights are
 * recomputed each call from the current tensors (a few small operations), so nothing is cached
 * that could go stale, and gradients still reach a trainable convolution under a frozen BatchNorm.
 * The stored tensors are never changed, so frozen layers stay bit-identical.
 */
final class ConvBnBlock extends SequentialBlock {

    private final Conv2d conv;
    private final FreezableBatchNorm bn;
    private final float epsilon;
    private final Block activation;

    /**
     * Creates the block.
     *
     * @param conv the convolution (no bias)
     * @param bn its BatchNorm
     * @param epsilon the BatchNorm's epsilon
     * @param activation ReLU6, or null for none
     */
    ConvBnBlock(Conv2d conv, FreezableBatchNorm bn, float epsilon, Block activation) {
        this.conv = conv;
        this.bn = bn;
        this.epsilon = epsilon;
        this.activation = activation;
        add(conv);
        add(bn);
        if (activation != null) {
            add(activation);
        }
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        if (training && !bn.isFrozen()) {
            return super.forwardInternal(ps, inputs, training, params);
        }
        NDArray x = inputs.singletonOrThrow();
        BatchNorm norm = bn.norm();
        var device = x.getDevice();
        NDArray w = ps.getValue(conv.getParameters().get("weight"), device, training);
        NDArray gamma = ps.getValue(norm.getParameters().get("gamma"), device, training);
        NDArray beta = ps.getValue(norm.getParameters().get("beta"), device, training);
        NDArray mean = ps.getValue(norm.getParameters().get("runningMean"), device, training);
        NDArray var = ps.getValue(norm.getParameters().get("runningVar"), device, training);
        // An operation's result belongs to its first operand's manager: computed from parameters,
        // the folded weights would belong to the model and live until it closes — a leak of every
        // folded layer on every forward pass (about 1 MB per image in the feature pass, 20 GB after
        // 18,000 images). They belong to the input's manager, which the caller closes per batch.
        NDManager owner = x.getManager();
        NDArray scale = own(gamma.div(own(own(var.add(epsilon), owner).sqrt(), owner)), owner);
        NDArray folded = own(w.mul(own(scale.reshape(-1, 1, 1, 1), owner)), owner);
        NDArray bias = own(beta.sub(own(mean.mul(scale), owner)), owner);
        NDArray y = conv instanceof FlippedFrameConv2d f ? f.convolve(x, folded, bias)
                : Conv2d.conv2d(x, folded, bias, conv.getStride(), conv.getPadding(), conv.getDilation(),
                        conv.getGroups()).singletonOrThrow();
        NDList out = new NDList(y);
        return activation == null ? out : activation.forward(ps, out, training, params);
    }

    /** Hands a temporary array to the manager that is closed after this batch. */
    static NDArray own(NDArray a, NDManager owner) {
        a.attach(owner);
        return a;
    }
}
