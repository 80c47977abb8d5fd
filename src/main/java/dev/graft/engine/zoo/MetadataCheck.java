package dev.graft.engine.zoo;

import ai.djl.repository.Artifact;
import dev.graft.engine.download.ArtifactCheck;
import dev.graft.engine.download.RefusedMetadata;
import java.net.URI;

/**
 * Checks a zoo artifact's metadata before DJL acts on it: it must offer the artifact Graft
 * expects, and its files must pass {@link ArtifactCheck} (plain file names, http(s) addresses,
 * sizes within reason, a checksum for every file: the zoo's, else the one Graft recorded).
 * Separate from {@link ZooDownloads} because it is the integrity gate in front of the transfer.
 */
final class MetadataCheck {

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
        return ArtifactCheck.checkFiles(a, b.artifactName(), file -> b.files().stream()
                .filter(f -> f.name().equals(file)).map(ZooBackbone.RecordedFile::sha1).findFirst().orElse(null));
    }
}
