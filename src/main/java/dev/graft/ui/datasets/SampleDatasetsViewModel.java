package dev.graft.ui.datasets;

import dev.graft.core.run.Failures;
import dev.graft.engine.datasets.DatasetDownloads;
import dev.graft.engine.datasets.FetchProgress;
import dev.graft.engine.datasets.SampleDataset;
import dev.graft.engine.datasets.SampleDatasets;
import dev.graft.engine.datasets.SampleStatus;
import dev.graft.engine.download.DownloadControl;
import dev.graft.engine.download.Sizes;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The "Open a sample dataset" page: every set with its facts before anything is downloaded, where
 * it stands on this computer (and, offline, what is missing and why), a download with progress,
 * speed, time left and cancel that runs in the background, and Open once the set is here, which
 * opens it as the workbench's dataset. Plain Java: the page binds to it, tests drive it directly.
 */
public final class SampleDatasetsViewModel {

    /** A set and where it stands. */
    public record Row(SampleDataset set, SampleStatus status) {

        /** @return the line the list shows, e.g. "CIFAR-10 · not fetched · 169.6 MB" */
        public String line() {
            return set.title() + " · " + stateLine();
        }

        /** @return where it stands and its size, e.g. "not fetched · 169.6 MB", "on this computer" */
        public String stateLine() {
            long bytes = status.downloadBytes() > 0 ? status.downloadBytes() : set.downloadBytes();
            String size = status.ready() || set.bundled() || bytes <= 0 ? "" : " · " + Sizes.format(bytes);
            String state = status.ready() ? (set.bundled() ? "bundled with Graft" : "on this computer")
                    : status.state().word();
            return state + size;
        }
    }

    /** Where the page's work stands. */
    public enum Activity {
        /** Nothing running. */
        IDLE,
        /** A set is being fetched. */
        FETCHING,
        /** Cancel was asked for; waiting for the fetch to stop and clean up. */
        CANCELLING
    }

    private final DatasetDownloads downloads;
    private final Executor background;
    private final Executor ui;
    private final Consumer<Path> opener;
    private final Consumer<String> notifier;

    private final ObservableList<Row> rows = FXCollections.observableArrayList();
    private final ObjectProperty<Row> selected = new SimpleObjectProperty<>();
    private final ObjectProperty<Activity> activity = new SimpleObjectProperty<>(Activity.IDLE);
    private final ObjectProperty<String> fetchingId = new SimpleObjectProperty<>();
    private final DoubleProperty progress = new SimpleDoubleProperty(0);
    private final StringProperty progressText = new SimpleStringProperty("");
    private final StringProperty message = new SimpleStringProperty("");
    private final BooleanBinding canFetch;
    private final BooleanBinding canCancel;
    private final BooleanBinding canOpen;
    private final StringBinding fetchLabel;
    private final StringBinding facts;
    private final StringBinding statusText;
    private final AtomicReference<FetchProgress> latest = new AtomicReference<>();
    private final AtomicBoolean progressPending = new AtomicBoolean();
    private volatile DownloadControl control;

    /**
     * Creates the page's model; every set is listed at once with what is known without the network.
     *
     * @param downloads the datasets' downloader
     * @param background runs status checks and fetches (never the UI thread)
     * @param ui delivers their results (the JavaFX thread in the app)
     * @param opener opens a folder as the workbench's dataset
     * @param notifier shows a line in the workbench's status bar
     */
    public SampleDatasetsViewModel(DatasetDownloads downloads, Executor background, Executor ui, Consumer<Path> opener,
            Consumer<String> notifier) {
        this.downloads = downloads;
        this.background = background;
        this.ui = ui;
        this.opener = opener;
        this.notifier = notifier;
        for (SampleDataset d : SampleDatasets.ALL) {
            rows.add(new Row(d, downloads.localStatus(d)));
        }
        selected.set(rows.get(0));
        selected.addListener((o, a, b) -> {
            if (activity.get() == Activity.IDLE) {
                message.set("");
                progress.set(0);
                progressText.set("");
            }
        });
        canFetch = Bindings.createBooleanBinding(() -> {
            Row r = selected.get();
            return r != null && r.status().fetchable() && activity.get() == Activity.IDLE;
        }, selected, activity);
        canCancel = Bindings.createBooleanBinding(() -> activity.get() == Activity.FETCHING, activity);
        canOpen = Bindings.createBooleanBinding(() -> selected.get() != null && selected.get().status().ready(),
                selected);
        fetchLabel = Bindings.createStringBinding(() -> {
            Row r = selected.get();
            if (r == null) {
                return "Download";
            }
            if (r.status().state() == SampleStatus.State.PARTLY_FETCHED) {
                return "Finish (no download)";
            }
            long bytes = r.status().downloadBytes() > 0 ? r.status().downloadBytes() : r.set().downloadBytes();
            return bytes > 0 ? "Download " + Sizes.format(bytes) : "Download";
        }, selected);
        facts = Bindings.createStringBinding(() -> selected.get() == null ? "" : facts(selected.get()), selected);
        statusText = Bindings.createStringBinding(() -> selected.get() == null ? "" : statusText(selected.get()),
                selected);
    }

