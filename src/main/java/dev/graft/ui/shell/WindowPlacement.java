package dev.graft.ui.shell;

import java.util.List;
import javafx.geometry.Rectangle2D;
import javafx.stage.Stage;

/**
 * Where the window opens: where it was, when that place is still on a screen and of a usable size;
 * otherwise a default size centred on the first screen. Window managers differ (some ignore a size
 * set after the window is shown, some place a window anywhere): the size is set on the scene and the
 * place on the stage before it is shown, and never smaller than the window can be used at.
 *
 * @param x left edge, or NaN to centre
 * @param y top edge, or NaN to centre
 * @param width width
 * @param height height
 * @param maximized whether to maximise once shown
 */
public record WindowPlacement(double x, double y, double width, double height, boolean maximized) {

    /** The window's size on a first start (it fits a 1366×768 screen's usable area). */
    static final double DEFAULT_WIDTH = 1320;
    /** See {@link #DEFAULT_WIDTH}. */
    static final double DEFAULT_HEIGHT = 860;
    /** Below this the window's tabs cannot be used: a remembered size under it is not restored. */
    static final double MIN_WIDTH = 800;
    /** See {@link #MIN_WIDTH}. */
    static final double MIN_HEIGHT = 560;
    /**
     * Room the window manager's frame and title bar take around the scene. A window asked to be as
     * large as the screen's usable area does not fit with its frame, and some window managers
     * (openbox) then open it at its minimum size instead.
     */
    static final double FRAME_WIDTH = 24;
    /** See {@link #FRAME_WIDTH}. */
    static final double FRAME_HEIGHT = 56;

    /**
     * Decides where the window opens.
     *
     * @param remembered where it was, or null
     * @param screens the screens' usable areas (the first is the primary)
     * @return the placement
     */
    public static WindowPlacement of(WorkbenchState.Window remembered, List<Rectangle2D> screens) {
        Rectangle2D primary = screens.isEmpty() ? new Rectangle2D(0, 0, DEFAULT_WIDTH, DEFAULT_HEIGHT) : screens.get(0);
        if (remembered != null && Double.isFinite(remembered.width()) && Double.isFinite(remembered.height())
                && remembered.width() >= MIN_WIDTH && remembered.height() >= MIN_HEIGHT) {
            for (Rectangle2D screen : screens) {
                // the title bar must be reachable: its top-left part on some screen
                if (screen.contains(remembered.x() + 40, remembered.y() + 10)) {
                    double w = Math.min(remembered.width(), screen.getWidth() - FRAME_WIDTH);
                    double h = Math.min(remembered.height(), screen.getHeight() - FRAME_HEIGHT);
                    double x = Math.max(screen.getMinX(), Math.min(remembered.x(), screen.getMaxX() - w));
                    double y = Math.max(screen.getMinY(), Math.min(remembered.y(), screen.getMaxY() - h));
                    return new WindowPlacement(x, y, w, h, remembered.maximized());
                }
            }
            double w = Math.min(remembered.width(), primary.getWidth() - FRAME_WIDTH);
            double h = Math.min(remembered.height(), primary.getHeight() - FRAME_HEIGHT);
            return new WindowPlacement(Double.NaN, Double.NaN, w, h, remembered.maximized());
        }
        return new WindowPlacement(Double.NaN, Double.NaN, Math.min(DEFAULT_WIDTH, primary.getWidth() - FRAME_WIDTH),
                Math.min(DEFAULT_HEIGHT, primary.getHeight() - FRAME_HEIGHT), false);
    }

    /**
     * Asks for the size again once the window is on screen. Some window managers (openbox) open a new
     * window at its minimum size whatever was asked; JavaFX then still believes the asked size, so the
     * same value set again would not reach the window manager: the size is nudged and set back.
     *
     * @param stage the shown stage
     */
    public void reassert(Stage stage) {
        if (maximized) {
            stage.setMaximized(true);
            return;
        }
        stage.setWidth(width - 1);
        stage.setHeight(height - 1);
        stage.setWidth(width);
        stage.setHeight(height);
        if (Double.isNaN(x) || Double.isNaN(y)) {
            stage.centerOnScreen();
        }
    }

    /**
     * Places a stage before it is shown.
     *
     * @param stage the stage
     */
    public void applyTo(Stage stage) {
        // a smaller screen than the minimum: the window may be as small as the screen allows
        stage.setMinWidth(Math.min(MIN_WIDTH, width));
        stage.setMinHeight(Math.min(MIN_HEIGHT, height));
        stage.setWidth(width);
        stage.setHeight(height);
        if (Double.isNaN(x) || Double.isNaN(y)) {
            stage.centerOnScreen();
        } else {
            stage.setX(x);
            stage.setY(y);
        }
    }
}
