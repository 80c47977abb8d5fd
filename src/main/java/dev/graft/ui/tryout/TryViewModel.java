package dev.graft.ui.tryout;

import dev.graft.core.explain.Picture;
import dev.graft.core.run.Failures;
import dev.graft.core.run.RunRecord;
import dev.graft.engine.explain.Explanation;
import dev.graft.ui.common.Background;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;

/**
 * The Try tab: images dropped, pasted or picked, newest first, each with the chosen run's top
 * classes and a heat map of where the model looked; a click on a class shows its heat map.
 * Everything slow (decoding, the model, the heat map) runs in the background; the images are only
 * read, never changed.
 */
public final class TryViewModel {

    /** Classes shown per image. */
    public static final int TOP = 3;
    /** Longest side of the pictures shown, in pixels. */
    public static final int PREVIEW_SIDE = 320;
    /** Files taken from one dropped folder (its sub-folders included); the rest are left, and it says so. */
    public static final int MAX_FILES = 200;

    /**
     * A class and its probability.
     *
     * @param cls the class
     * @param probability 0 to 1
     */
    public record Guess(String cls, double probability) {}

    /**
     * One image as shown.
     *
     * @param id stable identity in the list
     * @param file the image
     * @param working true while the model works on it
     * @param error why it could not be read, or null
     * @param top the most likely classes, most likely first
     * @param explained the class the heat map shows
     * @param preview the image, or null
     * @param heat the heat map as colours over the preview, or null
     * @param heatNote why there is no heat map, or null
     */
    public record Item(long id, Path file, boolean working, String error, List<Guess> top, String explained,
            Picture preview, Picture heat, String heatNote) {

        Item pending() {
            return new Item(id, file, true, null, top, explained, preview, heat, heatNote);
        }
    }

    private final Background background;
    private final Explainers explainers;
    private final FilteredList<RunRecord> runs;
    private final ObjectProperty<RunRecord> run = new SimpleObjectProperty<>();
    private final ObservableList<Item> items = FXCollections.observableArrayList();
    private final DoubleProperty opacity = new SimpleDoubleProperty(dev.graft.engine.explain.Overlay.DEFAULT_OPACITY);
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final Path pasteFolder;
    private final java.util.ArrayDeque<Runnable> queue = new java.util.ArrayDeque<>();
    private boolean busy;
    private long nextId;
    private long generation;

    /**
     * Creates the view-model.
     *
     * @param background where the model runs
     * @param explainers the model in use
     * @param datasetRuns the open dataset's runs, newest first (History's list); those with a model
     *     are offered
     * @param pasteFolder where pasted images are saved (Graft's own folder, never the user's)
     */
    public TryViewModel(Background background, Explainers explainers, ObservableList<RunRecord> datasetRuns,
            Path pasteFolder) {
        this.background = background;
        this.explainers = explainers;
        this.pasteFolder = pasteFolder;
        this.runs = new FilteredList<>(datasetRuns, RunRecord::hasModel);
        runs.addListener((javafx.collections.ListChangeListener<RunRecord>) c -> keepRunChosen());
        run.addListener((o, a, b) -> {
            if (b != null && a != null && b.dir().equals(a.dir())) {
                return;
            }
            generation++;
            queue.clear();
            for (Item i : List.copyOf(items)) {
                request(i.pending(), null);
            }
        });
        keepRunChosen();
    }

    private void keepRunChosen() {
        RunRecord current = run.get();
        if (current != null && runs.stream().anyMatch(r -> r.dir().equals(current.dir()))) {
            return;
        }
        run.set(runs.isEmpty() ? null : runs.get(0));
    }

    /** @return the runs that have a model, newest first */
    public ObservableList<RunRecord> runs() {
        return runs;
    }

    /** @return the run whose model answers */
    public ObjectProperty<RunRecord> runProperty() {
        return run;
    }

    /** @return the images, newest first */
    public ObservableList<Item> items() {
        return items;
    }

    /** @return opacity of the heat maps over the images, 0 to 1 */
    public DoubleProperty opacityProperty() {
        return opacity;
    }

    /** @return what the tab says above the images (what to do, or what went wrong) */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** @return the sentence naming the run in use, or saying there is none */
    public String runSentence() {
        RunRecord r = run.get();
        return r == null ? "No run with a model on this dataset yet: train one, then try it here."
                : "Answers from run '" + r.name() + "'";
    }

    /**
     * Adds images and folders (a folder adds the files in it and its sub-folders).
     *
     * @param paths dropped, pasted or picked paths
     */
    public void add(List<Path> paths) {
        background.run(() -> expand(paths), this::addFiles,
                e -> message.set("Cannot read what was dropped: " + Failures.describe(e)));
    }

