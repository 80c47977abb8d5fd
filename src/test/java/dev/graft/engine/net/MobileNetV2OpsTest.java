package dev.graft.engine.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.XavierInitializer;
import dev.graft.core.model.ArchitectureSpec;
import dev.graft.core.model.FreezePlan;
import dev.graft.engine.catalogue.BundledModel;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The fast MobileNetV2 (flipped frame, padding inside the convolutions, ReLU6 as a clamp)
 * computes what the literal Keras layout computes: the same outputs, the same gradients for every
 * tensor and the same BatchNorm statistics updates, on even and odd image sizes; and with frozen
 * layers (BatchNorm folded into the convolution) the same gradients for what trains.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MobileNetV2OpsTest {

    private LoadedNet pretrained;

    @BeforeAll
    void loadPretrained() throws Exception {
        pretrained = new BundledModel().load(Device.cpu());
    }

    @AfterAll
    void close() {
        pretrained.close();
    }

    /**
     * In float64 the two computations agree to rounding of float64, so any real difference (a pad
     * on the wrong side, a kernel not flipped, a wrong fold) shows. In float32 gradients of deep
     * layers differ by up to a few 1e-2 between any two orderings of the same sums (measured:
     * the reference layout against itself in float64 differs by 5e-3), which would hide nothing
     * but also prove little.
     *
     * <p>At these sizes the last stages are 1×1: there channels of the (quantised) bundled
     * weights become constant over the batch and exactly 0 after BatchNorm, which checks that the
     * fast ReLU6 takes Keras' sub-gradient (0) at exactly 0. (At exactly 6 the reference's
     * elementwise minimum halves the gradient and the clamp passes it; no value sits there.)
     */
    @ParameterizedTest
    @ValueSource(ints = {50, 33})
    void fastOpsMatchTheKerasLayout(int size) throws Exception {
        // 50: even at the stem, then 25 and 3 are odd; 33: odd from the start
        assertEquals(158, compare(size, "none", DataType.FLOAT64, 1e-7),
                "every weight, BatchNorm scale/shift and the head have a gradient");
    }

    @Test
    void frozenBatchNormsAreFoldedAndGradientsStillMatch() throws Exception {
        // stages up to 6 frozen (folded, no gradient); in stage 7 the last BatchNorm is frozen
        // under a trainable convolution, so the gradient has to pass through a folded kernel
        String freeze = "stem,stage1,stage2,stage3,stage4,stage5,stage6,stage7.block_16.project.bn";
        // trainable: stage7 expand conv+bn (3), depthwise conv+bn (3), project conv (1), top conv+bn (3), fc (2)
        assertEquals(12, compare(33, freeze, DataType.FLOAT64, 1e-7));
    }

    @Test
    void fullSizeFloat32InferenceMatches() throws Exception {
        // the size and precision Graft trains at: outputs (BatchNorm folded everywhere) agree
        assertEquals(2, compare(224, "backbone", DataType.FLOAT32, 1e-4), "only the head trains");
    }

    private int compare(int size, String freeze, DataType type, double tolerance) throws Exception {
        ArchitectureSpec spec = new BundledModel().spec().withFeatures(List.of("top"), "none", 1280)
                .withHead(List.of("a", "b", "c"), List.of(), 0f, size);
        try (LoadedNet ref = build(spec, MobileNetV2Builder.Ops.REFERENCE, type);
                LoadedNet fast = build(spec, MobileNetV2Builder.Ops.FAST, type);
                NDManager m = NDManager.newBaseManager()) {
            copy(pretrained.net().layers().tensors(), ref, false);
            copy(ref.net().layers().tensors(), fast, true); // the same random head as well
            for (LoadedNet n : List.of(ref, fast)) {
                FreezeApplier.apply(n.net(), FreezePlan.resolve(LayerTrees.paths(n.net()), n.net().stages(), freeze,
                        null, false));
            }
            Engine.getEngine("PyTorch").setRandomSeed(7);
            NDArray x = m.randomUniform(0, 1, new Shape(2, 3, size, size)).toType(type, false);

            double[] refInference = forward(ref, x, false);
            double[] fastInference = forward(fast, x, false);
            assertClose("inference logits", refInference, fastInference, tolerance);

            double[] refTraining = forwardBackward(ref, x);
            double[] fastTraining = forwardBackward(fast, x);
            assertClose("training logits", refTraining, fastTraining, tolerance);

            Map<String, Parameter> a = ref.net().layers().tensors();
            Map<String, Parameter> b = fast.net().layers().tensors();
            int gradients = 0;
            for (Map.Entry<String, Parameter> e : a.entrySet()) {
                NDArray ra = e.getValue().getArray();
                NDArray fa = b.get(e.getKey()).getArray();
                // running statistics moved by the training-mode pass
                assertClose(e.getKey(), values(ra), values(fa), tolerance);
                assertEquals(ra.hasGradient(), fa.hasGradient(), e.getKey());
                if (ra.hasGradient()) {
                    assertClose(e.getKey() + " gradient", values(ra.getGradient()), values(fa.getGradient()),
                            tolerance);
                    gradients++;
                }
            }
            return gradients;
        }
    }

    private static LoadedNet build(ArchitectureSpec spec, MobileNetV2Builder.Ops ops, DataType type) {
        Model model = Model.newInstance("ops-" + ops, Device.cpu(), "PyTorch");
        GraftNet net = MobileNetV2Builder.build(spec, null, ops);
        net.network().setInitializer(new XavierInitializer(), Parameter.Type.WEIGHT);
        model.setBlock(net.network());
        net.network().initialize(model.getNDManager(), type, new Shape(1, 3, spec.imageSize(),
                spec.imageSize()));
        return new LoadedNet(net, model);
    }

    private static void copy(Map<String, Parameter> from, LoadedNet to, boolean head) {
        for (Map.Entry<String, Parameter> e : to.net().layers().tensors().entrySet()) {
            if (head || !e.getKey().startsWith(GraftNet.HEAD + ".")) {
                NDArray target = e.getValue().getArray();
                target.set(from.get(e.getKey()).getArray().toType(target.getDataType(), false).toByteBuffer());
            }
        }
    }

    private static double[] forward(LoadedNet net, NDArray x, boolean training) {
        try (NDManager m = net.model().getNDManager().newSubManager()) {
            NDArray input = x.duplicate();
            input.attach(m);
            return values(net.net().network().forward(new ParameterStore(m, false), new NDList(input), training)
                    .singletonOrThrow());
        }
    }

    private static double[] values(NDArray a) {
        return a.toType(DataType.FLOAT64, false).toDoubleArray();
    }

    /** A training-mode pass (BatchNorm on batch statistics, moving its running ones) and its gradients. */
    private static double[] forwardBackward(LoadedNet net, NDArray x) {
        try (NDManager m = net.model().getNDManager().newSubManager();
                GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
            NDArray input = x.duplicate();
            input.attach(m);
            NDArray logits = net.net().network().forward(new ParameterStore(m, false), new NDList(input), true)
                    .singletonOrThrow();
            NDArray weights = m.create(new float[] {1f, -2f, 0.5f, 3f, -1f, 2f}, new Shape(2, 3))
                    .toType(logits.getDataType(), false);
            gc.backward(logits.mul(weights).sum());
            return values(logits);
        }
    }

    /** Max difference relative to the largest magnitude of the reference (at least 1). */
    private static void assertClose(String what, double[] expected, double[] actual, double tolerance) {
        assertEquals(expected.length, actual.length, what);
        double scale = 1;
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            scale = Math.max(scale, Math.abs(expected[i]));
            worst = Math.max(worst, Math.abs(expected[i] - actual[i]));
        }
        assertTrue(worst <= tolerance * scale, what + ": differs by " + worst + " (scale " + scale + ")");
    }
}
