package dev.graft.engine.download;

import ai.djl.repository.Artifact;
import java.net.URI;
import java.util.function.Function;

/**
 * Checks the files an artifact's metadata names before DJL's repository acts on it: the metadata
 * comes from the network and names the files DJL will write, so every file must have a plain file
 * name, an http(s) address, a size within reason and a checksum (the repository's, else the one
 * Graft recorded). Pure checks on what the server said, with no network or file access of its own;
 * shared by the model zoo's and the datasets' downloads.
 */
public final class ArtifactCheck {

    private static final long MAX_FILE_BYTES = 4L << 30;

    private ArtifactCheck() {}

    /**
     * Checks an artifact's files; files without a checksum in the metadata get Graft's record.
     *
     * @param a the artifact
     * @param what its name, for messages
     * @param recordedSha1 Graft's SHA-1 of a file, by the last segment of its address, or null
     * @return the artifact
     * @throws RefusedMetadata with the reason, if it is refused
     */
    public static Artifact checkFiles(Artifact a, String what, Function<String, String> recordedSha1)
            throws RefusedMetadata {
        if (a.getFiles() == null || a.getFiles().isEmpty()) {
            throw new RefusedMetadata("the metadata of " + what + " lists no files");
        }
        for (Artifact.Item item : a.getFiles().values()) {
            String uri = item.getUri();
            if (uri == null || uri.isBlank()) {
                throw new RefusedMetadata("a file of " + what + " has no address");
            }
            URI u;
            try {
                u = URI.create(uri);
            } catch (IllegalArgumentException e) {
                throw new RefusedMetadata("the metadata names an address that is not a URI: " + uri);
            }
            if (u.isAbsolute() && !u.getScheme().equalsIgnoreCase("https") && !u.getScheme().equalsIgnoreCase("http")) {
                throw new RefusedMetadata("the metadata names a " + u.getScheme() + ": address (" + uri + "); only"
                        + " http(s) downloads are allowed");
            }
            String name = item.getName();
            boolean dirItem = "dir".equals(item.getType());
            if (!plainName(name, dirItem)) {
                throw new RefusedMetadata("the metadata names a file '" + name + "' that is not a plain file name");
            }
            if (item.getSize() <= 0 || item.getSize() > MAX_FILE_BYTES) {
                throw new RefusedMetadata("the metadata gives " + uri + " a size of " + item.getSize() + " bytes");
            }
            if (item.getSha1Hash() == null || item.getSha1Hash().isBlank()) {
                String file = uri.substring(uri.lastIndexOf('/') + 1);
                String recorded = recordedSha1.apply(file);
                if (recorded == null) {
                    throw new RefusedMetadata("the metadata has no checksum for " + uri + " and Graft recorded none;"
                            + " refusing a download that cannot be verified");
                }
                item.setSha1Hash(recorded); // DJL then checks the download against Graft's record
            }
        }
        return a;
    }

    /**
     * Whether a name from the metadata is one plain file name (DJL resolves it inside its folder).
     *
     * @param name the name
     * @param emptyAllowed true where an empty name means "the folder itself" (an archive item)
     * @return true if it is
     */
    public static boolean plainName(String name, boolean emptyAllowed) {
        return name != null && (emptyAllowed || !name.isEmpty()) && !name.contains("/") && !name.contains("\\")
                && !name.equals(".") && !name.equals("..") && name.indexOf('\0') < 0 && !name.contains(":");
    }
}
