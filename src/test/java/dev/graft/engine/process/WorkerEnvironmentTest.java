package dev.graft.engine.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The allocator settings a training worker gets, and a user's own settings on top. */
class WorkerEnvironmentTest {

    @Test
    void aUsersOwnGlibcTunablesComeLastSoTheyWin() {
        assertEquals(WorkerEnvironment.MALLOC_TUNABLES, WorkerEnvironment.of(false, null).get("GLIBC_TUNABLES"));
        assertEquals(WorkerEnvironment.MALLOC_TUNABLES, WorkerEnvironment.of(false, " ").get("GLIBC_TUNABLES"));
        assertEquals(WorkerEnvironment.MALLOC_TUNABLES + ":glibc.malloc.trim_threshold=0",
                WorkerEnvironment.of(false, "glibc.malloc.trim_threshold=0").get("GLIBC_TUNABLES"));
    }

    @Test
    void aProcessIsRecognisedAsHavingTheWorkersEnvironmentOnlyWithBothVariables() {
        assertTrue(WorkerEnvironmentRelaunch.hasWorkerEnvironment(WorkerEnvironment.of(false, null)));
        assertTrue(WorkerEnvironmentRelaunch.hasWorkerEnvironment(WorkerEnvironment.of(false, "glibc.malloc.trim_threshold=0")));
        assertFalse(WorkerEnvironmentRelaunch.hasWorkerEnvironment(Map.of()));
        assertFalse(WorkerEnvironmentRelaunch.hasWorkerEnvironment(WorkerEnvironment.FAST_ALLOCATION));
        assertFalse(WorkerEnvironmentRelaunch.hasWorkerEnvironment(
                Map.of("GLIBC_TUNABLES", WorkerEnvironment.MALLOC_TUNABLES)));
    }

    @Test
    void theRelaunchedChildKeepsTheJvmOptionsButNotADebugger() {
        List<String> cmd = WorkerEnvironmentRelaunch.command(
                List.of("-Xmx3g", "-agentlib:jdwp=transport=dt_socket,server=y,address=5005"), "Main", List.of("bench"));
        assertTrue(cmd.contains("-Xmx3g"));
        assertFalse(cmd.stream().anyMatch(o -> o.contains("jdwp")), cmd.toString());
        assertTrue(cmd.contains("-D" + WorkerEnvironmentRelaunch.PARENT + "=" + ProcessHandle.current().pid()));
        assertEquals(List.of("Main", "bench"), cmd.subList(cmd.size() - 2, cmd.size()));
    }
}
