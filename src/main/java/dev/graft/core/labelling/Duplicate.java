package dev.graft.core.labelling;

import java.nio.file.Path;

/**
 * A dropped file that was not added because the dataset already has the same bytes. A type of its
 * own (not nested in {@link Labeller}) because the drop planner that finds it and the messages that
 * name it must not depend on the labeller that uses them both.
 *
 * @param dropped the dropped file
 * @param existing the dataset's file with the same bytes
 */
public record Duplicate(Path dropped, Path existing) {}
