package dev.graft.engine.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The training worker's thread count follows the cores other programs leave free. */
class CoreShareTest {

    @Test
    void aBusyProgramOnOneOfTwoCoresLeavesOneThread() {
        assertEquals(2, CoreShare.threadsFor(2, 0.0, 2), "an idle machine: libtorch's default");
        assertEquals(2, CoreShare.threadsFor(2, 0.3, 2), "a little background work is not worth a thread");
        assertEquals(1, CoreShare.threadsFor(2, 0.8, 2), "a busy window or program takes a core");
        assertEquals(1, CoreShare.threadsFor(2, 1.9, 2), "never fewer than one");
        assertEquals(6, CoreShare.threadsFor(8, 2.0, 8));
        assertEquals(4, CoreShare.threadsFor(8, 0.0, 4), "never more than the default");
    }

    @Test
    void theMachinesAndThisProcesssCpuTimeAreReadFromProc() {
        if (!java.nio.file.Files.isReadable(java.nio.file.Path.of("/proc/self/stat"))) {
            return; // not Linux: the share changes nothing there
        }
        long before = CoreShare.ownTicks();
        long machineBefore = CoreShare.machineBusyTicks();
        long spin = System.nanoTime();
        double x = 0;
        while (System.nanoTime() - spin < 300_000_000L) {
            x += Math.sqrt(x + 1);
        }
        long after = CoreShare.ownTicks();
        assertTrue(x > 0);
        assertTrue(before >= 0 && after - before >= 10, "0.3 s of work is at least 10 ticks: " + (after - before));
        assertTrue(CoreShare.machineBusyTicks() - machineBefore >= after - before,
                "the machine's busy time includes this process's");
    }
}
