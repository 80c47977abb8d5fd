package dev.graft.core.labelling;

import java.nio.file.Path;

/**
 * A dropped file that was refused, and why. A type of its own (not nested in {@link Labeller}) for
 * the same reason as {@link Duplicate}: the planners and messages that use it sit below the labeller.
 *
 * @param file the dropped file
 * @param reason why it was not added, in words
 */
public record Refused(Path file, String reason) {}
