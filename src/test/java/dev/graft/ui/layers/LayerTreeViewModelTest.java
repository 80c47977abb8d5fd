package dev.graft.ui.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.core.model.FreezePlan;
import dev.graft.core.model.LayerNode;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The layer tree's choices, without a toolkit. */
class LayerTreeViewModelTest {

    private static LayerNode.Leaf leaf(String path, long weights, boolean bn) {
        List<LayerNode.Tensor> tensors = bn
                ? List.of(new LayerNode.Tensor("gamma", new long[] {weights}, false),
                        new LayerNode.Tensor("runningMean", new long[] {weights}, true))
                : List.of(new LayerNode.Tensor("weight", new long[] {weights}, false));
        return new LayerNode.Leaf(path, bn ? "batch_norm" : "conv", null, tensors);
    }

    private static LayerNode tree() {
        return LayerNode.tree(List.of(leaf("stem.conv", 100, false), leaf("stem.bn", 10, true),
                leaf("stage1.block_1.conv", 1000, false), leaf("stage1.block_10.conv", 1000, false),
                leaf("stage2.block_2.conv", 5000, false), leaf("head.fc", 50, false)), new FreezePlan(Set.of()));
    }

    private LayerTreeViewModel vm(boolean torchScript) {
        LayerTreeViewModel vm = new LayerTreeViewModel();
        vm.show(tree(), List.of("stem", "stage1", "stage2"), torchScript);
        return vm;
    }

    @Test
    void startsAsTheEnginesDefaultAndSaysSo() {
        LayerTreeViewModel vm = vm(false);
        assertEquals("last 2 stages", vm.defaultInWordsProperty().get());
        assertEquals("last 2 stages", vm.choiceInWords());
        assertEquals(TrainState.NONE, vm.state("stem"));
        assertEquals(TrainState.ALL, vm.state("stage1"));
        assertEquals(TrainState.ALL, vm.state("stage2"));
        assertEquals(2, vm.trainLastChoice(), "the run's recipe says what it is");
        assertEquals(7050, vm.trainableParametersProperty().get());
    }

    @Test
    void featureExtractorCountsWithoutBatchNormStatistics() {
        LayerTreeViewModel vm = vm(false);
        vm.featureExtractor();
        assertEquals("backbone", vm.freezeArgument());
        assertNull(vm.trainLastChoice());
        assertEquals("backbone", vm.freezeArgument());
        assertEquals("head only", vm.choiceInWords());
        assertEquals(50, vm.trainableParametersProperty().get());
        assertEquals("50 of 7,160 parameters will train (0.7 %) · head only", vm.summaryProperty().get());
        assertEquals(TrainState.PARTIAL, vm.state(""));
        assertEquals(TrainState.NONE, vm.state("stage1"));
    }

    @Test
    void checkingAStageChecksItsChildrenAndShowsPartialParents() {
        LayerTreeViewModel vm = vm(false);
        vm.featureExtractor();
        vm.setTrainable("stage1.block_10", true);
        assertEquals(TrainState.PARTIAL, vm.state("stage1"));
        assertEquals(TrainState.ALL, vm.state("stage1.block_10"));
        assertEquals("stem,stage1.block_1,stage2", vm.freezeArgument(), "block_1 prefix must not cover block_10");
        assertEquals("some layers of stage1 and head", vm.choiceInWords(), "the name says what trains");
        assertNull(vm.trainLastChoice());
        assertEquals(1050, vm.trainableParametersProperty().get());
        vm.setTrainable("stage1", true);
        assertEquals(TrainState.ALL, vm.state("stage1"));
        assertEquals("stem,stage2", vm.freezeArgument());
    }

    @Test
    void presetsMatchTheEnginesSemantics() {
        LayerTreeViewModel vm = vm(false);
        vm.trainLast(1);
        assertEquals(TrainState.ALL, vm.state("stage2"));
        assertEquals(TrainState.NONE, vm.state("stage1"));
        assertEquals(1, vm.trainLastChoice());
        vm.fullFineTuning();
        assertEquals("none", vm.freezeArgument());
        assertNull(vm.trainLastChoice());
        assertEquals(7160, vm.trainableParametersProperty().get());
        vm.defaultPreset();
        assertEquals("last 2 stages", vm.choiceInWords());
    }

    @Test
    void nothingToTrainIsAProblem() {
        LayerTreeViewModel vm = vm(false);
        vm.setTrainable("", false);
        assertNotNull(vm.problemProperty().get());
        vm.setTrainable("head", true);
        assertNull(vm.problemProperty().get());
    }

    @Test
    void torchScriptOffersOnlyExactChoices() {
        LayerTreeViewModel vm = vm(true);
        assertEquals("head only", vm.defaultInWordsProperty().get(), "partial freezing is not exact there");
        assertNull(vm.trainLastChoice());
        assertEquals("backbone", vm.freezeArgument());
        assertNotNull(vm.disabledReason("stage1"));
        assertNull(vm.disabledReason("head.fc"));
        assertNull(vm.problemProperty().get());
        vm.setTrainable("stage1", true);
        assertTrue(vm.problemProperty().get().contains("TorchScript"));
        vm.fullFineTuning();
        assertNull(vm.problemProperty().get());
    }

    @Test
    void whileLockedNoChoiceChangesAndEveryBoxSaysWhy() {
        LayerTreeViewModel vm = vm(false);
        long revision = vm.revisionProperty().get();
        vm.lockedProperty().set(true);
        assertTrue(vm.revisionProperty().get() > revision, "the tree is redrawn with disabled boxes");
        vm.featureExtractor();
        vm.fullFineTuning();
        vm.trainLast(1);
        vm.setTrainable("stem", true);
        assertEquals("last 2 stages", vm.choiceInWords(), "the choice the run trains with stays on screen");
        assertEquals(LayerTreeViewModel.LOCKED, vm.disabledReason("stage1"));
        assertEquals(LayerTreeViewModel.LOCKED, vm.disabledReason("head"));
        vm.lockedProperty().set(false);
        assertNull(vm.disabledReason("stage1"));
        vm.featureExtractor();
        assertEquals("head only", vm.choiceInWords());
    }
}
