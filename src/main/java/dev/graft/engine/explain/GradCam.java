package dev.graft.engine.explain;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.graft.engine.net.GraftNet;
import dev.graft.engine.net.LoadedNet;
import dev.graft.engine.net.TappedBackbone;

/**
 * Grad-CAM (Selvaraju et al. 2017): which parts of an image raised one class's score. The network
 * runs in inference mode up to a spatial feature map A of the backbone, the map is made a leaf
 * that collects gradients, the rest runs on through pooling and the head to the class logit y,
 * and y's gradient flows back to A. Each channel k gets the weight a_k = mean over positions of
 * dy/dA_k; the map is relu(sum_k a_k A_k), divided by its maximum.
 *
 * <p>Which map: the first stage whose output the head reads (a "tap"). Graft's heads read several
 * stages at once (the bundled MobileNetV2 taps stages 5, 6 and 7), and every later tap is computed
 * from the first one, so the gradient at the first tap carries everything the head sees; the
 * last tap alone would miss what the earlier taps tell the head directly. It is also the finer
 * map (14×14 at 224 px instead of 7×7). A head that reads one stage is the textbook case.
 *
 * <p>Graft's MobileNetV2 computes in a frame flipped upside down and left to right (see
 * {@code MobileNetV2Builder.Ops}); rather than knowing each network's tricks, the map's
 * orientation is measured once: the gradient of the map's top-left cell with respect to the
 * image shows which corner of the image that cell sees.
 *
 * <p>Not thread-safe: libtorch's gradient recording is global in DJL, so one heat map is computed
 * at a time.
 */
public final class GradCam {

    private static final Object GRADIENTS = new Object();

    private final LoadedNet loaded;
    private final TappedBackbone backbone;
    private final int target;
    private final int size;
    private final String unavailable;
    private boolean[] flips;

    /**
     * Prepares Grad-CAM for a network.
     *
     * @param loaded the network and its model
     */
    public GradCam(LoadedNet loaded) {
        this(loaded, Tap.FIRST);
    }

    /** Which of the head's taps is weighed. */
    enum Tap {
        /** The first: every tap is computed from it (the default). */
        FIRST,
        /** The last: the textbook choice, kept to measure the difference. */
        LAST
    }

    /**
     * Prepares Grad-CAM on a chosen tap.
     *
     * @param loaded the network and its model
     * @param tap which tap
     */
    GradCam(LoadedNet loaded, Tap tap) {
        this.loaded = loaded;
        GraftNet net = loaded.net();
        this.size = net.spec().imageSize();
        if (net.backbone() instanceof TappedBackbone t) {
            this.backbone = t;
            int first = -1;
            for (int i = 0; i < t.stageCount(); i++) {
                if (t.isTapped(i)) {
                    first = i;
                    if (tap == Tap.FIRST) {
                        break;
                    }
                }
            }
            this.target = first;
            this.unavailable = first < 0 ? "Heat maps are not available for this model, because its head reads no"
                    + " stage of the backbone" : null;
        } else {
            this.backbone = null;
            this.target = -1;
            this.unavailable = "Heat maps are not available for this model, because its backbone ("
                    + net.spec().architecture() + ") hands the head only pooled features: there is no spatial"
                    + " map of the image to weigh, and drawing one from elsewhere would mislead";
        }
    }

    /** @return why this network has no heat maps, or null when it has */
    public String unavailable() {
        return unavailable;
    }

    /** @return the name of the stage whose map is weighed, or null */
    public String stage() {
        return backbone == null || target < 0 ? null : backbone.stageNames().get(target);
    }

    /**
     * A heat map.
     *
     * @param chw the preprocessed image, 3×S×S
     * @param classIndex the class whose logit is explained
     * @return rows top to bottom of values 0 to 1 over the model's input square, upright; all 0
     *     when nothing in the image raises the class's score
     * @throws UnsupportedOperationException with the reason when the model has no spatial map
     */
    public float[][] map(float[] chw, int classIndex) {
        if (unavailable != null) {
            throw new UnsupportedOperationException(unavailable);
        }
        synchronized (GRADIENTS) {
            if (flips == null) {
                flips = orientation();
            }
            try (NDManager m = loaded.model().getNDManager().newSubManager()) {
                ParameterStore ps = new ParameterStore(m, false);
                NDArray x = m.create(chw, new Shape(1, 3, size, size));
                NDArray[] leaf = new NDArray[1];
                float[] cam;
                long h;
                long w;
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDList out = backbone.forwardPrefix(ps, new NDList(x), backbone.stageCount(), (stage, a) -> {
                        if (stage != target) {
                            return a;
                        }
                        NDArray l = a.stopGradient();
                        l.setRequiresGradient(true);
                        leaf[0] = l;
                        return l;
                    });
                    NDArray logits = loaded.net().head().forward(ps, new NDList(out.get(1)), false).singletonOrThrow();
                    gc.backward(logits.get(new NDIndex(0, classIndex)));
                }
                NDArray a = leaf[0];
                Shape s = a.getShape();
                if (s.dimension() != 4) {
                    throw new UnsupportedOperationException("Heat maps are not available for this model, because the"
                            + " stage its head reads is not a spatial map (shape " + s + ")");
                }
                h = s.get(2);
                w = s.get(3);
                NDArray weights = a.getGradient().mean(new int[] {3}, true).mean(new int[] {2}, true);
                cam = a.stopGradient().mul(weights).sum(new int[] {1}).toFloatArray();
                return normalise(cam, (int) h, (int) w);
            }
        }
    }

    private float[][] normalise(float[] cam, int h, int w) {
        float max = 0;
        for (float v : cam) {
            max = Math.max(max, v);
        }
        float[][] grid = new float[h][w];
        for (int r = 0; r < h; r++) {
            for (int c = 0; c < w; c++) {
                int rr = flips[0] ? h - 1 - r : r;
                int cc = flips[1] ? w - 1 - c : c;
                float v = cam[rr * w + cc];
                grid[r][c] = max > 0 && v > 0 && Float.isFinite(v) ? v / max : 0; // the ReLU: only evidence for the class
            }
        }
        return grid;
    }

    /** Whether the target map is upside down and whether it is mirrored, relative to the image. */
    private boolean[] orientation() {
        try (NDManager m = loaded.model().getNDManager().newSubManager()) {
            ParameterStore ps = new ParameterStore(m, false);
            NDArray x = m.randomUniform(0, 1, new Shape(1, 3, size, size));
            x.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray a = backbone.forwardPrefix(ps, new NDList(x), target + 1).get(0);
                if (a.getShape().dimension() != 4) {
                    return new boolean[] {false, false};
                }
                gc.backward(a.get(new NDIndex(":, :, 0, 0")).sum());
            }
            float[] g = x.getGradient().abs().sum(new int[] {0, 1}).toFloatArray();
            double total = 0;
            double cy = 0;
            double cx = 0;
            for (int r = 0; r < size; r++) {
                for (int c = 0; c < size; c++) {
                    double v = g[r * size + c];
                    total += v;
                    cy += v * r;
                    cx += v * c;
                }
            }
            if (total <= 0) {
                return new boolean[] {false, false};
            }
            return new boolean[] {cy / total > size / 2.0, cx / total > size / 2.0};
        }
    }
}
