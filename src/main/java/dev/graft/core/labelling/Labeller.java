package dev.graft.core.labelling;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Labelling a class-folder dataset: adding files from outside (copied, or moved), moving images
 * between classes and the unlabelled inbox (the images lying directly in the dataset folder),
 * creating, renaming and deleting classes, and undoing or redoing any of it.
 *
 * <p>Every action is planned as an {@link Operation} of steps, journalled outside the dataset, and
 * performed all-or-nothing. Nothing is ever overwritten (a name that is taken gets " (2)"), nothing
 * is deleted for good (deleting moves to {@value #TRASH} in the dataset, a hidden folder the
 * scanner ignores), and class names are checked so that nothing is written outside the dataset.
 * Undo performs the inverse operation, through the same journal, and restores the original names
 * and bytes. Methods are synchronised: one operation at a time per dataset.
 */
public final class Labeller {

    /** The dataset's trash: hidden, so the scanner ignores it; nothing in it is ever deleted by Graft. */
    public static final String TRASH = ".graft-trash";

    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT);

    /** A dropped file that was not added because the dataset already has the same bytes. */
    public record Duplicate(Path dropped, Path existing) {}

    /** A dropped file that was refused, and why. */
    public record Refused(Path file, String reason) {}

    /**
     * What an action did.
     *
     * @param operation the operation performed, or null when there was nothing to do
     * @param files files moved or copied
     * @param duplicates dropped files already in the dataset (not added)
     * @param refused dropped files that are not usable images (not added)
     * @param renamed new names given to avoid overwriting a file
     * @param notes anything else the user should know (files no longer where an undo expected them)
     * @param message one or two sentences for the status bar
     */
    public record Result(Operation operation, int files, List<Duplicate> duplicates, List<Refused> refused,
            List<Path> renamed, List<String> notes, String message) {}

    private final Path root;
    private final OperationRunner runner;
    private final Deque<Operation> undo = new ArrayDeque<>();
    private final Deque<Operation> redo = new ArrayDeque<>();
    private final Map<Path, Known> hashes = new HashMap<>();

    /** A file's hash as of its size and time. */
    private record Known(long size, long modified, String sha256) {}

    /**
     * A labeller for a dataset, journalling into Graft's data folder.
     *
     * @param root the dataset folder (it need not be a dataset yet: any folder can become one)
     */
    public Labeller(Path root) {
        this(root, Journal.standard(), FileOps.SYSTEM, null);
    }

    /**
     * A labeller.
     *
     * @param root the dataset folder
     * @param journal where operations are journalled (outside the dataset)
     * @param ops the file system
     * @param hooks called between the stages of each operation (tests), or null
     */
    public Labeller(Path root, Journal journal, FileOps ops, Hooks hooks) {
        this.root = canonical(root);
        this.runner = new OperationRunner(journal, ops, hooks == null ? null : new OperationRunner.Hooks() {
            @Override
            public void journalled(Operation op) {
                hooks.journalled(op);
            }

            @Override
            public void stepDone(Operation op, int index) {
                hooks.stepDone(op, index);
            }
        });
        if (journal.folder().toAbsolutePath().normalize().startsWith(this.root)) {
            throw new IllegalArgumentException("The labelling journal " + journal.folder() + " must not be inside"
                    + " the dataset " + this.root);
        }
    }

    /** Called between the stages of an operation (tests kill a process at a known point with it). */
    public interface Hooks {
        /**
         * The operation is journalled and no step has run yet.
         *
         * @param op the operation
         */
        default void journalled(Operation op) { }

        /**
         * A step has completed.
         *
         * @param op the operation
         * @param index its index
         */
        default void stepDone(Operation op, int index) { }
    }

    /** @return the dataset folder (absolute, links resolved) */
    public Path root() {
        return root;
    }

    // ------------------------------------------------------------------ listing

    /**
     * The class folders.
     *
     * @return class names, sorted as the scanner sorts them
     * @throws IOException if the folder cannot be read
     */
    public List<String> classes() throws IOException {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(root)) {
            return s.filter(p -> !hidden(p) && Files.isDirectory(p)).sorted().map(p -> p.getFileName().toString())
                    .toList();
        }
    }

    /**
     * The unlabelled images: image files directly in the dataset folder.
     *
     * @return the files, sorted
     * @throws IOException if the folder cannot be read
     */
    public List<Path> inbox() throws IOException {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(root)) {
            return s.filter(p -> !hidden(p) && Files.isRegularFile(p) && ImageFiles.looksLikeImage(p)).sorted()
                    .toList();
        }
    }

    /**
     * The image files of a class (in its folder and below, hidden ones left out).
     *
     * @param cls the class
     * @return the files, sorted
     * @throws IOException if the folder cannot be read
     */
    public List<Path> imagesOf(String cls) throws IOException {
        Path dir = root.resolve(cls);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Path> out = new ArrayList<>();
        walk(dir, f -> {
            if (ImageFiles.looksLikeImage(f)) {
                out.add(f);
            }
        });
        out.sort(null);
        return out;
    }

    /**
     * The class an image is labelled with.
     *
     * @param image a file in the dataset
     * @return its class, or empty for the inbox (or a file outside the dataset)
     */
    public Optional<String> classOf(Path image) {
        Path abs = image.toAbsolutePath().normalize();
        if (!abs.startsWith(root) || abs.equals(root)) {
            return Optional.empty();
        }
        Path rel = root.relativize(abs);
        return rel.getNameCount() >= 2 ? Optional.of(rel.getName(0).toString()) : Optional.empty();
    }

    // ------------------------------------------------------------------ actions

    /**
     * Adds files and folders from outside the dataset (a drop from the file manager). Folders are
     * added with every file below them. Files that are not images are refused, files whose bytes
     * the dataset already has are flagged and not added, and dropped files that are already in
     * the dataset are relabelled (moved) instead.
     *
     * @param dropped files and folders
     * @param cls the class (created if new), or null for the inbox
     * @param move true to move the files in (the platform's move gesture), false to copy them
     * @return what was done
     * @throws LabellingException if the class name is invalid or the operation failed (then nothing
     *     was changed)
     */
    public synchronized Result add(List<Path> dropped, String cls, boolean move) throws LabellingException {
        Path target = targetFolder(cls);
        String id = newId();
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
            (canonical(f).startsWith(root) ? internal : external).add(f);
        }
        List<Duplicate> duplicates = new ArrayList<>();
        List<Path> renamed = new ArrayList<>();
        Set<String> taken = new HashSet<>();
        Map<Long, List<Path>> bySize = external.isEmpty() ? Map.of() : sizesInDataset();
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
                Path same = planned.containsKey(sha) ? planned.get(sha) : existingWith(bySize.get(size), sha);
                if (same != null) {
                    duplicates.add(new Duplicate(f, same));
                    continue;
                }
                Path to = freeName(target, f.getFileName().toString(), taken);
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
        int relabelled = planMoves(internal, target, steps, taken, renamed);
        String where = cls == null ? "the inbox" : "'" + cls + "'";
        List<String> parts = new ArrayList<>();
        if (copied > 0) {
            parts.add("copied " + images(copied) + " into " + where);
        }
        if (moved > 0) {
            parts.add("moved " + images(moved) + " into " + where);
        }
        if (relabelled > 0) {
            parts.add("relabelled " + images(relabelled) + " already in the dataset as " + where);
        }
        String description = parts.isEmpty() ? "add nothing to " + where : String.join(", ", parts);
        return perform(id, description, steps, List.of(), duplicates, refused, renamed, List.of());
    }

    /**
     * Moves images of the dataset to a class or to the inbox (relabelling; also drags between
     * classes and the number keys).
     *
     * @param images files in the dataset
     * @param cls the class (created if new), or null for the inbox
     * @return what was done
     * @throws LabellingException if a file is outside the dataset, the name is invalid, or the move
     *     failed (then nothing was changed)
     */
    public synchronized Result move(List<Path> images, String cls) throws LabellingException {
        Path target = targetFolder(cls);
        List<Step> steps = new ArrayList<>();
        if (cls != null && !Files.isDirectory(target)) {
            steps.add(Step.mkdir(target));
        }
        List<Path> inside = new ArrayList<>();
        for (Path p : images) {
            Path abs = canonicalParent(p);
            if (!abs.startsWith(root) || abs.equals(root) || abs.startsWith(root.resolve(TRASH))) {
                throw new LabellingException(p + " is not an image of the dataset " + root);
            }
            inside.add(abs);
        }
        List<Path> renamed = new ArrayList<>();
        int n = planMoves(inside, target, steps, new HashSet<>(), renamed);
        String description = "move " + images(n) + " to " + (cls == null ? "the inbox" : "'" + cls + "'");
        return perform(newId(), description, steps, List.of(), List.of(), List.of(), renamed, List.of());
    }

    /**
     * Sorts images of the dataset into several classes at once, as one operation (accepting the
     * model's predictions for a group: one Ctrl+Z takes them all back).
     *
     * @param assignments image → class (null for the inbox)
     * @return what was done
     * @throws LabellingException if a file is outside the dataset, a name is invalid, or the moves
     *     failed (then nothing was changed)
     */
    public synchronized Result sort(Map<Path, String> assignments) throws LabellingException {
        Map<String, List<Path>> byClass = new java.util.TreeMap<>(java.util.Comparator.nullsFirst(
                java.util.Comparator.naturalOrder()));
        for (var e : assignments.entrySet()) {
            Path abs = canonicalParent(e.getKey());
            if (!abs.startsWith(root) || abs.equals(root) || abs.startsWith(root.resolve(TRASH))) {
                throw new LabellingException(e.getKey() + " is not an image of the dataset " + root);
            }
            byClass.computeIfAbsent(e.getValue(), k -> new ArrayList<>()).add(abs);
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
        String description = (byClass.size() == 1 ? "move " : "sort ") + images(n) + (byClass.size() == 1 ? " to "
                : " into ") + into;
        return perform(newId(), description, steps, List.of(), List.of(), List.of(), renamed, List.of());
    }

    /**
     * Creates an empty class.
     *
     * @param name its name
     * @return what was done
     * @throws LabellingException if the name is invalid or taken
     */
    public synchronized Result createClass(String name) throws LabellingException {
        Path dir = targetFolder(name);
        if (StepRunner.exists(dir)) {
            throw new LabellingException("There is already a class '" + name + "'.");
        }
        return perform(newId(), "create the class '" + name + "'", List.of(Step.mkdir(dir)), List.of(), List.of(),
                List.of(), List.of(), List.of());
    }

    /**
     * Renames a class (its folder).
     *
     * @param from the class
     * @param to its new name
     * @return what was done
     * @throws LabellingException if the new name is invalid or another class has it
     */
    public synchronized Result renameClass(String from, String to) throws LabellingException {
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
        return perform(id, "rename the class '" + from + "' to '" + to + "'", steps, List.of(), List.of(),
                List.of(), List.of(), List.of());
    }

    /**
     * Deletes a class: its folder, with everything in it, goes to the dataset's trash.
     *
     * @param name the class
     * @return what was done
     * @throws LabellingException if there is no such class or the move failed
     */
    public synchronized Result deleteClass(String name) throws LabellingException {
        Path dir = existingClass(name);
        String id = newId();
        int n;
        try {
            n = imagesOf(name).size();
        } catch (IOException e) {
            n = 0;
        }
        return perform(id, "delete the class '" + name + "' (" + images(n) + ", to the trash)",
                List.of(Step.move(dir, trashFor(id, dir), -1, null)), List.of(), List.of(), List.of(), List.of(),
                List.of());
    }

    /**
     * Moves images to the dataset's trash.
     *
     * @param images files in the dataset
     * @return what was done
     * @throws LabellingException if a file is outside the dataset or the move failed
     */
    public synchronized Result trash(List<Path> images) throws LabellingException {
        String id = newId();
        List<Step> steps = new ArrayList<>();
        for (Path p : images) {
            Path abs = canonicalParent(p);
            if (!abs.startsWith(root) || abs.equals(root) || abs.startsWith(root.resolve(TRASH))) {
                throw new LabellingException(p + " is not an image of the dataset " + root);
            }
            steps.add(Step.move(abs, trashFor(id, abs), size(abs), null));
        }
        return perform(id, "delete " + images(steps.size()) + " (to the trash)", steps, List.of(), List.of(),
                List.of(), List.of(), List.of());
    }

    // ------------------------------------------------------------------ undo and redo

    /** @return what Ctrl+Z would undo, if anything */
    public synchronized Optional<String> undoable() {
        return Optional.ofNullable(undo.peek()).map(Operation::description);
    }

    /** @return what Ctrl+Shift+Z would redo, if anything */
    public synchronized Optional<String> redoable() {
        return Optional.ofNullable(redo.peek()).map(Operation::description);
    }

    /**
     * Undoes the latest operation: the inverse operation puts every file back under its original
     * name (a file created there since gets a new name instead of being overwritten).
     *
     * @return what was done, or null when there is nothing to undo
     * @throws LabellingException if the undo failed (then nothing was changed and it can be retried)
     */
    public synchronized Result undo() throws LabellingException {
        return reverse(undo, redo);
    }

    /**
     * Redoes the latest undone operation.
     *
     * @return what was done, or null when there is nothing to redo
     * @throws LabellingException if the redo failed (then nothing was changed)
     */
    public synchronized Result redo() throws LabellingException {
        return reverse(redo, undo);
    }

    /**
     * Puts an operation that recovery completed on the undo stack (if it belongs to this dataset).
     *
     * @param op the operation
     */
    public synchronized void adopt(Operation op) {
        if (canonical(op.dataset()).equals(root)) {
            undo.push(op);
            redo.clear();
        }
    }

    private Result reverse(Deque<Operation> from, Deque<Operation> to) throws LabellingException {
        Operation op = from.peek();
        if (op == null) {
            return null;
        }
        String id = newId();
        List<Step> steps = new ArrayList<>();
        List<Path> restores = new ArrayList<>();
        List<Path> renamed = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        Set<String> taken = new HashSet<>();
        // what the inverse steps planned so far will have created or emptied when this one runs
        Set<String> produced = new HashSet<>();
        Set<String> vacated = new HashSet<>();
        java.util.function.Predicate<Path> there = p -> produced.contains(key(p))
                || StepRunner.exists(p) && !vacated.contains(key(p));
        for (int i = op.steps().size() - 1; i >= 0; i--) {
            Step s = op.steps().get(i);
            switch (s.kind()) {
                case MOVE -> {
                    if (!there.test(s.to())) {
                        notes.add(s.to().getFileName() + " is no longer in " + s.to().getParent()
                                + " (moved or deleted outside Graft): left as it is");
                        continue;
                    }
                    Path back = s.from();
                    if (there.test(back) || taken.contains(key(back))) {
                        back = freeName(back.getParent(), back.getFileName().toString(), taken);
                        renamed.add(back);
                    } else {
                        taken.add(key(back));
                    }
                    boolean outside = !back.toAbsolutePath().normalize().startsWith(root);
                    if (outside) {
                        restores.add(back);
                    }
                    boolean dir = Files.isDirectory(s.to()) || s.size() < 0;
                    steps.add(Step.move(s.to(), back, dir ? -1 : size(s.to()), dir || !outside ? null
                            : hashOrNull(s.to())));
                    vacated.add(key(s.to()));
                    produced.remove(key(s.to()));
                    produced.add(key(back));
                }
                case COPY -> {
                    if (!there.test(s.to())) {
                        notes.add(s.to().getFileName() + " is no longer in " + s.to().getParent() + ": left as it is");
                        continue;
                    }
                    steps.add(Step.move(s.to(), trashFor(id, s.to()), size(s.to()), null));
                    vacated.add(key(s.to()));
                    produced.remove(key(s.to()));
                }
                case MKDIR -> steps.add(Step.rmdir(s.to()));
                case RMDIR -> steps.add(Step.mkdir(s.to()));
                default -> throw new IllegalStateException(s.kind().toString());
            }
        }
        String d = op.description();
        String description = d.startsWith("undo: ") ? "redo: " + d.substring(6)
                : d.startsWith("redo: ") ? "undo: " + d.substring(6) : "undo: " + d;
        Operation inverse = new Operation(id, root, description, OffsetDateTime.now().toString(), steps, restores);
        runner.perform(inverse);
        from.pop();
        to.push(inverse);
        String message = Character.toUpperCase(description.charAt(0)) + description.substring(1) + "."
                + (renamed.isEmpty() ? "" : " " + renamed.size() + " renamed because the name was taken again: "
                + names(renamed) + ".") + (notes.isEmpty() ? "" : " " + String.join("; ", notes) + ".");
        return new Result(inverse, inverse.files(), List.of(), List.of(), renamed, notes, message);
    }

    // ------------------------------------------------------------------ planning helpers

    private Result perform(String id, String description, List<Step> steps, List<Path> restores,
            List<Duplicate> duplicates, List<Refused> refused, List<Path> renamed, List<String> notes)
            throws LabellingException {
        Operation op = null;
        // a new class whose files were all duplicates or refused is not created
        boolean folderAlone = steps.stream().allMatch(s -> s.kind() == Step.Kind.MKDIR);
        if (!steps.isEmpty() && (!folderAlone || description.startsWith("create the class"))) {
            op = new Operation(id, root, description, OffsetDateTime.now().toString(), steps, restores);
            runner.perform(op);
            undo.push(op);
            redo.clear();
        }
        StringBuilder m = new StringBuilder();
        m.append(op == null ? "Nothing added" : Character.toUpperCase(description.charAt(0))
                + description.substring(1)).append('.');
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
        if (op != null) {
            m.append(" Ctrl+Z undoes it.");
        }
        return new Result(op, op == null ? 0 : op.files(), List.copyOf(duplicates), List.copyOf(refused),
                List.copyOf(renamed), List.copyOf(notes), m.toString());
    }

    /** Plans moves of dataset files into a folder; returns how many will move. */
    private int planMoves(List<Path> files, Path target, List<Step> steps, Set<String> taken, List<Path> renamed) {
        int n = 0;
        for (Path f : files) {
            Path abs = canonicalParent(f);
            if (abs.getParent().equals(target) || (!target.equals(root) && abs.startsWith(target))) {
                continue; // already labelled so
            }
            if (!Files.isRegularFile(abs)) {
                continue;
            }
            Path to = freeName(target, abs.getFileName().toString(), taken);
            if (!to.getFileName().equals(abs.getFileName())) {
                renamed.add(to);
            }
            steps.add(Step.move(abs, to, size(abs), null));
            n++;
        }
        return n;
    }

    private Path targetFolder(String cls) throws LabellingException {
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

    /** A name in a folder that exists neither on disk nor among names planned in this operation. */
    static Path freeName(Path dir, String name, Set<String> taken) {
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        String ext = dot > 0 ? name.substring(dot) : "";
        Path candidate = dir.resolve(name);
        for (int i = 2; StepRunner.exists(candidate) || taken.contains(key(candidate)); i++) {
            candidate = dir.resolve(stem + " (" + i + ")" + ext);
        }
        taken.add(key(candidate));
        return candidate;
    }

    /** Names compared without case: two new files must not differ only in case (Windows, macOS). */
    private static String key(Path p) {
        return p.toString().toLowerCase(Locale.ROOT);
    }

    private Path trashFor(String id, Path inDataset) {
        return root.resolve(TRASH).resolve(id).resolve(root.relativize(inDataset.toAbsolutePath().normalize()));
    }

    private void expand(Path p, List<Path> files, List<Refused> refused) {
        if (Files.isDirectory(p)) {
            Path real = canonical(p);
            if (real.equals(root) || root.startsWith(real)) {
                refused.add(new Refused(p, "the dataset itself, or a folder that contains it"));
                return;
            }
            try {
                List<Path> found = new ArrayList<>();
                walk(p, found::add);
                found.sort(null);
                files.addAll(found);
            } catch (IOException e) {
                refused.add(new Refused(p, "unreadable folder: " + e.getMessage()));
            }
        } else if (Files.exists(p)) {
            files.add(p);
        } else {
            refused.add(new Refused(p, "no such file"));
        }
    }

    /** Every non-hidden regular file below a folder (hidden folders, like the trash, are skipped). */
    private static void walk(Path dir, java.util.function.Consumer<Path> out) throws IOException {
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                return !d.equals(dir) && hidden(d) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) {
                if (!hidden(f) && attrs.isRegularFile()) {
                    out.accept(f);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path f, IOException e) {
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** Sizes of every file in the dataset (for finding duplicates without hashing everything). */
    private Map<Long, List<Path>> sizesInDataset() {
        Map<Long, List<Path>> out = new HashMap<>();
        if (!Files.isDirectory(root)) {
            return out;
        }
        try {
            walk(root, f -> out.computeIfAbsent(size(f), k -> new ArrayList<>()).add(f));
        } catch (IOException e) {
            // an unreadable corner of the dataset: duplicates there are not found
        }
        return out;
    }

    private Path existingWith(List<Path> sameSize, String sha) {
        if (sameSize == null) {
            return null;
        }
        for (Path p : sameSize) {
            String h = cachedHash(p);
            if (sha.equals(h)) {
                return p;
            }
        }
        return null;
    }

    private String cachedHash(Path p) {
        try {
            long size = Files.size(p);
            long modified = Files.getLastModifiedTime(p).toMillis();
            Known k = hashes.get(p);
            if (k != null && k.size() == size && k.modified() == modified) {
                return k.sha256();
            }
            String sha = Hashes.sha256(p);
            hashes.put(p, new Known(size, modified, sha));
            return sha;
        } catch (IOException e) {
            return null;
        }
    }

    private static String hashOrNull(Path p) {
        try {
            return Hashes.sha256(p);
        } catch (IOException e) {
            return null;
        }
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return -1;
        }
    }

    private String shown(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        return abs.startsWith(root) ? root.relativize(abs).toString() : p.toString();
    }

    private String names(List<Path> files) {
        return String.join(", ", files.stream().limit(5).map(this::shown).toList()) + (files.size() > 5 ? ", …" : "");
    }

    private static String images(int n) {
        return n == 1 ? "1 image" : n + " images";
    }

    private static boolean hidden(Path p) {
        return p.getFileName() != null && p.getFileName().toString().startsWith(".");
    }

    private static String newId() {
        return OffsetDateTime.now().format(ID_TIME) + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** The path with links in its existing part resolved (so a dataset reached by a link is one place). */
    static Path canonical(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        try {
            return abs.toRealPath();
        } catch (IOException e) {
            Path parent = abs.getParent();
            return parent == null ? abs : canonical(parent).resolve(abs.getFileName());
        }
    }

    /** A file's path with its folder's links resolved (the file itself may be a link; it is moved as one). */
    private static Path canonicalParent(Path f) {
        Path abs = f.toAbsolutePath().normalize();
        return abs.getParent() == null ? abs : canonical(abs.getParent()).resolve(abs.getFileName());
    }
}
