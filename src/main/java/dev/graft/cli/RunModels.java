package dev.graft.cli;

import ai.djl.Device;
import dev.graft.core.run.RunFolder;
import dev.graft.engine.catalogue.FolderModel;
import dev.graft.engine.catalogue.ModelCatalogue;
import dev.graft.engine.inference.ModelCalibration;
import dev.graft.engine.net.LoadedNet;
import java.nio.file.Path;

/** Loads the model of a run folder (or any model reference) for eval and predict. */
final class RunModels {

    private RunModels() {}

    static LoadedNet load(Path run) throws Exception {
        FolderModel model = ModelCatalogue.resolveTrained(run.toString());
        Path dir = model.dir().toAbsolutePath().normalize();
        Path given = run.toAbsolutePath().normalize();
        if (!dir.equals(given) && !dir.equals(new RunFolder(given).model())) {
            // a run that did not finish: say which of its checkpoints stands in for the model
            System.err.println("graft: " + run + " has no model/ (the run did not finish); using its checkpoint "
                    + dir.getFileName());
        }
        return model.load(Device.cpu());
    }

    /** The calibration of the model {@link #load} loads (T = 1 and no familiarity check when absent). */
    static ModelCalibration calibration(Path run) throws Exception {
        return ModelCalibration.of(ModelCatalogue.resolveTrained(run.toString()).dir());
    }
}
