package dev.graft.ui;

import atlantafx.base.theme.PrimerLight;
import dev.graft.ui.shell.ShellController;
import dev.graft.ui.shell.WindowSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javafx.application.Application;
import javafx.fxml.FXMLLoader;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.image.Image;
import javafx.stage.Stage;

/**
 * The workbench window. Opens on the bundled sample dataset and the bundled model, fully offline.
 * Training runs in a child process ({@code graft train-worker}), so a crash there cannot take the
 * window down.
 */
public final class GraftApp extends Application {

    /** Time the JVM started, for the time-to-first-frame measurement. */
    static final long STARTED = System.nanoTime();

    @Override
    public void start(Stage stage) throws Exception {
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
        FXMLLoader loader = new FXMLLoader(GraftApp.class.getResource("shell/ShellView.fxml"));
        Parent root = loader.load();
        ShellController shell = loader.getController();
        WindowSettings settings = WindowSettings.load();
        // a remembered size may come from a larger screen than this one
        var screen = javafx.stage.Screen.getPrimary().getVisualBounds();
        Scene scene = new Scene(root, Math.min(settings.width(), screen.getWidth()),
                Math.min(settings.height(), screen.getHeight()));
        scene.getStylesheets().add(GraftApp.class.getResource("graft.css").toExternalForm());
        stage.setTitle("Graft — transfer learning workbench");
        stage.getIcons().addAll(icons());
        stage.setScene(scene);
        stage.setOnCloseRequest(e -> {
            shell.shutdown();
            WindowSettings.save(new WindowSettings(stage.getWidth(), stage.getHeight(), shell.lastFolder()));
        });
        String override = System.getProperty("graft.dataset");
        // the installed app names where its bundled sample is (-Dgraft.samples=$APPDIR/datasets-sample)
        Path samples = Path.of(System.getProperty("graft.samples", "datasets-sample"));
        shell.start(stage, override != null ? Path.of(override) : settings.lastFolder() != null
                ? settings.lastFolder() : samples.resolve("emoji"));
        stage.show();
        shell.reportFirstFrame(STARTED);
    }

    /** @return the application icon in the sizes window managers and task bars pick from */
    static List<Image> icons() {
        List<Image> icons = new ArrayList<>();
        for (int size : new int[] {16, 24, 32, 48, 64, 128, 256}) {
            var url = GraftApp.class.getResource("icons/graft-" + size + ".png");
            if (url != null) {
                icons.add(new Image(url.toExternalForm()));
            }
        }
        return icons;
    }

    /**
     * Starts the workbench.
     *
     * @param args JavaFX arguments
     */
    public static void main(String[] args) {
        launch(args);
    }
}
