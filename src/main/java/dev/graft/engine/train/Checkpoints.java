package dev.graft.engine.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Retention of a run's epoch checkpoints (each is a full model folder, several MB). */
final class Checkpoints {

    private Checkpoints() {}

    /**
     * Deletes all but the newest complete epoch checkpoints. Only folders named {@code epoch-NNNN}
     * (which Graft wrote) are touched; {@code -partial} checkpoints of stopped runs are kept.
     *
     * @param dir the run's checkpoints folder
     * @param keep how many to keep
     * @throws IOException if a folder cannot be deleted
     */
    static void prune(Path dir, int keep) throws IOException {
        List<Path> complete;
        try (Stream<Path> s = Files.list(dir)) {
            complete = s.filter(p -> p.getFileName().toString().matches("epoch-\\d{4}"))
                    .sorted(Comparator.comparing(p -> p.getFileName().toString())).toList();
        }
        for (Path old : complete.subList(0, Math.max(0, complete.size() - keep))) {
            try (Stream<Path> files = Files.walk(old)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
