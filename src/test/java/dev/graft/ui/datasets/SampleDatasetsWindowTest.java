package dev.graft.ui.datasets;

import static dev.graft.testing.WorkbenchWindows.onFx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.core.run.RunLocations;
import dev.graft.engine.zoo.ZooSettings;
import dev.graft.testing.DatasetFixtureServer;
import dev.graft.testing.ReplayLauncher;
import dev.graft.testing.TestData;
import dev.graft.testing.WorkbenchWindows;
import dev.graft.ui.shell.WorkbenchViewModel;
import java.nio.file.Path;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;

/**
 * The real window, driven as a newcomer would: "Open a sample dataset…", the CIFAR-10 row with
 * its facts, Download (from a repository server on 127.0.0.1 in DJL's layout) with progress, then
 * Open, which makes it the workbench's dataset; its test split says it is one.
 */
class SampleDatasetsWindowTest {

    @TempDir
    Path tmp;

    private final FxRobot robot = new FxRobot();
    private DatasetFixtureServer server;
    private WorkbenchViewModel vm;
    private String oldUrl;
    private String oldHome;

    @BeforeAll
    static void toolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    @AfterEach
    void close() throws Exception {
        if (vm != null) {
            vm.stop();
        }
        FxToolkit.cleanupStages();
        restore(ZooSettings.URL_PROPERTY, oldUrl);
        restore(RunLocations.DATA_HOME_PROPERTY, oldHome);
        if (server != null) {
            server.close();
        }
    }

    private static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }

    private String text(String query) {
        return onFx(() -> ((Label) robot.lookup(query).query()).getText());
    }

    private boolean disabled(String query) {
        return onFx(() -> robot.lookup(query).query().isDisabled());
    }

    @Test
    void downloadAndOpenCifar10FromTheToolbar() throws Exception {
        server = new DatasetFixtureServer();
        server.slow(5);
        oldUrl = System.getProperty(ZooSettings.URL_PROPERTY);
        oldHome = System.getProperty(RunLocations.DATA_HOME_PROPERTY);
        System.setProperty(ZooSettings.URL_PROPERTY, server.url().toString());
        System.setProperty(RunLocations.DATA_HOME_PROPERTY, tmp.resolve("home").toString());
        Path data = TestData.emojiSubset(tmp.resolve("data"), 4, "animal", "food");
        vm = WorkbenchWindows.open(tmp.resolve("runs"), ReplayLauncher.quick(), data);
        WorkbenchWindows.waitUntil(() -> text("#datasetSummary").contains("2 classes"), 120);

        robot.clickOn("#openSampleDataset");
        WorkbenchWindows.waitUntil(() -> robot.lookup("#sampleList").tryQuery().isPresent(), 60);
        @SuppressWarnings("unchecked")
        ListView<SampleDatasetsViewModel.Row> list = (ListView<SampleDatasetsViewModel.Row>) robot
                .lookup("#sampleList").query();
        // the repository is asked in the background; the facts are there before anything is downloaded
        WorkbenchWindows.waitUntil(() -> list.getItems().stream().anyMatch(r -> r.set().id().equals("cifar10")
                && r.line().contains("downloadable")), 60);
        robot.clickOn(robot.lookup(".list-cell").match((Node n) -> n instanceof javafx.scene.control.ListCell<?> c
                && c.getItem() instanceof SampleDatasetsViewModel.Row r && r.set().id().equals("cifar10"))
                .<Node>query());
        WorkbenchWindows.waitUntil(() -> text("#sampleTitle").equals("CIFAR-10"), 30);
        assertTrue(onFx(() -> robot.lookup("#sampleFacts").queryAs(javafx.scene.layout.GridPane.class)
                .getChildren().stream().anyMatch(n -> n instanceof Label l && l.getText().startsWith("10: airplane"))));
        assertTrue(onFx(() -> ((Button) robot.lookup("#sampleOpen").query()).isDisabled()), "not here yet");

        robot.clickOn("#sampleFetch");
        WorkbenchWindows.waitUntil(() -> !disabled("#sampleOpen"), 300);
        assertTrue(text("#sampleMessage").startsWith("CIFAR-10 is ready in "), text("#sampleMessage"));
        assertTrue(text("#sampleProgressText").isEmpty() || text("#sampleProgressText").startsWith("Writing"));

        robot.clickOn("#sampleOpen");
        Path train = tmp.resolve("home/datasets/cifar10/cifar10-train");
        WorkbenchWindows.waitUntil(() -> train.equals(vm.dataset().folderProperty().get()), 60);
        WorkbenchWindows.waitUntil(() -> text("#datasetSummary").contains("10 classes · "
                + DatasetFixtureServer.CIFAR_TRAIN + " images"), 120);
        assertTrue(robot.lookup("#sampleList").tryQuery().map(n -> !n.getScene().getWindow().isShowing())
                .orElse(true), "the page closed");

        // the test split, opened like any folder, says what it is for
        onFx(() -> {
            vm.openDataset(train.resolveSibling("cifar10-test"));
            return null;
        });
        // the Dataset tab lists its findings as labels under "#datasetWarnings"
        WorkbenchWindows.waitUntil(() -> onFx(() -> robot.lookup("#datasetWarnings")
                .queryAs(javafx.scene.layout.VBox.class).getChildren().stream().anyMatch(n -> n instanceof Label l
                        && l.getText().contains("official test split of CIFAR-10"))), 120);
        assertEquals(train.resolveSibling("cifar10-test"), vm.dataset().folderProperty().get());
    }
}
