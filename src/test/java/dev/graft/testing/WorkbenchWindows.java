package dev.graft.testing;

import dev.graft.core.run.RunClaim;
import dev.graft.core.run.RunFolderException;
import dev.graft.core.run.RunNames;
import dev.graft.engine.catalogue.ModelCatalogue;
import dev.graft.ui.GraftApp;
import dev.graft.ui.common.FxBackground;
import dev.graft.ui.shell.WorkbenchSession;
import dev.graft.ui.shell.WorkbenchStateStore;
import dev.graft.ui.shell.WorkbenchServices;
import dev.graft.ui.labelling.Predictor;
import dev.graft.ui.shell.WorkbenchViewModel;
import dev.graft.ui.training.TrainingLauncher;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** The real workbench window for TestFX tests: the app's own services, runs kept in a test's folder. */
public final class WorkbenchWindows {

    private WorkbenchWindows() {}

    /**
     * Builds a workbench whose runs all go to one folder, and shows it in a 1400×900 window.
     *
     * @param runs the test's folder for run folders
     * @param launcher how training runs (a replay, or the real child process)
     * @param data the dataset the window opens on
     * @return the window's view-model
     * @throws Exception if the window does not open
     */
    public static WorkbenchViewModel open(Path runs, TrainingLauncher launcher, Path data) throws Exception {
        return open(runs, launcher, data, null);
    }

    /**
     * Builds a workbench whose inbox predictions come from a given predictor (a collaborator the
     * test controls, where what is tested is what the window does with predictions).
     *
     * @param runs the test's folder for run folders
     * @param launcher how training runs
     * @param data the dataset the window opens on
     * @param predictor classifies inbox images, or null for the engine's
     * @return the window's view-model
     * @throws Exception if the window does not open
     */
    public static WorkbenchViewModel open(Path runs, TrainingLauncher launcher, Path data, Predictor predictor)
            throws Exception {
        WorkbenchServices services = new GraftApp.EngineServices() {
            @Override
            public Predictor predictor() {
                return predictor != null ? predictor : super.predictor();
            }

            @Override
            public RunClaim claimRun(Path dataset, String name) throws RunFolderException {
                return RunClaim.claimNew(runs, RunNames.folderName(LocalDateTime.now(), name), name);
            }

            @Override
            public Path runsOf(Path dataset) {
                return runs;
            }
        };
        FxBackground background = new FxBackground();
        WorkbenchViewModel vm = new WorkbenchViewModel(services, ModelCatalogue.entries(), background, launcher,
                GraftApp.engineViewModel());
        FxToolkit.setupStage(stage -> {
            try {
                // a state file of this window's own: tests never read or change the user's
                WorkbenchSession session = new WorkbenchSession(vm, new WorkbenchStateStore(runs.resolveSibling(
                        "workbench-" + System.nanoTime() + ".json")));
                GraftApp.open(stage, vm, background, session, data);
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        });
        return vm;
    }

    /**
     * Waits for a condition about the window, asked on the FX thread: a lookup from a test's thread
     * can race a scene graph that is changing.
     *
     * @param condition what must become true
     * @param seconds how long it may take
     * @throws Exception on timeout
     */
    public static void waitUntil(BooleanSupplier condition, int seconds) throws Exception {
        WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS,
                () -> WaitForAsyncUtils.asyncFx(condition::getAsBoolean).get());
    }

    /**
     * Scrolls the page holding a node (the nearest enclosing scroll pane) so that the node is on
     * screen, as a user scrolls before clicking: pages such as Results grow as features are added,
     * and a robot's click on a node below the fold lands on whatever is drawn there instead.
     *
     * @param robot the robot
     * @param query the node's query, e.g. {@code "#exportFormat"}
     */
    public static void scrollIntoView(org.testfx.api.FxRobot robot, String query) {
        robot.interact(() -> {
            javafx.scene.Node node = robot.lookup(query).query();
            for (javafx.scene.Node p = node.getParent(); p != null; p = p.getParent()) {
                if (p instanceof javafx.scene.control.ScrollPane page && page.getContent() != null) {
                    javafx.scene.Node content = page.getContent();
                    javafx.geometry.Bounds b = content.sceneToLocal(node.localToScene(node.getBoundsInLocal()));
                    double hidden = content.getBoundsInLocal().getHeight() - page.getViewportBounds().getHeight();
                    if (hidden > 0) {
                        double top = Math.max(0, b.getMinY() - 20);
                        page.setVvalue(page.getVmin() + (page.getVmax() - page.getVmin())
                                * Math.min(1, top / hidden));
                    }
                    return;
                }
            }
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    /**
     * Asks something of the window on the FX thread and waits for the answer. Tests read the scene
     * graph through this: a lookup from the test's own thread walks child lists the FX thread may be
     * changing at that moment (CI once failed with an IndexOutOfBoundsException from such a walk).
     *
     * @param question what to ask
     * @param <T> the answer's type
     * @return the answer
     */
    public static <T> T onFx(java.util.concurrent.Callable<T> question) {
        try {
            return WaitForAsyncUtils.asyncFx(question).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("could not read the window", e);
        }
    }
}
