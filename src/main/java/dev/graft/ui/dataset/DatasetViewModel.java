package dev.graft.ui.dataset;

import dev.graft.core.data.DatasetScan;
import dev.graft.core.data.DatasetSplit;
import dev.graft.core.data.LabeledImage;
import dev.graft.core.data.SkippedFile;
import dev.graft.engine.data.DatasetScanner;
import dev.graft.core.data.DatasetWarnings;
import dev.graft.core.run.RecipeDefaults;
import dev.graft.ui.common.Background;
import dev.graft.ui.common.Latest;
import dev.graft.ui.common.Messages;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The open dataset: classes with counts and sample images, skipped files with reasons, warnings,
 * and the train/validation split the recipe would make. Scanning runs in the background.
 */
public final class DatasetViewModel {

    private static final int SAMPLES = 8;

    private final Latest scanning0;
    private final Background background;
    private String signature = "";
    /** The scan being shown (set before the public scan property, whose listeners come last). */
    private DatasetScan shown;
    private double lastValFraction = RecipeDefaults.VAL_FRACTION;
    private long lastSeed = RecipeDefaults.SEED;
    private final ObjectProperty<Path> folder = new SimpleObjectProperty<>();
    private final ReadOnlyObjectWrapper<DatasetScan> scan = new ReadOnlyObjectWrapper<>();
    private final ObservableList<ClassRow> classes = FXCollections.observableArrayList();
    private final ObservableList<SkippedFile> skipped = FXCollections.observableArrayList();
    private final ObservableList<String> warnings = FXCollections.observableArrayList();
    private final StringProperty summary = new SimpleStringProperty("No dataset open");
    private final StringProperty error = new SimpleStringProperty();
    private final BooleanProperty scanning = new SimpleBooleanProperty();
    private final ObjectProperty<ClassRow> selectedClass = new SimpleObjectProperty<>();
    private final ObservableList<Path> classImages = FXCollections.observableArrayList();

    /**
     * Creates the view-model.
     *
     * @param background where scans run
     */
    public DatasetViewModel(Background background) {
        this.background = background;
        this.scanning0 = new Latest(background);
        selectedClass.addListener((o, a, row) -> showClass(row));
    }

    /** Lists every usable image of the selected class (the view virtualises the grid). */
    private void showClass(ClassRow row) {
        DatasetScan s = shown;
        if (row == null || s == null || !s.classes().contains(row.name())) {
            classImages.clear();
            return;
        }
        classImages.setAll(s.imagesOf(s.classes().indexOf(row.name())).stream().map(LabeledImage::file).toList());
    }

    /**
     * Opens a folder and scans it in the background.
     *
     * @param dir the dataset folder
     * @param valFraction validation share for the split summary
     * @param seed split seed
     */
    public void open(Path dir, double valFraction, long seed) {
        boolean same = dir.equals(folder.get());
        String keep = same && selectedClass.get() != null ? selectedClass.get().name() : null;
        folder.set(dir);
        lastValFraction = valFraction;
        lastSeed = seed;
        scanning.set(true);
        error.set(null);
        summary.set("Scanning " + dir + " …");
        scanning0.run(() -> new Scanned(new DatasetScanner().scan(dir), signature(dir)), result -> {
            scanning.set(false);
            signature = result.signature();
            show(result.scan(), valFraction, seed, keep);
        }, failure -> {
            scanning.set(false);
            signature = "";
            shown = null;
            scan.set(null);
            classes.clear();
            skipped.clear();
            warnings.clear();
            classImages.clear();
            error.set(Messages.of(failure));
            summary.set("Cannot use " + dir);
        });
    }

    /** A scan and the folder signature it was made from. */
    private record Scanned(DatasetScan scan, String signature) {}

    /** Scans the open folder again (after the user fixed what the error named). */
    public void refresh() {
        if (folder.get() != null) {
            open(folder.get(), lastValFraction, lastSeed);
        }
    }

