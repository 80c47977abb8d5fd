package dev.graft.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Every file and folder under a root with its content hash: equal snapshots mean nothing changed. */
public final class FolderSnapshot {

    private FolderSnapshot() {}

    /**
     * Takes a snapshot.
     *
     * @param root the folder
     * @return relative path → "dir" or the SHA-256 of the file's bytes
     * @throws Exception on failure
     */
    public static Map<String, String> of(Path root) throws Exception {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.toList()) {
                String rel = root.relativize(p).toString();
                out.put(rel, Files.isDirectory(p) ? "dir" : HexFormat.of().formatHex(
                        MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p))));
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }
}
