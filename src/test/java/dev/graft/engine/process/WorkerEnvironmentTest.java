package dev.graft.engine.process;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
