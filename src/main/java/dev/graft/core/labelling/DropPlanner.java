package dev.graft.core.labelling;

import dev.graft.core.labelling.OperationPlanner.Plan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Plans a drop from the file manager: folders are expanded to every file below them, files that
 * are not images are refused, files whose bytes the dataset already has are flagged and left out,
 * and dropped files that are already in the dataset are relabelled (moved) rather than added. It
 * is separate from {@link OperationPlanner} because only a drop brings in files from outside, and
 * with them the refusals and the duplicate search; like it, it plans and changes nothing.
 */
final class DropPlanner {

    private final Path root;
    private final OperationPlanner planner;
    private final DuplicateIndex duplicatesIndex;

    /**
     * A planner for drops on a dataset; it remembers the hashes of the dataset's files between drops.
     *
     * @param root the dataset folder (absolute, links resolved)
     * @param planner the planner of moves within the dataset
     */
    DropPlanner(Path root, OperationPlanner planner) {
        this.root = root;
        this.planner = planner;
        this.duplicatesIndex = new DuplicateIndex(root);
    }

    /**
     * Plans adding dropped files and folders.
     *
     * @param dropped files and folders
     * @param cls the class (created if new), or null for the inbox
     * @param move true to move the files in, false to copy them
     * @return the plan
     * @throws LabellingException if the class name is invalid
     */
    Plan add(List<Path> dropped, String cls, boolean move) throws LabellingException {
        Path target = planner.targetFolder(cls);
        String id = OperationPlanner.newId();
        List<Step> steps = new ArrayList<>();
        if (cls != null && !Files.isDirectory(target)) {
            steps.add(Step.mkdir(target));
        }
        List<Refused> refused = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        for (Path p : dropped) {
            expand(p.toAbsolutePath().normalize(), files, refused);
        }
        List<Path> internal = new ArrayList<>();
        List<Path> external = new ArrayList<>();
        for (Path f : files) {
            (DatasetFiles.canonical(f).startsWith(root) ? internal : external).add(f);
        }
        List<Duplicate> duplicates = new ArrayList<>();
        List<Path> renamed = new ArrayList<>();
        Set<String> taken = new HashSet<>();
        Map<Long, List<Path>> bySize = external.isEmpty() ? Map.of() : duplicatesIndex.sizesInDataset();
        Map<String, Path> planned = new HashMap<>();
        int moved = 0;
        int copied = 0;
        for (Path f : external) {
            String why = ImageFiles.refusal(f);
            if (why != null) {
                refused.add(new Refused(f, why));
                continue;
            }
            try {
                long size = Files.size(f);
                String sha = Hashes.sha256(f);
                Path same = planned.containsKey(sha) ? planned.get(sha)
                        : duplicatesIndex.existingWith(bySize.get(size), sha);
                if (same != null) {
                    duplicates.add(new Duplicate(f, same));
                    continue;
                }
                Path to = DatasetFiles.freeName(target, f.getFileName().toString(), taken);
                if (!to.getFileName().equals(f.getFileName())) {
                    renamed.add(to);
                }
                planned.put(sha, f);
                if (move) {
                    steps.add(Step.move(f, to, size, sha));
                    moved++;
                } else {
                    steps.add(Step.copy(f, to, size, sha));
                    copied++;
                }
            } catch (IOException e) {
                refused.add(new Refused(f, "unreadable: " + e.getMessage()));
            }
        }
        int relabelled = planner.planMoves(internal, target, steps, taken, renamed);
        String where = cls == null ? "the inbox" : "'" + cls + "'";
        List<String> parts = new ArrayList<>();
        if (copied > 0) {
            parts.add("copied " + ResultMessages.images(copied) + " into " + where);
        }
        if (moved > 0) {
            parts.add("moved " + ResultMessages.images(moved) + " into " + where);
        }
        if (relabelled > 0) {
            parts.add("relabelled " + ResultMessages.images(relabelled) + " already in the dataset as " + where);
        }
        String description = parts.isEmpty() ? "add nothing to " + where : String.join(", ", parts);
        return new Plan(id, description, steps, duplicates, refused, renamed);
    }

    private void expand(Path p, List<Path> files, List<Refused> refused) {
        if (Files.isDirectory(p)) {
            Path real = DatasetFiles.canonical(p);
            if (real.equals(root) || root.startsWith(real)) {
                refused.add(new Refused(p, "the dataset itself, or a folder that contains it"));
                return;
            }
            try {
                List<Path> found = new ArrayList<>();
                DatasetFiles.walk(p, found::add);
                found.sort(null);
                files.addAll(found);
            } catch (IOException e) {
                refused.add(new Refused(p, "unreadable folder: " + e.getMessage()));
            }
        } else if (DatasetFiles.hidden(p)) {
            // copied as it is, nothing would ever show or count it; folders' hidden files are skipped
            refused.add(new Refused(p, "hidden: its name starts with a dot, so the dataset would not show it;"
                    + " rename it to add it"));
        } else if (Files.exists(p)) {
            files.add(p);
        } else {
            refused.add(new Refused(p, "no such file"));
        }
    }
}
