package dev.graft.core.labelling;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/**
 * Which names can be class folders. A class name becomes a folder inside the dataset and a line
 * of the model's class list, so it must be one plain path segment that every common file system
 * accepts: nothing is ever written outside the dataset, and a dataset copied to another computer
 * still works.
 */
public final class ClassNames {

    /** Longest name in UTF-8 bytes (the common file-system limit for one segment). */
    public static final int MAX_BYTES = 255;

    /** Names Windows reserves for devices, with or without an extension. */
    private static final Set<String> RESERVED = Set.of("CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4",
            "COM5", "COM6", "COM7", "COM8", "COM9", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8",
            "LPT9", "CONIN$", "CONOUT$");

    /** Characters that separate paths or that Windows refuses in names. */
    private static final String FORBIDDEN = "/\\:*?\"<>|";

    private ClassNames() {}

    /**
     * Checks a class name.
     *
     * @param name the proposed name
     * @return null when the name is fine, otherwise why it is not (one sentence)
     */
    public static String problem(String name) {
        if (name == null || name.isEmpty()) {
            return "A class needs a name.";
        }
        if (name.isBlank()) {
            return "A class name cannot be only spaces.";
        }
        String shown = printable(name);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                return "The class name '" + shown + "' contains a line break or another control character.";
            }
            if (FORBIDDEN.indexOf(c) >= 0) {
                return "The class name '" + shown + "' contains '" + c + "': class names cannot contain any of "
                        + FORBIDDEN + " (they separate folders or are refused by Windows).";
            }
        }
        if (name.equals(".") || name.equals("..")) {
            return "'" + name + "' is not a class name: it means a folder itself or its parent.";
        }
        if (name.startsWith(".")) {
            return "The class name '" + shown + "' starts with a dot: the folder would be hidden and ignored.";
        }
        if (!name.equals(name.strip())) {
            return "The class name '" + shown + "' starts or ends with a space; remove it (Windows drops trailing"
                    + " spaces, so the folder would not be found).";
        }
        if (name.endsWith(".")) {
            return "The class name '" + shown + "' ends with a dot, which Windows drops from folder names.";
        }
        String base = name.contains(".") ? name.substring(0, name.indexOf('.')) : name;
        if (RESERVED.contains(base.strip().toUpperCase(Locale.ROOT))) {
            return "'" + name + "' is a device name that Windows reserves; choose another class name.";
        }
        if (name.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            return "The class name is too long (at most " + MAX_BYTES + " bytes).";
        }
        return null;
    }

    /**
     * Checks a class name and refuses a bad one.
     *
     * @param name the proposed name
     * @throws LabellingException with the reason
     */
    public static void require(String name) throws LabellingException {
        String problem = problem(name);
        if (problem != null) {
            throw new LabellingException(problem);
        }
    }

    /**
     * A name with control characters made visible, for messages.
     *
     * @param name any text
     * @return the text with line breaks and tabs escaped
     */
    public static String printable(String name) {
        StringBuilder out = new StringBuilder();
        for (char c : name.toCharArray()) {
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> out.append(Character.isISOControl(c) ? String.format(Locale.ROOT, "\\u%04x", (int) c)
                        : String.valueOf(c));
            }
        }
        return out.toString();
    }
}
