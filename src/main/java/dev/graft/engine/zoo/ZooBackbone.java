package dev.graft.engine.zoo;

import java.util.List;
import java.util.Map;

/**
 * An ImageNet classifier of DJL's PyTorch model zoo that Graft offers as a backbone. The sizes
 * and SHA-1 sums are those of DJL's published metadata (recorded here so the catalogue can show
 * them offline, and so a file whose metadata lacks a checksum is still verified); the metadata
 * fetched at download time is authoritative for what DJL downloads.
 *
 * @param id catalogue id ({@code djl:resnet18})
 * @param artifactId the zoo's artifact id ({@code resnet})
 * @param artifactName the artifact within it ({@code traced_resnet18})
 * @param filter DJL criteria filter that selects the artifact ({@code layers=18})
 * @param name display name
 * @param parameters parameter count of the TorchScript module
 * @param featureSize width of its output, which Graft's head reads
 * @param files recorded files: name in DJL's cache, download size and SHA-1 of the download
 * @param card what the model is, what its output means as features, and caveats
 */
public record ZooBackbone(
        String id,
        String artifactId,
        String artifactName,
        Map<String, String> filter,
        String name,
        long parameters,
        int featureSize,
        List<RecordedFile> files,
        String card) {

    /** Copies collections. */
    public ZooBackbone {
        filter = Map.copyOf(filter);
        files = List.copyOf(files);
    }

    /**
     * A file as DJL's metadata records it.
     *
     * @param name the item's name in the metadata's {@code uri}
     * @param size download size in bytes
     * @param sha1 SHA-1 of the downloaded bytes
     */
    public record RecordedFile(String name, long size, String sha1) {}

    /** @return recorded download size in bytes */
    public long recordedBytes() {
        return files.stream().mapToLong(RecordedFile::size).sum();
    }
}
