package dev.graft.core.data;

import dev.graft.core.util.AtomicFiles;
import dev.graft.core.util.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What a dataset folder is, when Graft made or ships it: which published set it comes from, and
 * whether it is that set's official training or test split. Kept in a small hidden file in the
 * folder ({@value #FILE}); the scanner ignores hidden files, so it never becomes a class or an
 * image. The Dataset tab, training and {@code graft check} read it to say "this is a test set:
 * choose recipes on validation data, score this once". A folder without the file is simply a
 * user's folder.
 *
 * @param dataset the set's id ({@code cifar10})
 * @param title its name for people ({@code CIFAR-10})
 * @param split {@value #TRAIN} or {@value #TEST}
 * @param images how many images Graft wrote into the folder
 * @param licence the set's licence in words
 * @param source where the set comes from (its home page)
 * @param otherSplit the folder name of the other split beside this one, or null
 */
public record DatasetInfo(String dataset, String title, String split, int images, String licence, String source,
        String otherSplit) {

    /** The marker file's name. */
    public static final String FILE = ".graft-dataset.json";
    /** The training split. */
    public static final String TRAIN = "train";
    /** The test split: report it once, never choose on it. */
    public static final String TEST = "test";

    /** @return true for an official test split */
    public boolean isTestSet() {
        return TEST.equals(split);
    }

    /**
     * The note shown with a test split wherever it is opened, checked or trained on.
     *
     * @return the note, or null for a training split
     */
    public String testSetNote() {
        if (!isTestSet()) {
            return null;
        }
        return "this folder is the official test split of " + title + ": choose recipes on the validation"
                + " split of " + (otherSplit == null ? "the training folder" : otherSplit) + ", then score the"
                + " chosen model on this folder once (graft eval --data <this folder>)";
    }

    /**
     * Reads a folder's marker.
     *
     * @param folder a dataset folder
     * @return its marker; empty when there is none or it cannot be read (it only informs)
     */
    public static Optional<DatasetInfo> read(Path folder) {
        if (folder == null || !Files.isRegularFile(folder.resolve(FILE))) {
            return Optional.empty();
        }
        Path file = folder.resolve(FILE);
        try {
            DatasetInfo info = Json.PRETTY.fromJson(Files.readString(file), DatasetInfo.class);
            return info == null || info.split() == null || info.title() == null ? Optional.empty()
                    : Optional.of(info);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Writes the marker into a folder (atomically).
     *
     * @param folder the dataset folder
     * @throws IOException if it cannot be written
     */
    public void write(Path folder) throws IOException {
        AtomicFiles.writeString(folder.resolve(FILE), Json.PRETTY.toJson(this) + "\n");
    }
}
