package dev.graft.core.labelling;

import dev.graft.core.util.Plural;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Plans the labelling actions on files already in the dataset, and on classes: moving images
 * between classes and the inbox, sorting them into several classes at once, sending them to the
 * trash, and creating, renaming and deleting classes. A plan is only a list of {@link Step}s with
 * its description; nothing is changed here. It is separate from {@link Labeller}, which performs
 * plans and keeps the undo history, so that what an action will do can be read apart from how it is
 * done; drops from outside the dataset are planned by {@link DropPlanner}, with the checks shared
 * here (class names, the dataset's bounds, free names).
 */
final class OperationPlanner {

    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT);

    /**
     * An operation to perform.
     *
     * @param id its id
     * @param description what it does, in words ("move 2 images to 'cat'")
     * @param steps its steps (empty: nothing to do)
     * @param duplicates dropped files already in the dataset (not added)
     * @param refused dropped files that are not usable images (not added)
     * @param renamed new names given to avoid overwriting a file
     */
    record Plan(String id, String description, List<Step> steps, List<Duplicate> duplicates, List<Refused> refused,
            List<Path> renamed) {
        Plan(String id, String description, List<Step> steps, List<Path> renamed) {
            this(id, description, steps, List.of(), List.of(), renamed);
        }
    }

    private final Path root;

    /**
     * A planner for a dataset.
     *
     * @param root the dataset folder (absolute, links resolved)
     */
    OperationPlanner(Path root) {
        this.root = root;
    }

    /** Moves of images of the dataset to a class or to the inbox. */
    Plan move(List<Path> images, String cls) throws LabellingException {
        Path target = targetFolder(cls);
        List<Step> steps = new ArrayList<>();
        if (cls != null && !Files.isDirectory(target)) {
            steps.add(Step.mkdir(target));
        }
        List<Path> inside = new ArrayList<>();
        for (Path p : images) {
            inside.add(inDataset(p));
        }
        List<Path> renamed = new ArrayList<>();
        int n = planMoves(inside, target, steps, new HashSet<>(), renamed);
        String description = "move " + ResultMessages.images(n) + " to " + (cls == null ? "the inbox" : "'" + cls
                + "'");
        return new Plan(newId(), description, steps, renamed);
    }

    /** Moves of images of the dataset into several classes at once, as one operation. */
    Plan sort(Map<Path, String> assignments) throws LabellingException {
        Map<String, List<Path>> byClass = new TreeMap<>(Comparator.nullsFirst(Comparator.naturalOrder()));
        for (var e : assignments.entrySet()) {
            byClass.computeIfAbsent(e.getValue(), k -> new ArrayList<>()).add(inDataset(e.getKey()));
        }
        List<Step> steps = new ArrayList<>();
        List<Path> renamed = new ArrayList<>();
        int n = 0;
        for (var e : byClass.entrySet()) {
            Path target = targetFolder(e.getKey());
            if (e.getKey() != null && !Files.isDirectory(target)) {
                steps.add(Step.mkdir(target));
            }
            n += planMoves(e.getValue(), target, steps, new HashSet<>(), renamed);
        }
        String into = byClass.keySet().stream().map(c -> c == null ? "the inbox" : "'" + c + "'").reduce((a, b) ->
                a + ", " + b).orElse("");
        String description = (byClass.size() == 1 ? "move " : "sort ") + ResultMessages.images(n)
                + (byClass.size() == 1 ? " to " : " into ") + into;
        return new Plan(newId(), description, steps, renamed);
    }

    /** An empty class. */
    Plan createClass(String name) throws LabellingException {
        Path dir = targetFolder(name);
        if (StepRunner.exists(dir)) {
            throw new LabellingException("There is already a class '" + name + "'.");
        }
        return new Plan(newId(), "create the class '" + name + "'", List.of(Step.mkdir(dir)), List.of());
    }

    /** A class's folder under a new name. */
    Plan renameClass(String from, String to) throws LabellingException {
        Path a = existingClass(from);
        Path b = targetFolder(to);
        String id = newId();
        List<Step> steps = new ArrayList<>();
        if (StepRunner.exists(b)) {
            if (!StepRunner.sameBytes(a, b) || from.equals(to)) {
                throw new LabellingException("There is already a class '" + to + "'; to merge the two, select the"
                        + " images of '" + from + "' and drag them onto '" + to + "'.");
            }
            // only the letter case changes, on a file system that ignores case: go through another name
            Path via = root.resolve(StepRunner.TEMP_PREFIX + id + "-rename");
            steps.add(Step.move(a, via, -1, null));
            steps.add(Step.move(via, b, -1, null));
        } else {
            steps.add(Step.move(a, b, -1, null));
        }
        return new Plan(id, "rename the class '" + from + "' to '" + to + "'", steps, List.of());
    }

    /** A class's folder, with everything in it, to the dataset's trash. */
    Plan deleteClass(String name) throws LabellingException {
        Path dir = existingClass(name);
        String id = newId();
        int n;
        try {
            n = DatasetFiles.filesIn(root.resolve(name)).size();
        } catch (IOException e) {
            n = 0;
        }
        return new Plan(id, "delete the class '" + name + "' (" + Plural.of(n, "file") + ", to the trash)",
                List.of(Step.move(dir, trashFor(id, dir), -1, null)), List.of());
    }

    /** Images of the dataset to its trash. */
    Plan trash(List<Path> images) throws LabellingException {
        String id = newId();
        List<Step> steps = new ArrayList<>();
        for (Path p : images) {
            Path abs = inDataset(p);
            steps.add(Step.move(abs, trashFor(id, abs), DatasetFiles.size(abs), null));
        }
        return new Plan(id, "delete " + ResultMessages.images(steps.size()) + " (to the trash)", steps, List.of());
    }

    // ------------------------------------------------------------------ shared by the planners

    /** Plans moves of dataset files into a folder; returns how many will move. */
    int planMoves(List<Path> files, Path target, List<Step> steps, Set<String> taken, List<Path> renamed) {
        int n = 0;
        for (Path f : files) {
            Path abs = DatasetFiles.canonicalParent(f);
            if (abs.getParent().equals(target) || (!target.equals(root) && abs.startsWith(target))) {
                continue; // already labelled so
            }
            if (!Files.isRegularFile(abs)) {
                continue;
            }
            Path to = DatasetFiles.freeName(target, abs.getFileName().toString(), taken);
            if (!to.getFileName().equals(abs.getFileName())) {
                renamed.add(to);
            }
            steps.add(Step.move(abs, to, DatasetFiles.size(abs), null));
            n++;
        }
        return n;
    }

    /** The folder of a class (null: the inbox, the dataset folder itself), refusing names that escape it. */
    Path targetFolder(String cls) throws LabellingException {
        if (cls == null) {
            return root;
        }
        ClassNames.require(cls);
        Path dir = root.resolve(cls).normalize();
        if (!dir.getParent().equals(root)) {
            throw new LabellingException("Refused: the class '" + ClassNames.printable(cls) + "' would lie outside"
                    + " the dataset");
        }
        return dir;
    }

    private Path existingClass(String name) throws LabellingException {
        if (name == null) {
            throw new LabellingException("The inbox is not a class.");
        }
        Path dir = targetFolder(name);
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(dir)) {
            throw new LabellingException("There is no class '" + name + "' in " + root);
        }
        return dir;
    }

    /** An image's canonical path, refusing files outside the dataset (or in its trash). */
    private Path inDataset(Path image) throws LabellingException {
        Path abs = DatasetFiles.canonicalParent(image);
        if (!abs.startsWith(root) || abs.equals(root) || abs.startsWith(root.resolve(DatasetFiles.TRASH))) {
            throw new LabellingException(image + " is not an image of the dataset " + root);
        }
        return abs;
    }

    /** Where an operation puts a file or folder of the dataset it deletes. */
    Path trashFor(String id, Path inDataset) {
        return root.resolve(DatasetFiles.TRASH).resolve(id).resolve(root.relativize(inDataset.toAbsolutePath()
                .normalize()));
    }

    static String newId() {
        return OffsetDateTime.now().format(ID_TIME) + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
