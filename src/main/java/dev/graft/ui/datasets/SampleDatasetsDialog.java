package dev.graft.ui.datasets;

import dev.graft.ui.common.ControllerFactory;
import java.io.IOException;
import javafx.fxml.FXMLLoader;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.stage.Stage;
import javafx.stage.Window;

/**
 * The "Open a sample dataset" window: one per workbench window, owned by it, not modal (a
 * download runs on while the user works; closing the page does not stop it).
 */
public final class SampleDatasetsDialog {

    private final Window owner;
    private final ControllerFactory controllers;
    private Stage stage;

    /**
     * A dialog for a workbench window.
     *
     * @param owner the workbench window
     * @param controllers builds {@link SampleDatasetsController} with the window's view-model
     */
    public SampleDatasetsDialog(Window owner, ControllerFactory controllers) {
        this.owner = owner;
        this.controllers = controllers;
    }

    /** Shows the page (built the first time), or brings it to the front. */
    public void show() {
        if (stage == null) {
            FXMLLoader loader = new FXMLLoader(SampleDatasetsDialog.class.getResource("SampleDatasetsView.fxml"));
            loader.setControllerFactory(controllers);
            Parent root;
            try {
                root = loader.load();
            } catch (IOException e) {
                throw new IllegalStateException("the sample-dataset page cannot be loaded", e);
            }
            stage = new Stage();
            stage.initOwner(owner);
            stage.setTitle("Open a sample dataset");
            var screen = javafx.stage.Screen.getPrimary().getVisualBounds();
            Scene scene = new Scene(root, Math.min(960, screen.getWidth() - 40), Math.min(620, screen.getHeight() - 40));
            scene.getStylesheets().addAll(owner.getScene().getStylesheets());
            stage.setScene(scene);
        }
        stage.show();
        stage.toFront();
    }
}
