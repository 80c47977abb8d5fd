package dev.graft.engine.net;

import ai.djl.ndarray.NDArray;
import dev.graft.core.model.ArchitectureSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * Training continues a model's own classifier when the model already knows some of the dataset's
 * classes: an imported Teachable Machine project, or a model Graft trained. The head keeps its
 * hidden layers, and its last layer keeps the rows (weights and bias) of the classes it knows;
 * classes it does not know get new rows, classes the dataset lacks are dropped. So "more images",
 * "more classes" and "deeper fine-tuning" all start from what the model already does.
 *
 * <p>It applies when the model is a model or run folder with a trained head, the features feeding
 * the head are unchanged (same taps, same width), at least one class name is shared, and
 * {@code --head-hidden} is left at its default or names the model's own hidden sizes. Otherwise
 * the model gets a new head, as before.
 */
public final class HeadContinuation {

    /** Graft's tensor names of the head's last layer. */
    private static final String FC = GraftNet.HEAD + ".fc.";

    private HeadContinuation() {}

    /**
     * The hidden sizes the new head gets.
     *
     * @param base the spec of the model training starts from
     * @param trained whether that model is a folder of a trained or imported classifier (a catalogue
     *     backbone's head is never continued)
     * @param tapped its spec with the run's feature taps
     * @param classes the dataset's classes
     * @param recipeHidden {@code --head-hidden} (empty by default)
     * @return the base's hidden sizes when its head continues, else the recipe's
     */
    public static List<Integer> hidden(ArchitectureSpec base, boolean trained, ArchitectureSpec tapped,
            List<String> classes, List<Integer> recipeHidden) {
        boolean continues = trained && sameFeatures(base, tapped) && shared(base.classes(), classes) > 0
                && (recipeHidden.isEmpty() || recipeHidden.equals(base.headHidden()));
        return continues ? base.headHidden() : recipeHidden;
    }

    /**
     * Whether a new network's head continues the base's (the base's classes are not all the same).
     *
     * @param base the base model's spec
     * @param spec the new network's spec
     * @return true when rows are carried over by class name
     */
    public static boolean applies(ArchitectureSpec base, ArchitectureSpec spec) {
        return sameFeatures(base, spec) && base.headHidden().equals(spec.headHidden())
                && shared(base.classes(), spec.classes()) > 0 && !base.classes().equals(spec.classes());
    }

    /**
     * Copies one head tensor: hidden layers whole, the last layer's rows by class name.
     *
     * @param name the tensor's full name ({@code head.fc.weight}, …)
     * @param from the base's tensor
     * @param to the new tensor (fresh rows stay as initialised)
     * @param base the base's classes
     * @param classes the new classes
     */
    public static void copy(String name, NDArray from, NDArray to, List<String> base, List<String> classes) {
        if (!name.startsWith(FC)) {
            if (from.getShape().equals(to.getShape())) {
                to.set(from.toByteBuffer());
            }
            return;
        }
        // rows are copied on the host and written back whole: an indexed in-place write into a
        // parameter that already records gradients is refused by libtorch
        float[] target = to.toFloatArray();
        float[] source = from.toFloatArray();
        int rowLength = (int) (to.size() / Math.max(1, to.getShape().get(0)));
        for (int row = 0; row < classes.size(); row++) {
            int old = base.indexOf(classes.get(row));
            if (old >= 0) {
                System.arraycopy(source, old * rowLength, target, row * rowLength, rowLength);
            }
        }
        to.set(target);
    }

    /**
     * What continuing means for a run, in words.
     *
     * @param base the base's classes
     * @param classes the dataset's classes
     * @return e.g. "its head continues: 3 known classes kept, new: bird"
     */
    public static String describe(List<String> base, List<String> classes) {
        List<String> added = new ArrayList<>();
        for (String c : classes) {
            if (!base.contains(c)) {
                added.add(c);
            }
        }
        List<String> dropped = new ArrayList<>();
        for (String c : base) {
            if (!classes.contains(c)) {
                dropped.add(c);
            }
        }
        return "the model's own head continues: " + shared(base, classes) + " known classes keep their weights"
                + (added.isEmpty() ? "" : "; new classes: " + String.join(", ", added))
                + (dropped.isEmpty() ? "" : "; dropped (not in the dataset): " + String.join(", ", dropped));
    }

    private static boolean sameFeatures(ArchitectureSpec a, ArchitectureSpec b) {
        return a.architecture().equals(b.architecture()) && a.featureTaps().equals(b.featureTaps())
                && a.featureSize() == b.featureSize() && a.tapNormalization().equals(b.tapNormalization())
                && !(ArchitectureSpec.KERAS.equals(a.architecture()) && a.classes().equals(List.of("output")));
    }

    private static int shared(List<String> a, List<String> b) {
        int n = 0;
        for (String c : a) {
            if (b.contains(c)) {
                n++;
            }
        }
        return n;
    }
}