    /**
     * The page's model for a workbench window: the datasets in force ({@link DatasetDownloads#current()}),
     * checks and fetches on daemon threads, results on the JavaFX thread.
     *
     * @param opener opens a folder as the workbench's dataset
     * @param notifier shows a line in the workbench's status bar
     * @return the view-model
     */
    public static SampleDatasetsViewModel forWindow(Consumer<Path> opener, Consumer<String> notifier) {
        Executor worker = java.util.concurrent.Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "graft-datasets");
            t.setDaemon(true);
            return t;
        });
        return new SampleDatasetsViewModel(DatasetDownloads.current(), worker, javafx.application.Platform::runLater,
                opener, notifier);
    }

    /**
     * Asks DJL's repository, off the UI thread, about every set that is not here (sizes and
     * licence from its metadata; or why it cannot be reached); updates the rows.
     */
    public void checkRepository() {
        List<SampleDataset> sets = rows.stream().map(Row::set).toList();
        background.execute(() -> {
            for (SampleDataset d : sets) {
                SampleStatus s = downloads.status(d);
                ui.execute(() -> {
                    if (!d.id().equals(fetchingId.get())) {
                        replace(new Row(d, s));
                    }
                });
            }
        });
    }

    /** Fetches the selected set in the background; progress arrives on the UI thread. */
    public void fetch() {
        Row row = selected.get();
        if (!canFetch.get()) {
            return;
        }
        DownloadControl c = new DownloadControl();
        control = c;
        fetchingId.set(row.set().id());
        activity.set(Activity.FETCHING);
        progress.set(-1);
        progressText.set("Asking DJL's repository for " + row.set().title() + " …");
        message.set("");
        background.execute(() -> {
            try {
                Path train = downloads.fetch(row.set(), this::progress, c);
                SampleStatus s = downloads.localStatus(row.set());
                ui.execute(() -> {
                    ended(new Row(row.set(), s), 1, "");
                    message.set(row.set().title() + " is ready in " + train.getParent() + ". Open shows its training"
                            + " split, " + train.getFileName() + ", in the workbench.");
                    notifier.accept(row.set().title() + " is ready: Open a sample dataset… → Open.");
                });
            } catch (CancellationException e) {
                SampleStatus s = downloads.localStatus(row.set());
                ui.execute(() -> {
                    ended(new Row(row.set(), s), 0, "");
                    message.set(s.state() == SampleStatus.State.PARTLY_FETCHED
                            ? "Cancelled. Nothing half-written was kept; the complete download stays, so Finish needs"
                                    + " no network."
                            : "Cancelled; nothing was kept.");
                });
            } catch (Exception | Error e) {
                SampleStatus s = downloads.localStatus(row.set());
                ui.execute(() -> {
                    ended(new Row(row.set(), s), 0, "");
                    message.set(Failures.describe(e));
                });
            }
        });
    }

    private void ended(Row row, double fraction, String text) {
        activity.set(Activity.IDLE);
        fetchingId.set(null);
        replace(row);
        progress.set(fraction);
        progressText.set(text);
    }

    /** Cancels the running fetch; it stops at its next block of data or image and keeps nothing half-written. */
    public void cancel() {
        DownloadControl c = control;
        if (c != null && activity.get() == Activity.FETCHING) {
            c.cancel();
            activity.set(Activity.CANCELLING);
            progressText.set("Cancelling …");
        }
    }

    /**
     * Opens the selected set's training folder as the workbench's dataset.
     *
     * @return true if it was opened
     */
    public boolean open() {
        Row r = selected.get();
        if (r == null || !r.status().ready()) {
            return false;
        }
        opener.accept(r.status().trainFolder());
        return true;
    }

    /** Stops a running fetch (the window closes). */
    public void shutdown() {
        DownloadControl c = control;
        if (c != null) {
            c.cancel();
        }
    }

    /** Progress arrives on the fetching thread, often: at most one UI update is queued at a time. */
    private void progress(FetchProgress p) {
        latest.set(p);
        if (progressPending.compareAndSet(false, true)) {
            ui.execute(() -> {
                progressPending.set(false);
                FetchProgress last = latest.get();
                if (activity.get() == Activity.FETCHING && last != null && last.stage() != FetchProgress.Stage.DONE) {
                    progress.set(last.fraction());
                    progressText.set(last.describe());
                }
            });
        }
    }

    private void replace(Row updated) {
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i).set().id().equals(updated.set().id())) {
                boolean wasSelected = selected.get() != null && selected.get().set().id().equals(updated.set().id());
                rows.set(i, updated);
                if (wasSelected) {
                    selected.set(updated);
                }
                return;
            }
        }
    }

    /** One fact of a set: what, and its value. */
    public record Fact(String name, String value) { }

    /**
     * The facts the page shows for a set, before anything is downloaded.
     *
     * @param r the set and its status
     * @return name and value pairs, in order
     */
    public static List<Fact> factsOf(Row r) {
        SampleDataset d = r.set();
        long bytes = r.status().downloadBytes() > 0 ? r.status().downloadBytes() : d.downloadBytes();
        List<Fact> out = new java.util.ArrayList<>();
        out.add(new Fact("Images", d.images()));
        out.add(new Fact("Image size", d.imageSize()));
        out.add(new Fact("Classes", d.describeClasses()));
        out.add(new Fact("Licence", d.licence() + (r.status().licence() == null ? ""
                : " (DJL's repository lists: " + r.status().licence() + ")")));
        out.add(new Fact("Source", d.home()));
        if (!d.bundled()) {
            out.add(new Fact("Through", "DJL basicdataset, artifact ai.djl.basicdataset:" + d.artifactId()));
            out.add(new Fact("Download", bytes > 0 ? Sizes.format(bytes) : "size shown once DJL's repository answers"));
        }
        out.add(new Fact("Folder", r.status().trainFolder().getParent().toString()));
        out.add(new Fact("Splits", d.trainFolder() + ": train on it.  " + d.testFolder() + ": the test split,"
                + " marked as such: score a chosen model on it once."));
        return out;
    }

    private static String facts(Row r) {
        return String.join("\n", factsOf(r).stream().map(f -> f.name() + ":  " + f.value()).toList());
    }

    private static String statusText(Row r) {
        SampleStatus s = r.status();
        return switch (s.state()) {
            case READY -> (r.set().bundled() ? "Bundled with Graft" : "On this computer") + ": Open shows it at once.";
            case PARTLY_FETCHED -> "Downloaded, not yet written as class folders: " + s.detail();
            case DOWNLOADABLE -> "Not on this computer yet; DJL's repository answered: " + s.detail();
            case NOT_FETCHED -> "Not on this computer yet (" + s.detail() + ").";
            case UNAVAILABLE_OFFLINE -> "Cannot be downloaded now. " + Character.toUpperCase(s.detail().charAt(0))
                    + s.detail().substring(1) + ".";
            case UNAVAILABLE -> "Unavailable: " + s.detail();
        };
    }

    /** @return every set, in list order */
    public ObservableList<Row> rows() {
        return rows;
    }

    /** @return the set the details show */
    public ObjectProperty<Row> selectedProperty() {
        return selected;
    }

    /** @return what runs now */
    public ReadOnlyObjectProperty<Activity> activityProperty() {
        return activity;
    }

    /** @return the id of the set being fetched, or null */
    public ReadOnlyObjectProperty<String> fetchingIdProperty() {
        return fetchingId;
    }

    /** @return the current step's fraction, 0..1, or -1 while unknown */
    public ReadOnlyDoubleProperty progressProperty() {
        return progress;
    }

    /** @return "Downloading: 12.3 MB of 169.6 MB · 4.1 MB/s · 30 s left", or "" */
    public ReadOnlyStringProperty progressTextProperty() {
        return progressText;
    }

    /** @return the last fetch's outcome, or why it failed */
    public ReadOnlyStringProperty messageProperty() {
        return message;
    }

    /** @return true when the selected set can be fetched now */
    public BooleanBinding canFetchProperty() {
        return canFetch;
    }

    /** @return true while a fetch can be cancelled */
    public BooleanBinding canCancelProperty() {
        return canCancel;
    }

    /** @return true when the selected set is here and can be opened */
    public BooleanBinding canOpenProperty() {
        return canOpen;
    }

    /** @return the download button's text, with the size when known */
    public StringBinding fetchLabelProperty() {
        return fetchLabel;
    }

    /** @return the selected set's facts, one per line */
    public StringBinding factsProperty() {
        return facts;
    }

    /** @return where the selected set stands, in words */
    public StringBinding statusTextProperty() {
        return statusText;
    }
}