    /**
     * Rescans only when files were added, removed or changed since the last scan (cheap: a listing
     * with sizes and times, no decoding). The window calls it when it regains focus.
     */
    public void refreshIfChanged() {
        Path dir = folder.get();
        if (dir == null || scanning.get()) {
            return;
        }
        String before = signature;
        background.run(() -> signature(dir), now -> {
            if (!now.equals(before) && dir.equals(folder.get()) && !scanning.get()) {
                refresh();
            }
        }, failure -> { });
    }

    /** Names, sizes and times of every entry under a folder, hashed. */
    static String signature(Path dir) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (var files = Files.walk(dir, 8)) {
            for (Path p : files.sorted().toList()) {
                var attrs = Files.readAttributes(p, BasicFileAttributes.class);
                md.update((dir.relativize(p) + "|" + attrs.size() + "|" + attrs.lastModifiedTime().toMillis() + "\n")
                        .getBytes(StandardCharsets.UTF_8));
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private void show(DatasetScan result, double valFraction, long seed, String keepClass) {
        shown = result;
        int[] counts = result.countsPerClass();
        List<ClassRow> rows = new ArrayList<>();
        for (int c = 0; c < counts.length; c++) {
            List<Path> samples = result.imagesOf(c).stream().limit(SAMPLES).map(LabeledImage::file).toList();
            String warning = counts[c] == 0 ? "no usable images"
                    : counts[c] < DatasetWarnings.TINY_CLASS ? "only " + counts[c] + " images" : null;
            rows.add(new ClassRow(result.classes().get(c), counts[c], samples, warning));
        }
        classes.setAll(rows);
        selectedClass.set(rows.stream().filter(r -> r.name().equals(keepClass)).findFirst()
                .orElse(rows.isEmpty() ? null : rows.get(0)));
        showClass(selectedClass.get());
        skipped.setAll(result.skipped());
        List<String> problems = new ArrayList<>();
        try {
            DatasetScanner.requireTrainable(result);
            DatasetSplit split = DatasetSplit.stratified(result, valFraction, seed);
            problems.addAll(DatasetWarnings.check(result, split));
            summary.set(String.format(Locale.ROOT, "%d classes · %d images (%d train / %d validation) · %d skipped"
                    + "%s", counts.length, result.images().size(), split.train().size(), split.validation().size(),
                    result.skipped().size(), result.medianSide() > 0 ? " · images about " + result.medianSide()
                            + " px" : ""));
            error.set(null);
        } catch (Exception e) {
            error.set(Messages.of(e));
            summary.set(String.format(Locale.ROOT, "%d classes · %d images · %d skipped", counts.length,
                    result.images().size(), result.skipped().size()));
        }
        warnings.setAll(problems);
        scan.set(result); // last: listeners of the scan read the summary, warnings and error set above
    }

    /** @return the class whose images the grid shows */
    public ObjectProperty<ClassRow> selectedClassProperty() {
        return selectedClass;
    }

    /** @return every usable image of the selected class */
    public ObservableList<Path> classImages() {
        return classImages;
    }

    /** @return the folder */
    public ObjectProperty<Path> folderProperty() {
        return folder;
    }

    /** @return the last successful scan, or null */
    public ReadOnlyObjectProperty<DatasetScan> scanProperty() {
        return scan.getReadOnlyProperty();
    }

    /** @return class rows */
    public ObservableList<ClassRow> classes() {
        return classes;
    }

    /** @return skipped files */
    public ObservableList<SkippedFile> skipped() {
        return skipped;
    }

    /** @return warnings about tiny or imbalanced classes */
    public ObservableList<String> warnings() {
        return warnings;
    }

    /** @return one-line summary */
    public StringProperty summaryProperty() {
        return summary;
    }

    /** @return why the dataset cannot be trained on, or null */
    public StringProperty errorProperty() {
        return error;
    }

    /** @return true while a scan runs */
    public BooleanProperty scanningProperty() {
        return scanning;
    }
}
