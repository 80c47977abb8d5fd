package dev.graft.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FreezePlanTest {

    private static final List<String> LAYERS = List.of("stem.conv", "stem.bn", "stage1.block_1.conv",
            "stage1.block_10.conv", "stage2.block_2.conv", "head.fc");
    private static final List<String> STAGES = List.of("stem", "stage1", "stage2");

    @Test
    void backboneFreezesEverythingButTheHead() throws Exception {
        FreezePlan plan = FreezePlan.resolve(LAYERS, STAGES, "backbone", null, false);
        assertEquals(5, plan.frozen().size());
        assertFalse(plan.isFrozen("head.fc"));
    }

    @Test
    void prefixesMatchWholeSegments() throws Exception {
        FreezePlan plan = FreezePlan.resolve(LAYERS, STAGES, "stem,stage1.block_1", null, false);
        assertTrue(plan.isFrozen("stem.bn"));
        assertTrue(plan.isFrozen("stage1.block_1.conv"));
        assertFalse(plan.isFrozen("stage1.block_10.conv"), "block_1 must not match block_10");
    }

    @Test
    void trainLastCountsStagesFromTheEnd() throws Exception {
        FreezePlan plan = FreezePlan.resolve(LAYERS, STAGES, null, 1, false);
        assertTrue(plan.isFrozen("stage1.block_10.conv"));
        assertFalse(plan.isFrozen("stage2.block_2.conv"));
        assertFalse(plan.isFrozen("head.fc"));
        assertThrows(FreezeException.class, () -> FreezePlan.resolve(LAYERS, STAGES, null, 4, false));
    }

    @Test
    void autoTrainsTheLastStagesWhereTheBackboneAllowsIt() throws Exception {
        List<String> fourStages = List.of("stem", "stage1", "stage2", "stage3");
        List<String> layers = List.of("stem.conv", "stage1.conv", "stage2.conv", "stage3.conv", "head.fc");
        FreezePlan plan = FreezePlan.resolve(layers, fourStages, FreezePlan.AUTO, null, false);
        assertEquals(FreezePlan.resolve(layers, fourStages, null, FreezePlan.AUTO_TRAIN_LAST, false), plan);
        assertTrue(plan.isFrozen("stage1.conv"));
        assertFalse(plan.isFrozen("stage2.conv"));
        FreezePlan headOnly = FreezePlan.resolve(layers, fourStages, "backbone", null, false);
        assertEquals(headOnly, FreezePlan.resolve(layers, fourStages, FreezePlan.AUTO, null, true),
                "TorchScript: only the head, not an error");
        List<String> small = List.of("stem.conv", "stage1.conv", "head.fc");
        assertEquals(Set.of("stem.conv", "stage1.conv"), FreezePlan.resolve(small, List.of("stem", "stage1"),
                FreezePlan.AUTO, null, false).frozen(), "no more stages than AUTO trains: the head only");
    }

    @Test
    void unknownPrefixAndNothingToTrainAreErrors() {
        FreezeException unknown = assertThrows(FreezeException.class,
                () -> FreezePlan.resolve(LAYERS, STAGES, "stage9", null, false));
        assertTrue(unknown.getMessage().contains("stage9"));
        assertThrows(FreezeException.class, () -> FreezePlan.resolve(LAYERS, STAGES, "stem,stage1,stage2,head",
                null, false));
    }

    @Test
    void wholeModuleFormatsOnlyAllowAllOrNothing() throws Exception {
        FreezePlan.resolve(LAYERS, STAGES, "backbone", null, true);
        FreezePlan.resolve(LAYERS, STAGES, "none", null, true);
        FreezeException e = assertThrows(FreezeException.class,
                () -> FreezePlan.resolve(LAYERS, STAGES, "stem", null, true));
        assertTrue(e.getMessage().contains("TorchScript"));
    }
}
