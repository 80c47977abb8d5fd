package dev.graft.ui;

import javafx.application.Application;

/**
 * Starts the workbench from a plain class path ({@code java -cp … dev.graft.ui.Workbench}). The JVM
 * refuses to launch a main class that extends {@code Application} unless JavaFX is on the module
 * path; this class does not, so the jar and its lib folder are enough.
 */
public final class Workbench {

    private Workbench() {}

    /**
     * Opens the window.
     *
     * @param args JavaFX arguments
     */
    public static void main(String[] args) {
        Application.launch(GraftApp.class, args);
    }
}
