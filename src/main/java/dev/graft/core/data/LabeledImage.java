package dev.graft.core.data;

import java.nio.file.Path;

/**
 * One usable image of a dataset and the index of its class.
 *
 * @param file the image file
 * @param label index into the dataset's class list
 */
public record LabeledImage(Path file, int label) {}
