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
 * @param downloadSizeBytes bytes to download (0 when bundled or local)
 * @param availableOffline whether it can be used without network
 * @param kind {@code bundled}, {@code zoo} or {@code local}
 * @param isDefault whether it is the default model ({@code "default"} in JSON)
 * @param card a short model card: provenance, preprocessing, caveats
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
        String card) {}
