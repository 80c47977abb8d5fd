package dev.graft.cli;

import ai.djl.Device;
import dev.graft.engine.catalogue.ModelCatalogue;
import dev.graft.engine.net.LoadedNet;
import java.nio.file.Path;

/** Loads the model of a run folder (or any model reference) for eval and predict. */
final class RunModels {

    private RunModels() {}

    static LoadedNet load(Path run) throws Exception {
        return ModelCatalogue.resolveTrained(run.toString()).load(Device.cpu());
    }
}
