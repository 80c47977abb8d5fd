package dev.graft.ui.dataset;

import java.nio.file.Path;
import java.util.List;

/**
 * One class of the open dataset.
 *
 * @param name class name
 * @param images usable images
 * @param samples a few images for thumbnails
 * @param warning a warning about this class, or null
 */
public record ClassRow(String name, int images, List<Path> samples, String warning) {}
