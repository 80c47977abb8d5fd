package dev.graft.ui.models;

import dev.graft.core.run.Failures;
import dev.graft.core.model.CatalogueEntry;
import dev.graft.engine.download.DownloadControl;
import dev.graft.engine.download.DownloadProgress;
import dev.graft.engine.download.Sizes;
import dev.graft.engine.zoo.ZooDownloads;
import dev.graft.engine.zoo.ZooStatus;
import dev.graft.ui.common.Messages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;

/**
 * The catalogue as a searchable list of cards, plus local models the user adds (TorchScript files,
 * Graft model or run folders). Selecting a card is what loads its layer tree. A model-zoo card
 * that is not downloaded can be downloaded here, with progress, speed, time left and cancel;
 * {@link #trainBlockedReasonProperty()} says why such a model cannot be trained yet.
 */
public final class ModelBrowserViewModel {

    /** Why the model cannot change now. */
    public static final String LOCKED = "A run is training with this model: stop it, or wait for it to end, to choose"
            + " another.";

    /** Where a download stands. */
    public enum DownloadState {
        /** Nothing running. */
        IDLE,
        /** Bytes are arriving. */
        DOWNLOADING,
        /** Cancel was asked for; waiting for the download to stop and clean up. */
        CANCELLING,
        /** The last download failed ({@link #downloadMessageProperty()} says why). */
        FAILED
    }

    private final ObservableList<CatalogueEntry> all = FXCollections.observableArrayList();
    private final FilteredList<CatalogueEntry> visible = new FilteredList<>(all, e -> true);
    private final StringProperty search = new SimpleStringProperty("");
    /** The working model: what the layer tree shows and Train trains. */
    private final ObjectProperty<CatalogueEntry> selected = new SimpleObjectProperty<>();
    /** The model whose card is read: browsing never changes the working model. */
    private final ObjectProperty<CatalogueEntry> viewed = new SimpleObjectProperty<>();
    private final ObjectProperty<DownloadState> downloadState = new SimpleObjectProperty<>(DownloadState.IDLE);
    private final StringProperty downloadingId = new SimpleStringProperty();
    private final DoubleProperty downloadProgress = new SimpleDoubleProperty(0);
    private final StringProperty downloadMessage = new SimpleStringProperty("");
    private final BooleanProperty statusesChecked = new SimpleBooleanProperty(false);
    private final BooleanProperty locked = new SimpleBooleanProperty(false);
    private final BooleanBinding canDownload;
    private final BooleanBinding canUse;
    private final BooleanBinding canCancel;
    private final StringBinding trainBlockedReason;
    private final StringBinding downloadLabel;

    private final ZooService zoo;
    private final Executor background;
    private final Executor ui;
    private final AtomicReference<DownloadProgress> latest = new AtomicReference<>();
    private final AtomicBoolean progressPending = new AtomicBoolean();
    private volatile DownloadControl control;

