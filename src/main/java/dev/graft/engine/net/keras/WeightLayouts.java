package dev.graft.engine.net.keras;

import java.util.Arrays;

/** Converts weight arrays between Keras' channels-last layouts and DJL's channels-first ones. */
final class WeightLayouts {

    private WeightLayouts() {}

    /**
     * The DJL shape of a Keras weight.
     *
     * @param layout the relation
     * @param keras the Keras shape
     * @return the DJL shape
     */
    static long[] djlShape(KerasOp.Layout layout, long[] keras) {
        return switch (layout) {
            case SAME -> keras.clone();
            case CONV -> new long[] {keras[3], keras[2], keras[0], keras[1]};
            case DEPTHWISE -> new long[] {keras[2] * keras[3], 1, keras[0], keras[1]};
            case DENSE -> new long[] {keras[1], keras[0]};
        };
    }

    /**
     * The Keras shape of a DJL tensor (depthwise kernels need the multiplier).
     *
     * @param layout the relation
     * @param djl the DJL shape
     * @param multiplier depth multiplier (depthwise only)
     * @return the Keras shape
     */
    static long[] kerasShape(KerasOp.Layout layout, long[] djl, long multiplier) {
        return switch (layout) {
            case SAME -> djl.clone();
            case CONV -> new long[] {djl[2], djl[3], djl[1], djl[0]};
            case DEPTHWISE -> new long[] {djl[2], djl[3], djl[0] / multiplier, multiplier};
            case DENSE -> new long[] {djl[1], djl[0]};
        };
    }

    /**
     * Keras values to DJL order.
     *
     * @param layout the relation
     * @param keras Keras shape
     * @param values Keras values
     * @return DJL values
     */
    static float[] toDjl(KerasOp.Layout layout, long[] keras, float[] values) {
        return switch (layout) {
            case SAME -> values;
            case CONV -> permute(values, keras, new int[] {3, 2, 0, 1});
            case DEPTHWISE -> permute(values, keras, new int[] {2, 3, 0, 1});
            case DENSE -> permute(values, keras, new int[] {1, 0});
        };
    }

    /**
     * DJL values to Keras order.
     *
     * @param layout the relation
     * @param keras the Keras shape wanted
     * @param values DJL values
     * @return Keras values
     */
    static float[] toKeras(KerasOp.Layout layout, long[] keras, float[] values) {
        return switch (layout) {
            case SAME -> values;
            // DJL [out, in, h, w] → Keras [h, w, in, out]
            case CONV -> permute(values, new long[] {keras[3], keras[2], keras[0], keras[1]}, new int[] {2, 3, 1, 0});
            // DJL [in, m, h, w] → Keras [h, w, in, m]
            case DEPTHWISE -> permute(values, new long[] {keras[2], keras[3], keras[0], keras[1]},
                    new int[] {2, 3, 0, 1});
            case DENSE -> permute(values, new long[] {keras[1], keras[0]}, new int[] {1, 0});
        };
    }

    /** Transposes a row-major array: output axis i is input axis perm[i]. */
    static float[] permute(float[] src, long[] shape, int[] perm) {
        int rank = shape.length;
        int[] dims = new int[rank];
        int[] strides = new int[rank];
        int stride = 1;
        for (int i = rank - 1; i >= 0; i--) {
            dims[i] = (int) shape[i];
            strides[i] = stride;
            stride *= dims[i];
        }
        int[] outDims = new int[rank];
        int[] outStrides = new int[rank];
        for (int i = 0; i < rank; i++) {
            outDims[i] = dims[perm[i]];
            outStrides[i] = strides[perm[i]];
        }
        float[] out = new float[src.length];
        int[] idx = new int[rank];
        int s = 0;
        for (int o = 0; o < out.length; o++) {
            out[o] = src[s];
            for (int i = rank - 1; i >= 0; i--) {
                idx[i]++;
                s += outStrides[i];
                if (idx[i] < outDims[i]) {
                    break;
                }
                s -= outStrides[i] * outDims[i];
                idx[i] = 0;
            }
        }
        return out;
    }

    static String shape(long[] s) {
        return Arrays.toString(s);
    }
}
