package dev.graft.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Makes a folder really read-only, also for root (who ignores permissions): as root with the
 * immutable attribute ({@code chattr +i}), otherwise by permissions.
 */
public final class ReadOnly implements AutoCloseable {

    private static final boolean ROOT = "root".equals(System.getProperty("user.name"));

    private final Path dir;

    private ReadOnly(Path dir) {
        this.dir = dir;
    }

    /**
     * Makes a folder read-only until closed.
     *
     * @param dir the folder
     * @return the handle; close it to make the folder writable again
     * @throws Exception if the folder cannot be made read-only
     */
    public static ReadOnly make(Path dir) throws Exception {
        if (ROOT) {
            run("chattr", "+i", dir.toString());
        } else {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-xr-xr-x"));
        }
        if (Files.isWritable(dir) && canCreateIn(dir)) {
            throw new IllegalStateException(dir + " is still writable");
        }
        return new ReadOnly(dir);
    }

    private static boolean canCreateIn(Path dir) {
        try {
            Files.delete(Files.createTempFile(dir, "probe", ".tmp"));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + ": " + out);
        }
    }

    @Override
    public void close() throws Exception {
        if (ROOT) {
            run("chattr", "-i", dir.toString());
        } else {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }
}
