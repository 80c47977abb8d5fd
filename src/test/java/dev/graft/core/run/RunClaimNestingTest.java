package dev.graft.core.run;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run folder is never made inside another run's folder, and only a real run's claim counts. */
class RunClaimNestingTest {

    @TempDir
    Path tmp;

    @Test
    void insideARunTheRefusalNamesTheFolderAskedForOnce() throws Exception {
        RunClaim.claim(tmp.resolve("run"), "first").close();
        RunFolderException e = assertThrows(RunFolderException.class,
                () -> RunClaim.claimNew(tmp.resolve("run/sub"), "20261128-000000-second", "second"));
        assertTrue(e.getMessage().contains("20261128-000000-second is inside the run folder")
                && e.getMessage().contains("('first')"), e.getMessage());
        assertTrue(!Files.exists(tmp.resolve("run/sub")), "nothing was created");
    }

    @Test
    void aStrayFileWithTheClaimsNameDoesNotBlockRunsBelowIt() throws Exception {
        Files.writeString(tmp.resolve(RunFolder.OWNER), ""); // e.g. an empty file left in a home folder
        try (RunClaim c = RunClaim.claimNew(tmp.resolve("runs"), "20261128-000000-run", "run")) {
            assertTrue(Files.isDirectory(c.folder().dir()));
        }
    }
}
