package dev.graft.core.labelling;

import dev.graft.core.util.Plural;
import java.nio.file.Path;
import java.util.List;

/**
 * The status-bar sentences a {@link Labeller} action ends with: what was done, which dropped files
 * were duplicates or refused, what was renamed, and what an undo had to leave as it was. Kept apart
 * from the planning and the file work so that the wording (which tests and users read) is in one
 * place and the planners only count.
 */
final class ResultMessages {

    private final Path root;

    /**
     * Messages about a dataset.
     *
     * @param root the dataset folder (files in it are shown relative to it)
     */
    ResultMessages(Path root) {
        this.root = root;
    }

    /**
     * What an action did.
     *
     * @param performed true when an operation ran (false: nothing was added)
     * @param description the operation's description
     * @param duplicates dropped files not added because the dataset has their bytes
     * @param refused dropped files refused
     * @param renamed new names given so that nothing is overwritten
     * @return the message
     */
    String action(boolean performed, String description, List<Duplicate> duplicates, List<Refused> refused,
            List<Path> renamed) {
        StringBuilder m = new StringBuilder();
        m.append(performed ? capitalised(description) : "Nothing added").append('.');
        if (!duplicates.isEmpty()) {
            m.append(' ').append(images(duplicates.size())).append(" already in the dataset (same bytes), not added"
                    + " again: ");
            m.append(String.join(", ", duplicates.stream().limit(5).map(d -> d.dropped().getFileName() + " = "
                    + shown(d.existing())).toList())).append(duplicates.size() > 5 ? ", …" : "").append('.');
        }
        if (!refused.isEmpty()) {
            m.append(' ').append(refused.size()).append(refused.size() == 1 ? " file" : " files")
                    .append(" refused: ").append(String.join(", ", refused.stream().limit(5).map(r ->
                            r.file().getFileName() + " (" + r.reason() + ")").toList()))
                    .append(refused.size() > 5 ? ", …" : "").append('.');
        }
        if (!renamed.isEmpty()) {
            m.append(' ').append(renamed.size()).append(" renamed so that nothing is overwritten: ")
                    .append(names(renamed)).append('.');
        }
        if (performed) {
            m.append(" Ctrl+Z undoes it.");
        }
        return m.toString();
    }

    /**
     * What an undo or redo did.
     *
     * @param description the inverse operation's description
     * @param renamed files put back under a new name because theirs was taken again
     * @param notes files no longer where the undo expected them
     * @return the message
     */
    String reversal(String description, List<Path> renamed, List<String> notes) {
        return capitalised(description) + "."
                + (renamed.isEmpty() ? "" : " " + renamed.size() + " renamed because the name was taken again: "
                + names(renamed) + ".") + (notes.isEmpty() ? "" : " " + String.join("; ", notes) + ".");
    }

    /**
     * A count of images in words.
     *
     * @param n how many
     * @return "1 image", "3 images"
     */
    static String images(int n) {
        return Plural.of(n, "image");
    }

    private static String capitalised(String description) {
        return Character.toUpperCase(description.charAt(0)) + description.substring(1);
    }

    private String shown(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        return abs.startsWith(root) ? root.relativize(abs).toString() : p.toString();
    }

    private String names(List<Path> files) {
        return String.join(", ", files.stream().limit(5).map(this::shown).toList()) + (files.size() > 5 ? ", …" : "");
    }
}
