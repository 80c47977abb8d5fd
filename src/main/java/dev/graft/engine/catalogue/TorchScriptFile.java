package dev.graft.engine.catalogue;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.pytorch.engine.PtSymbolBlock;
import dev.graft.core.model.ArchitectureSpec;
import dev.graft.engine.net.LoadedNet;
import dev.graft.engine.net.NetLoader;
import dev.graft.engine.net.TorchScriptNet;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A TorchScript file exported from PyTorch, used as a backbone. Its output (feature vector, or
 * feature maps that get average-pooled) feeds a new head. Inputs are assumed to be torchvision
 * style: 224 px, ImageNet mean/std normalisation.
 */
public final class TorchScriptFile implements ModelSource {

    private final Path file;
    private final ArchitectureSpec spec;

    /**
     * Opens a file and runs it once to learn its feature width.
     *
     * @param file the .pt file
     * @param imageSize the input size to probe with
     * @throws IOException if missing
     * @throws MalformedModelException if it is not TorchScript or does not take an image batch
     */
    public TorchScriptFile(Path file, int imageSize) throws IOException, MalformedModelException {
        this(file, imageSize, null);
    }

    /**
     * Opens a file that came from a catalogue (a model-zoo download) and runs it once.
     *
     * @param file the .pt file
     * @param imageSize the input size to probe with
     * @param baseModel the catalogue id recorded as the run's base model, or null for the file name
     * @throws IOException if missing
     * @throws MalformedModelException if it is not TorchScript or does not take an image batch
     */
    public TorchScriptFile(Path file, int imageSize, String baseModel) throws IOException, MalformedModelException {
        this.file = file.toAbsolutePath();
        int features;
        try (Model model = Model.newInstance("probe", Device.cpu(), "PyTorch")) {
            PtSymbolBlock module = TorchScriptNet.loadModule(this.file, model);
            try {
                features = TorchScriptNet.probeFeatures(module, model, imageSize);
            } catch (RuntimeException e) {
                throw new MalformedModelException("The TorchScript model does not accept a batch of "
                        + imageSize + "x" + imageSize + " RGB images: " + e.getMessage().lines().findFirst().orElse(""), e);
            }
        }
        spec = new ArchitectureSpec(ArchitectureSpec.TORCHSCRIPT, imageSize, List.of(), List.of(), 0f, "imagenet",
                this.file.getFileName().toString(), features, baseModel == null ? this.file.getFileName().toString() : baseModel,
                List.of(), "none");
    }

    @Override
    public String describe() {
        return file.toString();
    }

    @Override
    public ArchitectureSpec spec() {
        return spec;
    }

    @Override
    public Path dir() {
        return file.getParent();
    }

    /**
     * Loads the backbone. A TorchScript file has no Graft head, so the network gets a one-output
     * placeholder head; training replaces it with a head for the dataset's classes.
     */
    @Override
    public LoadedNet load(Device device) throws IOException, MalformedModelException {
        return NetLoader.create(spec.withHead(List.of("output"), List.of(), 0f, spec.imageSize()),
                file.getParent(), device, null);
    }
}
