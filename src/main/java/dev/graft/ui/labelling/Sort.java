package dev.graft.ui.labelling;

import java.util.Comparator;

/**
 * How the labelling grid orders the images: the model's surest or least sure predictions first, or
 * by file name. Each order is its comparator here, beside its name, so that the view-model only
 * asks for it.
 */
public enum Sort {
    /** The model's surest predictions first: accept them in groups. */
    SUREST_FIRST("Surest first"),
    /** The model's least sure predictions first: label where the model needs it. */
    HARDEST_FIRST("Hardest first"),
    /** By file name. */
    NAME("By name");

    private final String label;

    Sort(String label) {
        this.label = label;
    }

    @Override
    public String toString() {
        return label;
    }

    /** @return the order of the grid's tiles */
    Comparator<Tile> order() {
        Comparator<Tile> byName = Comparator.comparing(t -> t.file().getFileName().toString());
        return switch (this) {
            case NAME -> byName;
            // unpredicted images last in both views; images unlike anything the model knows are
            // the least sure of all, whatever their probability
            case SUREST_FIRST -> Comparator.comparing((Tile t) -> t.predicted() == null)
                    .thenComparing(Tile::familiar, Comparator.reverseOrder())
                    .thenComparing(Comparator.comparingDouble(Tile::confidence).reversed()).thenComparing(byName);
            case HARDEST_FIRST -> Comparator.comparing((Tile t) -> t.predicted() == null)
                    .thenComparing(Tile::familiar).thenComparingDouble(Tile::confidence).thenComparing(byName);
        };
    }
}
