package dev.graft.core.model;

/**
 * One model of the catalogue, as {@code graft models} and the model browser show it.
 *
 * @param id what {@code --model} accepts
 * @param name display name
 * @param architecture architecture family
 * @param parameters number of parameters (tensor elements, BatchNorm statistics included)
 * @param inputSize input side length in pixels
 * @param source where the weights come from
 * @param license licence of the weights
 * @param downloadSizeBytes bytes to download (0 when bundled, local or already downloaded)
 * @param availableOffline whether it can be used now without network
 * @param kind {@code bundled}, {@code zoo} or {@code local}
 * @param isDefault whether it is the default model ({@code "default"} in JSON)
 * @param card a short model card: provenance, input size, normalisation, licence, caveats
 * @param status {@code bundled}, {@code local}, or for zoo models {@code cached},
 *     {@code downloadable}, {@code not downloaded}, {@code unavailable offline} or {@code corrupt}
 * @param statusDetail in words: where a cached model is, or exactly what is missing and why
 */
public record CatalogueEntry(
        String id,
        String name,
        String architecture,
        long parameters,
        int inputSize,
        String source,
        String license,
        long downloadSizeBytes,
        boolean availableOffline,
        String kind,
        @com.google.gson.annotations.SerializedName("default") boolean isDefault,
        String card,
        String status,
        String statusDetail) {

    /** Status of a zoo model that is downloaded and verified. */
    public static final String CACHED = "cached";

    /**
     * An entry whose status follows from its kind (bundled and local models are always there).
     *
     * @param id id
     * @param name name
     * @param architecture architecture
     * @param parameters parameters
     * @param inputSize input size
     * @param source source
     * @param license licence
     * @param downloadSizeBytes download size
     * @param availableOffline available offline
     * @param kind kind
     * @param isDefault default
     * @param card card
     */
    public CatalogueEntry(String id, String name, String architecture, long parameters, int inputSize, String source,
            String license, long downloadSizeBytes, boolean availableOffline, String kind, boolean isDefault,
            String card) {
        this(id, name, architecture, parameters, inputSize, source, license, downloadSizeBytes, availableOffline,
                kind, isDefault, card, kind, null);
    }

    /**
     * The same model with another availability (after a download, a network check, a failure).
     *
     * @param newStatus the status word
     * @param detail what it means here
     * @param usable whether it can be used without a download
     * @param bytes bytes still to download
     * @return the entry
     */
    public CatalogueEntry withStatus(String newStatus, String detail, boolean usable, long bytes) {
        return new CatalogueEntry(id, name, architecture, parameters, inputSize, source, license, bytes, usable, kind,
                isDefault, card, newStatus, detail);
    }

    /** @return true for a zoo model that must be downloaded before use */
    public boolean needsDownload() {
        return "zoo".equals(kind) && !availableOffline;
    }
}
