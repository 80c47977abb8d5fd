package dev.graft.testing;

import dev.graft.ui.shell.WorkbenchViewModel;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;

/**
 * What every test of the real window (headless Monocle) starts from: a temporary folder, a robot,
 * and the workbench the test opens in {@link #vm}, stopped and shut down after each test so no run
 * or background task outlives it.
 */
public abstract class WindowTest {

    /** The test's own folder. */
    @TempDir
    protected Path tmp;

    /** Clicks, drags and keys. */
    protected final FxRobot robot = new FxRobot();

    /** The workbench the test opened, or null. */
    protected WorkbenchViewModel vm;

    @BeforeAll
    static void toolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    @AfterEach
    void closeWindow() throws Exception {
        if (vm != null) {
            robot.interact(() -> {
                vm.stop();
                vm.shutdown();
            });
        }
        FxToolkit.cleanupStages();
    }
}
