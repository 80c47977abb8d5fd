package dev.graft.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A run's name and first line say exactly what trains in which phase. */
class TrainingScopeTest {

    private static final List<String> STAGES = List.of("stem", "stage1", "stage2", "stage3");
    private static final List<String> LAYERS = List.of("stem.conv", "stage1.a", "stage1.b", "stage2.a", "stage3.a",
            "head.fc");

    private static TrainingScope scope(String freeze, Integer trainLast, int probe) throws FreezeException {
        return TrainingScope.of(LAYERS, STAGES, FreezePlan.resolve(LAYERS, STAGES, freeze, trainLast, false), probe,
                30);
    }

    @Test
    void presetsAreNamedAsTheLayersTabNamesThem() throws FreezeException {
        assertEquals("head only", scope("backbone", null, 30).name());
        assertEquals("Stem–stage3 stay frozen. Only the head trains, for 30 epochs.",
                scope("backbone", null, 30).sentence());
        assertEquals("last 2 stages", scope(null, 2, 30).name());
        assertEquals("last 2 stages", scope("auto", null, 30).name(), "auto is resolved on the model");
        assertEquals("Stem, stage1 stay frozen. First the new head trains alone for 30 epochs (warm-up); then"
                + " stage2, stage3 and the head train for 30 epochs.", scope(null, 2, 30).sentence());
        assertEquals("full fine-tuning", scope("none", null, 30).name());
    }

    @Test
    void aFrozenHeadIsSaidInTheNameAndTheSentence() throws FreezeException {
        // the default (last 2 stages) with stage3 and the head unticked on the tree
        Set<String> frozen = new LinkedHashSet<>(List.of("stem.conv", "stage1.a", "stage1.b", "stage3.a", "head.fc"));
        TrainingScope s = TrainingScope.of(LAYERS, STAGES, new FreezePlan(frozen), 30, 30);
        assertEquals("stage2, head fixed after warm-up", s.name());
        assertEquals("Stem, stage1, stage3 stay frozen. First the new head trains alone for 30 epochs (warm-up);"
                + " then stage2 trains for 30 epochs, while the head stays as the warm-up left it.", s.sentence());
    }

    @Test
    void partOfAStageIsNamedAsSuch() throws FreezeException {
        List<String> frozen = new ArrayList<>(List.of("stem.conv", "stage1.a", "stage2.a", "stage3.a"));
        TrainingScope s = TrainingScope.of(LAYERS, STAGES, new FreezePlan(Set.copyOf(frozen)), 0, 5);
        assertEquals("some layers of stage1 and head", s.name());
        assertEquals("Stem, stage2, stage3 stay frozen. Some layers of stage1 and the head train for 5 epochs.",
                s.sentence());
    }
}