    /**
     * Adds a pasted image: its pixels are saved as a PNG in Graft's own folder first.
     *
     * @param picture the pasted pixels
     */
    public void paste(Picture picture) {
        background.run(() -> List.of(savePasted(picture)), this::addFiles,
                e -> message.set("Cannot keep the pasted image: " + Failures.describe(e)));
    }

    /**
     * Shows the heat map of another class for one image.
     *
     * @param id the item
     * @param cls the class
     */
    public void showClass(long id, String cls) {
        find(id).ifPresent(i -> request(i.pending(), cls));
    }

    /** Forgets every image shown (the files stay). */
    public void clear() {
        generation++;
        queue.clear();
        items.clear();
    }

    private void addFiles(Expanded e) {
        message.set(e.note());
        List<Item> added = new ArrayList<>();
        for (Path f : e.files()) {
            added.add(new Item(nextId++, f, true, null, List.of(), null, null, null, null));
        }
        items.addAll(0, added);
        for (Item i : added) {
            request(i, null);
        }
    }

    private void addFiles(List<Path> files) {
        addFiles(new Expanded(files, ""));
    }

    private void request(Item item, String cls) {
        replace(item);
        RunRecord r = run.get();
        if (r == null) {
            replace(new Item(item.id(), item.file(), false, null, List.of(), null, item.preview(), null,
                    "No model to try: this dataset has no trained run yet."));
            return;
        }
        long asked = generation;
        queue.add(() -> background.run(() -> toItem(item, explainers.explain(r.dir(), item.file(), cls, PREVIEW_SIDE)),
                done -> {
                    if (asked == generation) {
                        replace(done);
                    }
                    next();
                }, failure -> {
                    if (asked == generation) {
                        replace(new Item(item.id(), item.file(), false, null, List.of(), null, item.preview(), null,
                                null));
                        message.set("Cannot use the model of run '" + r.name() + "': " + Failures.describe(failure));
                    }
                    next();
                }));
        if (!busy) {
            next();
        }
    }

    /**
     * Starts the next queued image. One at a time: heat maps are computed one after another
     * anyway, and a folder of 200 images must not hold every worker the window shares.
     */
    private void next() {
        Runnable job = queue.poll();
        busy = job != null;
        if (job != null) {
            job.run();
        }
    }

    private static Item toItem(Item item, Explanation e) {
        if (e.error() != null) {
            return new Item(item.id(), item.file(), false, e.error(), List.of(), null, null, null, null);
        }
        List<Guess> top = new ArrayList<>();
        for (int c = 0; c < e.classes().size(); c++) {
            top.add(new Guess(e.classes().get(c), e.probabilities()[c]));
        }
        top.sort(Comparator.comparingDouble(Guess::probability).reversed());
        top = List.copyOf(top.subList(0, Math.min(TOP, top.size())));
        if (top.stream().noneMatch(g -> g.cls().equals(e.explained()))) {
            List<Guess> withExplained = new ArrayList<>(top);
            withExplained.add(new Guess(e.explained(), e.probability(e.explained())));
            top = List.copyOf(withExplained);
        }
        Picture preview = e.preview();
        Picture heat = e.heat() == null ? null : Picture.ofHeat(e.heat(), preview.width(), preview.height());
        return new Item(item.id(), item.file(), false, null, top, e.explained(), preview, heat, e.unavailable());
    }

    private void replace(Item item) {
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i).id() == item.id()) {
                items.set(i, item);
                return;
            }
        }
    }

    private java.util.Optional<Item> find(long id) {
        return items.stream().filter(i -> i.id() == id).findFirst();
    }

    /** Files to add and what to say about the rest. */
    private record Expanded(List<Path> files, String note) {}

    private static Expanded expand(List<Path> paths) throws IOException {
        List<Path> files = new ArrayList<>();
        int left = 0;
        for (Path p : paths) {
            if (!Files.isDirectory(p)) {
                files.add(p);
                continue;
            }
            try (Stream<Path> walk = Files.walk(p)) {
                List<Path> inside = walk.filter(Files::isRegularFile)
                        .filter(f -> !f.getFileName().toString().startsWith(".")).sorted().toList();
                int room = Math.max(0, MAX_FILES - files.size());
                files.addAll(inside.subList(0, Math.min(room, inside.size())));
                left += Math.max(0, inside.size() - room);
            }
        }
        return new Expanded(files, left == 0 ? "" : "Showing the first " + MAX_FILES + " images; " + left
                + " more were left out (drop fewer at a time).");
    }

    private Path savePasted(Picture p) throws IOException {
        Files.createDirectories(pasteFolder);
        java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(p.width(), p.height(),
                java.awt.image.BufferedImage.TYPE_INT_ARGB);
        img.setRGB(0, 0, p.width(), p.height(), p.argb(), 0, p.width());
        Path file = Files.createTempFile(pasteFolder, "pasted-", ".png");
        javax.imageio.ImageIO.write(img, "png", file.toFile());
        return file;
    }
}
