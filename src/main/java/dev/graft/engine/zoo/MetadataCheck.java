package dev.graft.engine.zoo;

import ai.djl.repository.Artifact;
import java.net.URI;

/**
 * Checks a zoo artifact's metadata before DJL acts on it: the metadata comes from the network and
 * names the files DJL will write, so it must offer the artifact Graft expects, with plain file
 * names, http(s) addresses, sizes within reason and a checksum for every file (the zoo's, else the
 * one Graft recorded). Separate from {@link ZooDownloads} because it is the integrity gate in front
 * of the transfer: pure checks on what the server said, with no network or file access of its own.
 */
final class MetadataCheck {

    private static final long MAX_FILE_BYTES = 4L << 30;

    private MetadataCheck() {}

    /**
     * Checks the artifact DJL resolved for a backbone; files without a zoo checksum get Graft's.
     *
     * @param a the artifact the metadata offers, or null
     * @param b the backbone
     * @param metadataUrl where the metadata was read, for messages
     * @return the artifact
     * @throws RefusedMetadata with the reason, if it is refused
     */
    static Artifact check(Artifact a, ZooBackbone b, URI metadataUrl) throws RefusedMetadata {
        if (a == null || !b.artifactName().equals(a.getName())) {
            throw new RefusedMetadata("the metadata at " + metadataUrl + " has no artifact " + b.artifactName()
                    + (a == null ? "" : " (it offers " + a.getName() + " for " + b.filter() + ")"));
        }
        if (a.getFiles() == null || a.getFiles().isEmpty()) {
            throw new RefusedMetadata("the metadata of " + b.artifactName() + " lists no files");
        }
        for (Artifact.Item item : a.getFiles().values()) {
            String uri = item.getUri();
            if (uri == null || uri.isBlank()) {
                throw new RefusedMetadata("a file of " + b.artifactName() + " has no address");
            }
            URI u = URI.create(uri);
            if (u.isAbsolute() && !u.getScheme().equalsIgnoreCase("https") && !u.getScheme().equalsIgnoreCase("http")) {
                throw new RefusedMetadata("the metadata names a " + u.getScheme() + ": address (" + uri + "); only"
                        + " http(s) downloads are allowed");
            }
            String name = item.getName();
            boolean dirItem = "dir".equals(item.getType());
            if (name == null || (name.isEmpty() && !dirItem) || name.contains("/") || name.contains("\\")
                    || name.equals(".") || name.equals("..") || name.indexOf('\0') >= 0 || name.contains(":")) {
                throw new RefusedMetadata("the metadata names a file '" + name + "' that is not a plain file name");
            }
            if (item.getSize() <= 0 || item.getSize() > MAX_FILE_BYTES) {
                throw new RefusedMetadata("the metadata gives " + uri + " a size of " + item.getSize() + " bytes");
            }
            if (item.getSha1Hash() == null || item.getSha1Hash().isBlank()) {
                String file = uri.substring(uri.lastIndexOf('/') + 1);
                String recorded = b.files().stream().filter(f -> f.name().equals(file))
                        .map(ZooBackbone.RecordedFile::sha1).findFirst().orElse(null);
                if (recorded == null) {
                    throw new RefusedMetadata("the metadata has no checksum for " + uri + " and Graft recorded none;"
                            + " refusing a download that cannot be verified");
                }
                item.setSha1Hash(recorded); // DJL then checks the download against Graft's record
            }
        }
        return a;
    }
}
