package dev.graft.ui.dataset;

import dev.graft.core.run.Failures;
import dev.graft.core.data.DatasetScan;
import dev.graft.core.data.DatasetSplit;
import dev.graft.core.data.LabeledImage;
import dev.graft.core.data.SkippedFile;
import dev.graft.core.data.HealthReport;
import dev.graft.engine.data.DatasetCheck;
import dev.graft.engine.data.DatasetScanner;
import dev.graft.core.data.DatasetWarnings;
import dev.graft.core.run.RecipeDefaults;
import dev.graft.core.run.StopSignal;
import dev.graft.core.util.Plural;
import dev.graft.ui.common.Background;
import dev.graft.ui.common.Latest;
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
    /** What earlier scans learnt about unchanged files: a rescan after a labelling step reads only what changed. */
    private final DatasetCheck.Memory memory = new DatasetCheck.Memory();
    private final Background background;
    private String signature = "";
    private boolean checkAgain;
    /** The scan being shown (set before the public scan property, whose listeners come last). */
    private DatasetScan shown;
    private double lastValFraction = RecipeDefaults.VAL_FRACTION;
    private long lastSeed = RecipeDefaults.SEED;
    private int lastImageSize = RecipeDefaults.IMAGE_SIZE;
    private final ObservableList<String> health = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<HealthReport> report = new ReadOnlyObjectWrapper<>();
    private final javafx.beans.property.IntegerProperty inbox = new javafx.beans.property.SimpleIntegerProperty();
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
        open(dir, valFraction, seed, lastImageSize);
    }

    /**
     * Opens a folder, scans it and checks its health in one pass, in the background.
     *
     * @param dir the dataset folder
     * @param valFraction validation share for the split summary and the leak check
     * @param seed split seed
     * @param imageSize the model's input size (for the small-image check)
     */
    public void open(Path dir, double valFraction, long seed, int imageSize) {
        lastImageSize = imageSize;
        boolean same = dir.equals(folder.get());
        String keep = same && selectedClass.get() != null ? selectedClass.get().name() : null;
        folder.set(dir);
        lastValFraction = valFraction;
        lastSeed = seed;
        scanning.set(true);
        if (!same) {
            // a rescan keeps the error until it knows better: clearing and re-setting it would
            // announce it again and hide what the user's last action said
            error.set(null);
        }
        summary.set("Scanning " + dir + " …");
        scanning0.run(() -> {
            String before = signature(dir); // taken first: a change during the scan shows up as a difference
            // any folder: one that is still to be labelled has an inbox but no classes yet
            DatasetCheck.Checked checked = new DatasetCheck(valFraction, seed, imageSize, DatasetCheck.NEAR_THRESHOLD)
                    .remembering(memory).runAnyFolder(dir, new StopSignal());
            return new Scanned(checked.scan(), checked.report(), before);
        }, result -> {
            scanning.set(false);
            signature = result.signature();
            report.set(result.report());
            health.setAll(healthLines(result.report(), result.scan()));
            show(result.scan(), valFraction, seed, keep);
            if (checkAgain) {
                checkAgain = false;
                refreshIfChanged();
            }
        }, failure -> {
            scanning.set(false);
            signature = "";
            shown = null;
            scan.set(null);
            classes.clear();
            skipped.clear();
            warnings.clear();
            classImages.clear();
            health.clear();
            report.set(null);
            inbox.set(0);
            error.set(Failures.describe(failure));
            summary.set("Cannot use " + dir);
        });
    }

    /** A scan, its health report and the folder signature it was made from. */
    private record Scanned(DatasetScan scan, HealthReport report, String signature) {}

    /** The health findings in words, each naming its files (a few; the Label tab and graft check show all). */
    static List<String> healthLines(HealthReport r, DatasetScan scan) {
        List<String> out = new ArrayList<>();
        if (r.crossSplitTotal() > 0) {
            out.add(r.crossSplitTotal() + (r.crossSplitTotal() == 1 ? " image is" : " images are") + " in both training"
                    + " and validation (the same or an alike picture), so validation accuracy looks better than it"
                    + " is: " + String.join("; ", r.crossSplit().stream().limit(3).map(c -> c.train().file() + " ↔ "
                    + c.validation().file()).toList()) + (r.crossSplitTotal() > 3 ? "; …" : ""));
        }
        if (!r.duplicates().isEmpty()) {
            out.add(r.duplicates().size() + " exact duplicate" + (r.duplicates().size() == 1 ? "" : "s")
                    + " (same bytes): " + String.join("; ", r.duplicates().stream().limit(3).map(d -> String.join(" = ",
                    d.files().stream().map(HealthReport.FileRef::file).toList())
                    + (d.acrossClasses() ? " (different classes)" : "")).toList())
                    + (r.duplicates().size() > 3 ? "; …" : ""));
        }
        if (r.nearDuplicatesTotal() > 0) {
            out.add(r.nearDuplicatesTotal() + (r.nearDuplicatesTotal() == 1 ? " pair of images looks" : " pairs of"
                    + " images look") + " alike: " + String.join("; ", r.nearDuplicates().stream().limit(3).map(n -> n.files().get(0).file()
                    + " ~ " + n.files().get(1).file() + (n.acrossClasses() ? " (different classes)" : "")).toList())
                    + (r.nearDuplicatesTotal() > 3 ? "; …" : ""));
        }
        if (!r.smallImages().isEmpty()) {
            out.add(r.smallImages().size() + " image" + (r.smallImages().size() == 1 ? " is" : "s are") + " much"
                    + " smaller than the " + r.imageSize() + " px input: " + String.join(", ", r.smallImages().stream()
                    .limit(3).map(i -> i.file() + " (" + i.width() + "×" + i.height() + ")").toList())
                    + (r.smallImages().size() > 3 ? ", …" : ""));
        }
        int loose = scan.inbox().size();
        if (loose > 0) {
            out.add(Plural.of(loose, "unlabelled image") + (loose == 1 ? " lies" : " lie") + " directly in "
                    + scan.root().getFileName() + ", not in a class folder: the inbox, not used for training (sort"
                    + " them on the Label tab)");
        }
        return out;
    }

    /** Scans the open folder again (after the user fixed what the error named). */
    public void refresh() {
        if (folder.get() != null) {
            open(folder.get(), lastValFraction, lastSeed, lastImageSize);
        }
    }

    /**
     * Rescans only when files were added, removed or changed since the last scan (cheap: a listing
     * with sizes and times, no decoding). The window calls it when it regains focus.
     */
    public void refreshIfChanged() {
        Path dir = folder.get();
        if (dir != null && scanning.get()) {
            checkAgain = true; // asked during a scan: look again when it is done
            return;
        }
        if (dir == null) {
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
                    : counts[c] < DatasetWarnings.TINY_CLASS ? "only " + Plural.of(counts[c], "image") : null;
            rows.add(new ClassRow(result.classes().get(c), counts[c], samples, warning));
        }
        classes.setAll(rows);
        selectedClass.set(rows.stream().filter(r -> r.name().equals(keepClass)).findFirst()
                .orElse(rows.isEmpty() ? null : rows.get(0)));
        showClass(selectedClass.get());
        skipped.setAll(result.skipped());
        int loose = result.inbox().size();
        inbox.set(loose);
        String unlabelled = loose == 0 ? "" : " · " + loose + " unlabelled in the inbox";
        List<String> problems = new ArrayList<>();
        try {
            DatasetScanner.requireTrainable(result);
            DatasetSplit split = DatasetSplit.stratified(result, valFraction, seed);
            problems.addAll(DatasetWarnings.check(result, split));
            summary.set(String.format(Locale.ROOT, "%d classes · %d images (%d train / %d validation) · %d skipped"
                    + "%s%s", counts.length, result.images().size(), split.train().size(), split.validation().size(),
                    result.skipped().size(), unlabelled, result.medianSide() > 0 ? " · images about "
                            + result.medianSide() + " px" : ""));
            error.set(null);
        } catch (Exception e) {
            error.set(Failures.describe(e));
            summary.set(String.format(Locale.ROOT, "%d classes · %d images · %d skipped%s", counts.length,
                    result.images().size(), result.skipped().size(), unlabelled));
        }
        warnings.setAll(problems);
        scan.set(result); // last: listeners of the scan read the summary, warnings and error set above
    }

    /** @return the health findings in words (duplicates, leaks, look-alikes, small images, the inbox) */
    public ObservableList<String> health() {
        return health;
    }

    /** @return the last health report, or null */
    public ReadOnlyObjectProperty<HealthReport> reportProperty() {
        return report.getReadOnlyProperty();
    }

    /** @return files lying directly in the dataset folder (the labelling inbox) */
    public javafx.beans.property.ReadOnlyIntegerProperty inboxProperty() {
        return inbox;
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
