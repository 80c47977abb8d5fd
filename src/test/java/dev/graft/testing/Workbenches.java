package dev.graft.testing;

import dev.graft.core.run.RunClaim;
import dev.graft.core.run.RunFolderException;
import dev.graft.engine.catalogue.ModelCatalogue;
import dev.graft.engine.catalogue.NetworkPreview;
import dev.graft.ui.common.Background;
import dev.graft.ui.engine.EngineService;
import dev.graft.ui.engine.EngineViewModel;
import dev.graft.ui.shell.WorkbenchServices;
import dev.graft.ui.shell.WorkbenchViewModel;
import dev.graft.ui.training.RunState;
import java.nio.file.Path;
import java.util.List;

/**
 * The whole workbench without a toolkit, for view-model tests: the real engine builds layer trees,
 * runs go to a folder of the test's, work runs on the calling thread, and training is a recorded run
 * played back.
 */
public final class Workbenches {

    private Workbenches() {}

    /**
     * A workbench whose runs live in one folder.
     *
     * @param runs the folder of every dataset's runs
     * @return the workbench
     */
    public static WorkbenchViewModel replaying(Path runs) {
        WorkbenchServices services = new WorkbenchServices() {
            @Override
            public NetworkPreview preview(String modelId, List<String> classes, int imageSize) throws Exception {
                return NetworkPreview.of(modelId, classes, imageSize);
            }

            @Override
            public RunClaim claimRun(Path dataset, String name) throws RunFolderException {
                return RunClaim.claimIn(runs, dataset, name);
            }

            @Override
            public Path runsOf(Path dataset) {
                return runs;
            }
        };
        return new WorkbenchViewModel(services, ModelCatalogue.entries(), Background.sameThread(),
                ReplayLauncher.quick(), new EngineViewModel(EngineService.real(), Runnable::run, Runnable::run));
    }

    /**
     * Applies a replayed run's events until it has ended.
     *
     * @param vm the workbench
     * @throws Exception when it does not end
     */
    public static void drainUntilDone(WorkbenchViewModel vm) throws Exception {
        Waits.until(java.time.Duration.ofMinutes(5), () -> {
            vm.training().drain();
            RunState s = vm.training().stateProperty().get();
            return s != RunState.RUNNING && s != RunState.STOPPING && !vm.training().isActive();
        });
    }
}
