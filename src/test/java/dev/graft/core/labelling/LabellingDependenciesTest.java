package dev.graft.core.labelling;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The classes of the labelling package depend on each other in one direction only: the labeller
 * uses its planners and runner, the planners never use the labeller, recovery uses the runner and
 * not the other way round. A circle would make each class impossible to read, test or change
 * without the other. Checked on the sources (comments and strings left out).
 */
class LabellingDependenciesTest {

    private static final Path PACKAGE = Path.of("src/main/java/dev/graft/core/labelling");

    @Test
    void noClassOfTheLabellingPackageDependsOnItselfThroughOthers() throws IOException {
        Map<String, Set<String>> uses = uses();
        List<String> circles = new ArrayList<>();
        for (String from : uses.keySet()) {
            List<String> path = circleThrough(from, uses);
            if (path != null) {
                circles.add(String.join(" → ", path));
            }
        }
        assertEquals(List.of(), circles);
    }

    /** Which classes of the package each class names in its code. */
    private static Map<String, Set<String>> uses() throws IOException {
        Map<String, String> code = new TreeMap<>();
        try (Stream<Path> files = Files.list(PACKAGE)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String name = f.getFileName().toString().replace(".java", "");
                code.put(name, Files.readString(f).replaceAll("\"(?:\\\\.|[^\"\\\\])*\"", "\"\"")
                        .replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\\n]*", ""));
            }
        }
        Map<String, Set<String>> out = new TreeMap<>();
        for (var e : code.entrySet()) {
            Set<String> used = new HashSet<>();
            for (String other : code.keySet()) {
                if (!other.equals(e.getKey()) && Pattern.compile("\\b" + other + "\\b").matcher(e.getValue()).find()) {
                    used.add(other);
                }
            }
            out.put(e.getKey(), used);
        }
        return out;
    }

    /** A path from a class back to itself, or null. */
    private static List<String> circleThrough(String start, Map<String, Set<String>> uses) {
        Map<String, String> cameFrom = new HashMap<>();
        List<String> queue = new ArrayList<>(List.of(start));
        for (int i = 0; i < queue.size(); i++) {
            String at = queue.get(i);
            for (String next : uses.getOrDefault(at, Set.of())) {
                if (next.equals(start)) {
                    List<String> path = new ArrayList<>(List.of(start));
                    for (String s = at; s != null && !s.equals(start); s = cameFrom.get(s)) {
                        path.add(1, s);
                    }
                    path.add(start);
                    return path;
                }
                if (!cameFrom.containsKey(next) && !next.equals(start)) {
                    cameFrom.put(next, at);
                    queue.add(next);
                }
            }
        }
        return null;
    }
}
