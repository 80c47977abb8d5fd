package dev.graft.core.labelling;

import dev.graft.core.labelling.OperationPlanner.Plan;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
 *
 * <p>This class performs plans and keeps the undo history; what each action will do is planned by
 * {@link OperationPlanner} (moves and classes), {@link DropPlanner} (drops from outside) and
 * {@link InversePlanner} (undo and redo), and worded by {@link ResultMessages}.
 */
public final class Labeller {

    /** The dataset's trash: hidden, so the scanner ignores it; nothing in it is ever deleted by Graft. */
    public static final String TRASH = DatasetFiles.TRASH;

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
    private final OperationPlanner planner;
    private final DropPlanner drops;
    private final InversePlanner inverses;
    private final ResultMessages messages;

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
        this.root = DatasetFiles.canonical(root);
        this.planner = new OperationPlanner(this.root);
        this.drops = new DropPlanner(this.root, planner);
        this.inverses = new InversePlanner(this.root, planner);
        this.messages = new ResultMessages(this.root);
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

    // ------------------------------------------------------------------ where an image is
    // (what the dataset holds is listed by the engine's scan, the one every view counts from)

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
        return perform(drops.add(dropped, cls, move));
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
        return perform(planner.move(images, cls));
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
        return perform(planner.sort(assignments));
    }

    /**
     * Creates an empty class.
     *
     * @param name its name
     * @return what was done
     * @throws LabellingException if the name is invalid or taken
     */
    public synchronized Result createClass(String name) throws LabellingException {
        return perform(planner.createClass(name));
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
        return perform(planner.renameClass(from, to));
    }

    /**
     * Deletes a class: its folder, with everything in it, goes to the dataset's trash.
     *
     * @param name the class
     * @return what was done
     * @throws LabellingException if there is no such class or the move failed
     */
    public synchronized Result deleteClass(String name) throws LabellingException {
        return perform(planner.deleteClass(name));
    }

    /**
     * Moves images to the dataset's trash.
     *
     * @param images files in the dataset
     * @return what was done
     * @throws LabellingException if a file is outside the dataset or the move failed
     */
    public synchronized Result trash(List<Path> images) throws LabellingException {
        return perform(planner.trash(images));
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
        if (DatasetFiles.canonical(op.dataset()).equals(root)) {
            undo.push(op);
            redo.clear();
        }
    }

    private Result reverse(Deque<Operation> from, Deque<Operation> to) throws LabellingException {
        Operation op = from.peek();
        if (op == null) {
            return null;
        }
        InversePlanner.Inverse planned = inverses.plan(op);
        Operation inverse = planned.operation();
        runner.perform(inverse);
        from.pop();
        to.push(inverse);
        String message = messages.reversal(inverse.description(), planned.renamed(), planned.notes());
        return new Result(inverse, inverse.files(), List.of(), List.of(), planned.renamed(), planned.notes(), message);
    }

    /** Performs a plan (unless there is nothing to do) and puts it on the undo stack. */
    private Result perform(Plan plan) throws LabellingException {
        Operation op = null;
        String description = plan.description();
        List<Step> steps = plan.steps();
        // a new class whose files were all duplicates or refused is not created
        boolean folderAlone = steps.stream().allMatch(s -> s.kind() == Step.Kind.MKDIR);
        if (!steps.isEmpty() && (!folderAlone || description.startsWith("create the class"))) {
            op = new Operation(plan.id(), root, description, OffsetDateTime.now().toString(), steps, List.of());
            runner.perform(op);
            undo.push(op);
            redo.clear();
        }
        String message = messages.action(op != null, description, plan.duplicates(), plan.refused(), plan.renamed());
        return new Result(op, op == null ? 0 : op.files(), List.copyOf(plan.duplicates()),
                List.copyOf(plan.refused()), List.copyOf(plan.renamed()), List.of(), message);
    }
}
