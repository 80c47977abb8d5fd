package dev.graft.engine.catalogue;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import dev.graft.core.model.ArchitectureSpec;
import dev.graft.engine.net.LoadedNet;
import java.io.IOException;
import java.nio.file.Path;

/** A model that can be loaded: the bundled one, a model or run folder, or a TorchScript file. */
public interface ModelSource {

    /** @return a short description for messages ("bundled mobilenet_v2", a path, …) */
    String describe();

    /** @return the architecture of the model as stored */
    ArchitectureSpec spec();

    /** @return folder holding side files (TorchScript backbone), or null */
    Path dir();

    /**
     * Loads the model with its stored parameters.
     *
     * @param device where tensors live
     * @return the loaded network
     * @throws IOException if unreadable
     * @throws MalformedModelException if the files do not form a valid model
     */
    LoadedNet load(Device device) throws IOException, MalformedModelException;
}
