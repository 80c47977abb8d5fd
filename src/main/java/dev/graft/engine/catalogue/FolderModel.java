package dev.graft.engine.catalogue;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import dev.graft.core.model.ArchitectureSpec;
import dev.graft.engine.net.LoadedNet;
import dev.graft.core.model.ModelFiles;
import dev.graft.engine.net.ModelFolder;
import dev.graft.engine.net.NetLoader;
import java.io.IOException;
import java.nio.file.Path;

/** A Graft model folder: an export, a checkpoint, or the final model of a run. */
public final class FolderModel implements ModelSource {

    private final Path dir;
    private final ArchitectureSpec spec;

    /**
     * Opens a model folder.
     *
     * @param dir folder with graft-model.json and model-0000.params
     * @throws IOException if it is not a Graft model folder
     * @throws MalformedModelException if its architecture file is invalid
     */
    public FolderModel(Path dir) throws IOException, MalformedModelException {
        this.dir = dir;
        this.spec = NetLoader.readSpec(ModelFolder.inside(dir, ModelFiles.SPEC));
    }

    @Override
    public String describe() {
        return dir.toString();
    }

    @Override
    public ArchitectureSpec spec() {
        return spec;
    }

    @Override
    public Path dir() {
        return dir;
    }

    @Override
    public LoadedNet load(Device device) throws IOException, MalformedModelException {
        return NetLoader.load(dir, device);
    }
}
