package dev.graft.ui.models;

import dev.graft.core.model.CatalogueEntry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;

/**
 * The catalogue as a searchable list of cards, plus local models the user adds (TorchScript files,
 * Graft model or run folders). Selecting a card is what loads its layer tree.
 */
public final class ModelBrowserViewModel {

    private final ObservableList<CatalogueEntry> all = FXCollections.observableArrayList();
    private final FilteredList<CatalogueEntry> visible = new FilteredList<>(all, e -> true);
    private final StringProperty search = new SimpleStringProperty("");
    private final ObjectProperty<CatalogueEntry> selected = new SimpleObjectProperty<>();

    /**
     * Creates the browser over a catalogue; the default entry is selected.
     *
     * @param catalogue the catalogue entries
     */
    public ModelBrowserViewModel(List<CatalogueEntry> catalogue) {
        all.setAll(catalogue);
        search.addListener((obs, old, text) -> visible.setPredicate(e -> matches(e, text)));
        selected.set(catalogue.stream().filter(CatalogueEntry::isDefault).findFirst().orElse(null));
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
                "yours", 0, true, "local", false, folder
                        ? "A Graft model or run folder: its fine-tuned weights are the starting point."
                        : "A TorchScript module exported from PyTorch, used as a backbone with a new head."
                                + " Only 'feature extractor' and 'full fine-tuning' are exact for TorchScript.");
        all.add(entry);
        selected.set(entry);
        return entry;
    }

    /** @return the cards matching the search */
    public ObservableList<CatalogueEntry> visibleModels() {
        return visible;
    }

    /** @return the search text */
    public StringProperty searchProperty() {
        return search;
    }

    /** @return the selected model */
    public ObjectProperty<CatalogueEntry> selectedProperty() {
        return selected;
    }

    /**
     * One line under a card's name.
     *
     * @param e the entry
     * @return "MobileNetV2 · 2.6 M params · 224 px · offline"
     */
    public static String subtitle(CatalogueEntry e) {
        String params = e.parameters() > 0 ? dev.graft.ui.common.Messages.count(e.parameters()) + " params · " : "";
        String availability = e.availableOffline() ? "offline"
                : String.format(Locale.ROOT, "download %.0f MB", e.downloadSizeBytes() / 1e6);
        return e.architecture() + " · " + params + e.inputSize() + " px · " + availability;
    }
}
