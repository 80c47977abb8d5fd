package dev.graft.ui.labelling;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javafx.scene.input.Dragboard;

/**
 * The files a drag from the file manager carries, with names the platform garbled found again. On
 * Linux a dropped file whose name has characters outside the Basic Multilingual Plane (an emoji)
 * can arrive with its non-ASCII bytes turned into other characters; it would then be refused as
 * "no such file". A path that does not exist is repaired one name at a time, from the root: first
 * by reading its characters as the UTF-8 bytes they were, then, if exactly one name in the folder
 * has the same ASCII characters in the same order, by that name. Nothing is guessed when two names
 * could match. Kept apart from {@link LabellingDrops} so that the repair is tested without a toolkit.
 */
public final class DroppedFiles {

    private DroppedFiles() {}

    /**
     * The files of a drop, repaired.
     *
     * @param db the drag board
     * @return the files
     */
    public static List<Path> of(Dragboard db) {
        return db.getFiles().stream().map(File::toPath).map(DroppedFiles::repaired).toList();
    }

    /**
     * A dropped path, repaired when it does not exist as given.
     *
     * @param p the path the platform gave
     * @return the path of the file the user dropped, or {@code p} itself when none is found
     */
    static Path repaired(Path p) {
        if (Files.exists(p) || !p.isAbsolute()) {
            return p;
        }
        Path at = p.getRoot();
        for (Path name : p) {
            Path next = at.resolve(name);
            if (!Files.exists(next)) {
                next = sibling(at, name.toString());
                if (next == null) {
                    return p;
                }
            }
            at = next;
        }
        return at;
    }

    /** The entry of a folder a garbled name stands for, or null. */
    private static Path sibling(Path dir, String garbled) {
        if (garbled.chars().allMatch(c -> c <= 0xFF)) {
            Path asUtf8 = dir.resolve(new String(garbled.getBytes(StandardCharsets.ISO_8859_1),
                    StandardCharsets.UTF_8));
            if (Files.exists(asUtf8)) {
                return asUtf8;
            }
        }
        String skeleton = ascii(garbled);
        try (Stream<Path> entries = Files.list(dir)) {
            List<Path> matches = entries.filter(e -> !e.getFileName().toString().equals(garbled)
                    && ascii(e.getFileName().toString()).equals(skeleton)).limit(2).toList();
            return matches.size() == 1 && !skeleton.isBlank() ? matches.get(0) : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** The printable ASCII characters of a name, others (and '?', a common stand-in) left out. */
    private static String ascii(String name) {
        StringBuilder out = new StringBuilder();
        name.chars().filter(c -> c >= 0x20 && c < 0x7F && c != '?').forEach(c -> out.append((char) c));
        return out.toString();
    }
}
