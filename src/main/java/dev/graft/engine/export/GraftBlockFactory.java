package dev.graft.engine.export;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.nn.Block;
import ai.djl.nn.BlockFactory;
import dev.graft.core.model.ArchitectureSpec;
import dev.graft.engine.net.GraftNet;
import dev.graft.engine.net.MobileNetV2Builder;
import dev.graft.core.model.ModelFiles;
import dev.graft.engine.net.ModelFolder;
import dev.graft.engine.net.NetLoader;
import dev.graft.engine.net.TorchScriptNet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Rebuilds a Graft network for DJL's own loader: an exported model's {@code serving.properties}
 * names this class as {@code blockFactory}, so {@code Criteria} (and DJL Serving) construct the
 * architecture from {@code graft-model.json} and then load {@code model-0000.params} into it.
 * Needs Graft's jar on the class path.
 */
public final class GraftBlockFactory implements BlockFactory {

    private static final long serialVersionUID = 1L;

    @Override
    public Block newBlock(Model model, Path modelPath, Map<String, ?> arguments) {
        try {
            ArchitectureSpec spec = NetLoader.readSpec(modelPath.resolve(ModelFiles.SPEC));
            GraftNet net = ArchitectureSpec.TORCHSCRIPT.equals(spec.architecture())
                    ? TorchScriptNet.buildForInference(spec, ModelFolder.inside(modelPath, spec.backboneFile()), model)
                    : ArchitectureSpec.KERAS.equals(spec.architecture())
                    ? dev.graft.engine.net.keras.KerasNetBuilder.build(spec, NetLoader.readKeras(modelPath, spec), null)
                    : MobileNetV2Builder.build(spec, null);
            return net.network();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (MalformedModelException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}
