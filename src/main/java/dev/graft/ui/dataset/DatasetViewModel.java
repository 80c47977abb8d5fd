package dev.graft.ui.dataset;

import dev.graft.core.data.DatasetScan;
import dev.graft.core.data.DatasetSplit;
import dev.graft.core.data.LabeledImage;
import dev.graft.core.data.SkippedFile;
import dev.graft.engine.data.DatasetScanner;
import dev.graft.engine.train.DatasetWarnings;
import dev.graft.ui.common.Background;
import dev.graft.ui.common.Messages;
import java.nio.file.Path;
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

    private final Background background;
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
        selectedClass.addListener((o, a, row) -> showClass(row));
    }

    /** Lists every usable image of the selected class (the view virtualises the grid). */
    private void showClass(ClassRow row) {
        DatasetScan s = scan.get();
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
        folder.set(dir);
        scanning.set(true);
        error.set(null);
        summary.set("Scanning " + dir + " …");
        background.run(() -> new DatasetScanner().scan(dir), result -> {
            scanning.set(false);
            show(result, valFraction, seed);
        }, failure -> {
            scanning.set(false);
            scan.set(null);
            classes.clear();
            skipped.clear();
            warnings.clear();
            error.set(Messages.of(failure));
            summary.set("Cannot use " + dir);
        });
    }

    private void show(DatasetScan result, double valFraction, long seed) {
        scan.set(result);
        int[] counts = result.countsPerClass();
        List<ClassRow> rows = new ArrayList<>();
        for (int c = 0; c < counts.length; c++) {
            List<Path> samples = result.imagesOf(c).stream().limit(SAMPLES).map(LabeledImage::file).toList();
            String warning = counts[c] == 0 ? "no usable images"
                    : counts[c] < DatasetWarnings.TINY_CLASS ? "only " + counts[c] + " images" : null;
            rows.add(new ClassRow(result.classes().get(c), counts[c], samples, warning));
        }
        classes.setAll(rows);
        selectedClass.set(rows.isEmpty() ? null : rows.get(0));
        showClass(selectedClass.get());
        skipped.setAll(result.skipped());
        List<String> problems = new ArrayList<>();
        try {
            DatasetScanner.requireTrainable(result);
            DatasetSplit split = DatasetSplit.stratified(result, valFraction, seed);
            problems.addAll(DatasetWarnings.check(result, split));
            summary.set(String.format(Locale.ROOT, "%d classes · %d images (%d train / %d validation) · %d skipped",
                    counts.length, result.images().size(), split.train().size(), split.validation().size(),
                    result.skipped().size()));
            error.set(null);
        } catch (Exception e) {
            error.set(Messages.of(e));
            summary.set(String.format(Locale.ROOT, "%d classes · %d images · %d skipped", counts.length,
                    result.images().size(), result.skipped().size()));
        }
        warnings.setAll(problems);
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
