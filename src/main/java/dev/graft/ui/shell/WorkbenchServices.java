package dev.graft.ui.shell;

import dev.graft.core.labelling.Labeller;
import dev.graft.core.labelling.Recovery;
import dev.graft.core.run.RunClaim;
import dev.graft.core.run.RunFolderException;
import dev.graft.engine.catalogue.NetworkPreview;
import dev.graft.ui.labelling.EnginePredictor;
import dev.graft.ui.labelling.Predictor;
import java.nio.file.Path;
import java.util.List;

/**
 * What the workbench needs from the outside world (the engine, the file system). An interface of
 * its own, not nested in {@link WorkbenchViewModel}, because the app, the window tests and the
 * view-model tests each implement it: the app with the real engine, the tests with a folder of
 * their own for runs.
 */
public interface WorkbenchServices {
    /**
     * The network training would build.
     *
     * @param modelId catalogue id, file or folder
     * @param classes the dataset's classes (placeholders when none is open)
     * @param imageSize input size
     * @return the preview
     * @throws Exception if the model cannot be loaded
     */
    NetworkPreview preview(String modelId, List<String> classes, int imageSize) throws Exception;

    /**
     * Claims a new run folder for a dataset.
     *
     * @param dataset the dataset
     * @param name the run's name
     * @return the claim
     * @throws RunFolderException if no folder can be made
     */
    RunClaim claimRun(Path dataset, String name) throws RunFolderException;

    /**
     * Where a dataset's runs live.
     *
     * @param dataset the dataset
     * @return the folder
     */
    Path runsOf(Path dataset);

    /**
     * The labeller of a folder (journalling into Graft's data folder).
     *
     * @param folder the dataset folder
     * @return its labeller
     */
    default Labeller labeller(Path folder) {
        return new Labeller(folder);
    }

    /** @return what classifies inbox images with a run's model */
    default Predictor predictor() {
        return new EnginePredictor();
    }

    /**
     * Completes or rolls back labelling operations a crash interrupted.
     *
     * @return what was found
     * @throws java.io.IOException if the journal cannot be read
     */
    default List<Recovery.Recovered> recover() throws java.io.IOException {
        return Recovery.run();
    }
}
