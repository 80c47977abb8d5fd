package dev.graft.ui.training;

import java.util.List;
import java.util.Locale;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.util.StringConverter;

/**
 * How Graft's charts read: whole-number epoch ticks over the run's full length, accuracy as a
 * fixed 0–100 % scale, and series colours from the Okabe–Ito palette (distinct for colour-blind
 * readers), validation also dashed and marked so colour is never the only difference.
 */
public final class Charts {

    /** Okabe–Ito colours without the yellow, which is too pale on white. */
    public static final List<String> PALETTE = List.of("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#56B4E9",
            "#E69F00", "#000000");

    private Charts() {}

    /**
     * Sets an epoch axis to 0..epochs with whole-number ticks.
     *
     * @param axis the axis
     * @param epochs the run's epochs (at least 1 is shown)
     */
    public static void epochAxis(NumberAxis axis, int epochs) {
        int n = Math.max(1, epochs);
        axis.setAutoRanging(false);
        axis.setLowerBound(0);
        axis.setUpperBound(n);
        axis.setTickUnit(niceStep(n));
        axis.setMinorTickCount(0);
        axis.setTickLabelFormatter(integers());
    }

    /**
     * A tick step of 1, 2 or 5 times a power of ten giving at most about ten ticks.
     *
     * @param range the axis length
     * @return the step
     */
    public static int niceStep(int range) {
        for (int power = 1; ; power *= 10) {
            for (int m : new int[] {1, 2, 5}) {
                if (range / (m * power) <= 10) {
                    return m * power;
                }
            }
        }
    }

    /**
     * Fixes an axis to 0–1 shown as percent.
     *
     * @param axis the axis
     */
    public static void percentAxis(NumberAxis axis) {
        axis.setAutoRanging(false);
        axis.setLowerBound(0);
        axis.setUpperBound(1);
        axis.setTickUnit(0.25);
        axis.setMinorTickCount(0);
        axis.setTickLabelFormatter(new StringConverter<>() {
            @Override
            public String toString(Number n) {
                return String.format(Locale.ROOT, "%.0f %%", 100 * n.doubleValue());
            }

            @Override
            public Number fromString(String s) {
                return Double.parseDouble(s.replace("%", "").trim()) / 100;
            }
        });
    }

    /**
     * A loss axis: 0–1 while empty (not an arbitrary range), fitted to the data otherwise.
     *
     * @param axis the axis
     * @param empty whether the chart has no points
     */
    public static void lossAxis(NumberAxis axis, boolean empty) {
        axis.setForceZeroInRange(true);
        if (empty) {
            axis.setAutoRanging(false);
            axis.setLowerBound(0);
            axis.setUpperBound(1);
            axis.setTickUnit(0.25);
        } else {
            axis.setAutoRanging(true);
        }
    }

    private static StringConverter<Number> integers() {
        return new StringConverter<>() {
            @Override
            public String toString(Number n) {
                return Long.toString(Math.round(n.doubleValue()));
            }

            @Override
            public Number fromString(String s) {
                return Long.parseLong(s.trim());
            }
        };
    }

    /**
     * One entry of a legend drawn beside charts: a short line in a series' style and its name.
     *
     * @param name the series' name
     * @param colour CSS colour of the line
     * @param dashed validation style
     * @return the entry
     */
    public static javafx.scene.Node legendEntry(String name, String colour, boolean dashed) {
        javafx.scene.shape.Line swatch = new javafx.scene.shape.Line(0, 0, 22, 0);
        swatch.setStyle("-fx-stroke: " + colour + "; -fx-stroke-width: 2.5;" + (dashed ? " -fx-stroke-dash-array: 6 4;"
                : ""));
        javafx.scene.layout.HBox entry = new javafx.scene.layout.HBox(6, swatch, new javafx.scene.control.Label(name));
        entry.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        return entry;
    }

    /**
     * A chart series that follows a list of points. Only epoch (validation) points get a marker
     * node: per-batch points have none, so a long run does not pile up thousands of nodes.
     *
     * @param name legend text
     * @param points the points
     * @param colour CSS colour of the line (and markers)
     * @param dashed validation style: dashed line with markers
     * @return the series
     */
    public static XYChart.Series<Number, Number> follow(String name, ObservableList<ChartPoint> points, String colour,
            boolean dashed) {
        XYChart.Series<Number, Number> s = new XYChart.Series<>();
        s.setName(name);
        String lineStyle = "-fx-stroke: " + colour + ";" + (dashed ? " -fx-stroke-dash-array: 8 5;" : "");
        s.nodeProperty().addListener((o, a, node) -> {
            if (node != null) {
                node.setStyle(lineStyle);
            }
        });
        points.addListener((ListChangeListener<ChartPoint>) c -> {
            while (c.next()) {
                if (c.wasRemoved() && points.isEmpty()) {
                    s.getData().clear();
                    // LineChart does not redraw the line of a series that became empty: clear it here
                    if (s.getNode() instanceof javafx.scene.shape.Path line) {
                        line.getElements().clear();
                    }
                }
                if (c.wasAdded()) {
                    var added = c.getAddedSubList().stream().map(p -> {
                        XYChart.Data<Number, Number> d = new XYChart.Data<>(p.x(), p.y());
                        if (dashed) {
                            javafx.scene.shape.Circle dot = new javafx.scene.shape.Circle(3.5);
                            dot.setStyle("-fx-fill: white; -fx-stroke: " + colour + "; -fx-stroke-width: 2;");
                            d.setNode(dot);
                        }
                        return d;
                    }).toList();
                    s.getData().addAll(added);
                }
            }
        });
        return s;
    }
}
