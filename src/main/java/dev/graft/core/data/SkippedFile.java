package dev.graft.core.data;

import java.nio.file.Path;

/**
 * A file under a dataset folder that Graft will not use, with the reason a user can act on.
 *
 * @param file the file, as found under the dataset root
 * @param reason why it was skipped, in words ("not an image", "truncated image data", …)
 */
public record SkippedFile(Path file, String reason) {

    /** The reason given for a file whose format no image reader recognises. */
    public static final String NOT_AN_IMAGE = "not an image (unrecognised format)";

    /** @return true when the file is not an image at all (rather than a broken or unreadable one) */
    public boolean notAnImage() {
        return NOT_AN_IMAGE.equals(reason);
    }
}