    /**
     * Creates the browser over a catalogue, with the real model zoo, downloads on a worker thread
     * and results delivered on the JavaFX thread; the default entry is selected.
     *
     * @param catalogue the catalogue entries
     */
    public ModelBrowserViewModel(List<CatalogueEntry> catalogue) {
        this(catalogue, ZooService.of(ZooDownloads.current()), Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "graft-zoo-download");
            t.setDaemon(true);
            return t;
        }), javafx.application.Platform::runLater);
    }

    /**
     * Creates the browser.
     *
     * @param catalogue the catalogue entries
     * @param zoo the model zoo
     * @param background runs status checks and downloads
     * @param ui delivers their results (the JavaFX thread in the app)
     */
    public ModelBrowserViewModel(List<CatalogueEntry> catalogue, ZooService zoo, Executor background, Executor ui) {
        this.zoo = zoo;
        this.background = background;
        this.ui = ui;
        all.setAll(catalogue);
        search.addListener((obs, old, text) -> visible.setPredicate(e -> matches(e, text)));
        selected.set(catalogue.stream().filter(CatalogueEntry::isDefault).findFirst().orElse(null));
        viewed.set(selected.get());
        // a model chosen (from the card, a drop, a run's recipe) is also the one whose card shows
        selected.addListener((o, a, b) -> viewed.set(b));
        viewed.addListener((o, a, b) -> {
            // the last download's outcome belongs to that model's card
            boolean same = a != null && b != null && a.id().equals(b.id());
            if (!same && downloadingId.get() == null) {
                downloadProgress.set(0);
                downloadMessage.set("");
                if (downloadState.get() == DownloadState.FAILED) {
                    downloadState.set(DownloadState.IDLE);
                }
            }
        });
        canDownload = Bindings.createBooleanBinding(() -> {
            CatalogueEntry e = viewed.get();
            return e != null && e.needsDownload() && !"unavailable offline".equals(e.status())
                    && !"unavailable".equals(e.status())
                    && downloadState.get() != DownloadState.DOWNLOADING
                    && downloadState.get() != DownloadState.CANCELLING;
        }, viewed, downloadState);
        canUse = Bindings.createBooleanBinding(() -> {
            CatalogueEntry e = viewed.get();
            return e != null && !e.equals(selected.get()) && !e.needsDownload() && !locked.get();
        }, viewed, selected, locked);
        canCancel = Bindings.createBooleanBinding(() -> downloadState.get() == DownloadState.DOWNLOADING,
                downloadState);
        trainBlockedReason = Bindings.createStringBinding(() -> {
            CatalogueEntry e = selected.get();
            if (e == null || !e.needsDownload()) {
                return null;
            }
            if (e.id().equals(downloadingId.get()) && downloadState.get() != DownloadState.FAILED) {
                return e.name() + " is still downloading.";
            }
            return "unavailable offline".equals(e.status()) || "unavailable".equals(e.status())
                    ? e.name() + " is not downloaded and cannot be now: " + e.statusDetail()
                    : e.name() + " is not downloaded yet: press Download (" + Sizes.format(e.downloadSizeBytes())
                            + ") or run `graft download " + e.id() + "`.";
        }, selected, downloadState, downloadingId);
        downloadLabel = Bindings.createStringBinding(() -> {
            CatalogueEntry e = viewed.get();
            return e == null ? "Download" : "Download " + Sizes.format(e.downloadSizeBytes());
        }, viewed);
    }

    /**
     * Asks the model zoo, off the UI thread, which zoo models can be downloaded now (sizes from
     * its metadata) and which are unavailable offline; updates the cards.
     */
    public void checkZoo() {
        List<CatalogueEntry> zooEntries = all.stream().filter(e -> "zoo".equals(e.kind())).toList();
        background.execute(() -> {
            for (CatalogueEntry e : zooEntries) {
                ZooStatus s = zoo.status(e.id());
                if (s != null) {
                    ui.execute(() -> replace(e.id(), dev.graft.engine.catalogue.ModelCatalogue.withStatus(e, s)));
                }
            }
            ui.execute(() -> statusesChecked.set(true));
        });
    }

    /** Downloads the zoo model whose card is shown, in the background; progress arrives on the UI thread. */
    public void download() {
        CatalogueEntry entry = viewed.get();
        if (!canDownload.get()) {
            return;
        }
        DownloadControl c = new DownloadControl();
        control = c;
        downloadingId.set(entry.id());
        downloadProgress.set(0);
        downloadMessage.set("Starting the download of " + Sizes.format(entry.downloadSizeBytes()) + " …");
        downloadState.set(DownloadState.DOWNLOADING);
        background.execute(() -> {
            try {
                zoo.download(entry.id(), this::progress, c);
                ZooStatus s = zoo.status(entry.id());
                ui.execute(() -> {
                    replace(entry.id(), dev.graft.engine.catalogue.ModelCatalogue.withStatus(entry, s));
                    downloadState.set(DownloadState.IDLE);
                    downloadingId.set(null);
                    downloadProgress.set(1);
                    downloadMessage.set(entry.name() + " downloaded and verified.");
                    // downloading a model is choosing it: it becomes the working model unless a run trains
                    if (!locked.get() && viewed.get() != null && viewed.get().id().equals(entry.id())) {
                        selected.set(viewed.get());
                    }
                });
            } catch (CancellationException e) {
                ui.execute(() -> {
                    downloadState.set(DownloadState.IDLE);
                    downloadingId.set(null);
                    downloadProgress.set(0);
                    downloadMessage.set("Download cancelled; nothing was kept.");
                });
            } catch (Exception | Error e) {
                ui.execute(() -> {
                    downloadState.set(DownloadState.FAILED);
                    downloadingId.set(null);
                    downloadMessage.set(Failures.describe(e));
                });
            }
        });
    }

    /** Cancels the running download; it stops at its next block of data and keeps nothing. */
    public void cancelDownload() {
        DownloadControl c = control;
        if (c != null && downloadState.get() == DownloadState.DOWNLOADING) {
            c.cancel();
            downloadState.set(DownloadState.CANCELLING);
            downloadMessage.set("Cancelling …");
        }
    }

    /** Progress arrives on the download thread, often: at most one UI update is queued at a time. */
    private void progress(DownloadProgress p) {
        latest.set(p);
        if (progressPending.compareAndSet(false, true)) {
            ui.execute(() -> {
                progressPending.set(false);
                DownloadProgress last = latest.get();
                if (downloadState.get() == DownloadState.DOWNLOADING && last != null && last.totalBytes() > 0) {
                    downloadProgress.set(last.fraction());
                    downloadMessage.set(last.describe());
                }
            });
        }
    }

    private void replace(String id, CatalogueEntry updated) {
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).id().equals(id)) {
                boolean wasSelected = selected.get() != null && selected.get().id().equals(id);
                boolean wasViewed = viewed.get() != null && viewed.get().id().equals(id);
                all.set(i, updated);
                if (wasSelected) {
                    selected.set(updated);
                } else if (wasViewed) {
                    viewed.set(updated);
                }
                return;
            }
        }
    }

    static boolean matches(CatalogueEntry e, String text) {
        if (text == null || text.isBlank()) {
            return true;
        }
        String haystack = (e.id() + " " + e.name() + " " + e.architecture() + " " + e.source() + " " + e.kind())
                .toLowerCase(Locale.ROOT);
        for (String word : text.toLowerCase(Locale.ROOT).trim().split("\\s+")) {
            if (!haystack.contains(word)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Adds what the user dropped or chose: a Keras model (TF.js files, a Teachable Machine export,
     * .h5/.keras) is imported first, in the background, and its imported folder added; anything else
     * is added as {@link #addLocal} does.
     *
     * @param path the file or folder
     * @param say shows a message (the import's outcome, or why it failed), on the UI thread
     */
    public void add(Path path, java.util.function.Consumer<String> say) {
        if (!dev.graft.engine.catalogue.ImportedModels.isKerasSource(path)) {
            try {
                addLocal(path);
            } catch (IllegalArgumentException e) {
                say.accept(e.getMessage());
            }
            return;
        }
        if (locked.get()) {
            say.accept(LOCKED);
            return;
        }
        say.accept("Importing " + path.getFileName() + " …");
        background.execute(() -> {
            try {
                var imported = dev.graft.engine.catalogue.ImportedModels.importOnce(path);
                ui.execute(() -> {
                    addLocal(imported.folder());
                    say.accept(imported.message());
                });
            } catch (Exception | Error e) {
                ui.execute(() -> say.accept("Cannot import " + path.getFileName() + ": " + Failures.describe(e)));
            }
        });
    }

    /**
     * Adds a local model and selects it.
     *
     * @param path a TorchScript file or a Graft model/run folder
     * @return the new entry, or the existing one for the same path
     * @throws IllegalArgumentException if the path does not exist
     */
    public CatalogueEntry addLocal(Path path) {
        if (!Files.exists(path)) {
            throw new IllegalArgumentException("Not found: " + path);
        }
        if (locked.get()) {
            throw new IllegalArgumentException(LOCKED);
        }
        String id = path.toAbsolutePath().normalize().toString();
        for (CatalogueEntry e : all) {
            if (e.id().equals(id)) {
                selected.set(e);
                return e;
            }
        }
        boolean folder = Files.isDirectory(path);
        CatalogueEntry entry = new CatalogueEntry(id, path.getFileName().toString(),
                folder ? "Graft model" : "TorchScript", 0, 224, "local " + (folder ? "folder " : "file ") + id,
                licence(path), 0, true, "local", false, folder
                        ? "A Graft model or run folder: its fine-tuned weights are the starting point."
                        : "A TorchScript module exported from PyTorch, used as a backbone with a new head."
                                + " Only 'feature extractor' and 'full fine-tuning' are exact for TorchScript.");
        all.add(entry);
        selected.set(entry);
        return entry;
    }

    /** @return the ids of the models a user added (files and folders), in the order they were added */
    public java.util.List<String> addedIds() {
        return all.stream().filter(e -> "local".equals(e.kind())).map(CatalogueEntry::id).toList();
    }

    /** @return every entry, whatever the search shows (to follow additions) */
    public ObservableList<CatalogueEntry> allModels() {
        return FXCollections.unmodifiableObservableList(all);
    }

    /**
     * The catalogue's entry for a recipe's model reference: a catalogue id, or a file or folder on
     * disk (added to the catalogue when it is not in it yet).
     *
     * @param modelRef the reference
     * @return the entry, or null when it is neither in the catalogue nor on disk
     */
    public CatalogueEntry find(String modelRef) {
        for (CatalogueEntry e : all) {
            if (e.id().equals(modelRef)) {
                return e;
            }
        }
        Path path = Path.of(modelRef);
        return Files.exists(path) && !locked.get() ? addLocal(path) : null;
    }

    /**
     * The licence of an added model's weights as its folder states it: a model fine-tuned from other
     * weights keeps their licence (Graft copies the LICENSE file into every model it writes).
     */
    private static String licence(Path path) {
        for (Path file : List.of(path.resolve("LICENSE"), path.resolve("LICENSE-weights.txt"),
                path.resolve("model").resolve("LICENSE-weights.txt"))) {
            if (Files.isRegularFile(file)) {
                try (java.util.stream.Stream<String> lines = Files.lines(file)) {
                    String first = lines.map(String::trim).filter(l -> !l.isEmpty()).findFirst().orElse("");
                    return "as its LICENSE file says" + (first.isEmpty() ? "" : " (" + (first.length() > 60
                            ? first.substring(0, 60) + "…" : first) + ")") + "; a fine-tuned model keeps the licence of"
                            + " the weights it started from";
                } catch (java.io.IOException | java.io.UncheckedIOException e) {
                    break;
                }
            }
        }
        return Files.isDirectory(path) ? "unknown: no LICENSE file in the folder; a fine-tuned model keeps the licence"
                + " of the weights it started from" : "unknown: whoever exported this file decides";
    }

    /**
     * Whether the model choice is locked: while a run trains, the browser shows the model it trains.
     *
     * @return the property (the workbench binds it to its run)
     */
    public BooleanProperty lockedProperty() {
        return locked;
    }

    /** @return the cards matching the search */
    public ObservableList<CatalogueEntry> visibleModels() {
        return visible;
    }

    /** @return the search text */
    public StringProperty searchProperty() {
        return search;
    }

    /** @return the working model (the layer tree's and Train's) */
    public ObjectProperty<CatalogueEntry> selectedProperty() {
        return selected;
    }

    /** @return the model whose card is shown (browsing; see {@link #use()}) */
    public ObjectProperty<CatalogueEntry> viewedProperty() {
        return viewed;
    }

    /** Makes the model whose card is shown the working model, when it can be used now. */
    public void use() {
        if (canUse.get()) {
            selected.set(viewed.get());
        }
    }

    /** @return true when the card's model can become the working model now */
    public BooleanBinding canUseProperty() {
        return canUse;
    }

    /**
     * Why the card's model cannot become the working model, for the Use button's place; null when it
     * can or already is.
     *
     * @return the reason
     */
    public String whyNotUse() {
        CatalogueEntry e = viewed.get();
        if (e == null || e.equals(selected.get())) {
            return null;
        }
        if (locked.get()) {
            return LOCKED;
        }
        return e.needsDownload() ? "Download it first to use it." : null;
    }

    /** @return where the download stands */
    public ReadOnlyObjectProperty<DownloadState> downloadStateProperty() {
        return downloadState;
    }

    /** @return the id being downloaded, or null */
    public ReadOnlyStringProperty downloadingIdProperty() {
        return downloadingId;
    }

    /** @return fraction downloaded, 0..1 */
    public ReadOnlyDoubleProperty downloadProgressProperty() {
        return downloadProgress;
    }

    /** @return "12.3 MB of 43.5 MB · 4.1 MB/s · 8 s left", or the outcome, or why it failed */
    public ReadOnlyStringProperty downloadMessageProperty() {
        return downloadMessage;
    }

    /** @return true once {@link #checkZoo()} has answered */
    public ReadOnlyBooleanProperty statusesCheckedProperty() {
        return statusesChecked;
    }

    /** @return true when the selected model can be downloaded now */
    public BooleanBinding canDownloadProperty() {
        return canDownload;
    }

    /** @return true while a download can be cancelled */
    public BooleanBinding canCancelProperty() {
        return canCancel;
    }

    /** @return the download button's text, with the size */
    public StringBinding downloadLabelProperty() {
        return downloadLabel;
    }

    /**
     * Why the selected model cannot be trained yet (a zoo model that is not downloaded), in
     * words for the Train button's tooltip; null when it can.
     *
     * @return the reason
     */
    public StringBinding trainBlockedReasonProperty() {
        return trainBlockedReason;
    }

    /**
     * One line under a card's name.
     *
     * @param e the entry
     * @return "MobileNetV2 · 2.6 M params · 224 px · offline"
     */
    public static String subtitle(CatalogueEntry e) {
        String params = e.parameters() > 0 ? dev.graft.ui.common.Messages.count(e.parameters()) + " params · " : "";
        String availability = "zoo".equals(e.kind()) && !e.availableOffline()
                ? e.status() + " · " + Sizes.format(e.downloadSizeBytes())
                : "zoo".equals(e.kind()) ? "downloaded" : "offline";
        return e.architecture() + " · " + params + e.inputSize() + " px · " + availability;
    }
}
