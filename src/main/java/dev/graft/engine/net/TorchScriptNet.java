package dev.graft.engine.net;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.JniUtils;
import dev.graft.core.model.ArchitectureSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a Graft network from a TorchScript file ({@code torch.jit.trace}/{@code script}) and a
 * new head. {@code getChildren()} of a TorchScript module is empty, so the layer tree is built
 * from its dotted parameter names ({@code layer1.0.conv1.weight} → layer {@code layer1.0.conv1}
 * in stage {@code layer1}). BatchNorm buffers are not listed by TorchScript.
 */
public final class TorchScriptNet {

    private TorchScriptNet() {}

    /**
     * Loads a TorchScript module with trainable parameters.
     *
     * @param file the .pt file
     * @param model the model whose manager owns the tensors
     * @return the module
     * @throws IOException if the file does not exist
     * @throws MalformedModelException if it is not TorchScript
     */
    public static PtSymbolBlock loadModule(Path file, Model model) throws IOException, MalformedModelException {
        return loadModule(file, model, true);
    }

    private static PtSymbolBlock loadModule(Path file, Model model, boolean trainable)
            throws IOException, MalformedModelException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("TorchScript file not found: " + file);
        }
        try {
            return JniUtils.loadModule((PtNDManager) model.getNDManager(), file, true, new String[0],
                    new String[0], trainable);
        } catch (RuntimeException e) {
            throw new MalformedModelException("Not a TorchScript model (" + file.getFileName()
                    + "): export it from PyTorch with torch.jit.trace or torch.jit.script and torch.jit.save. "
                    + "Cause: " + firstLine(e.getMessage()), e);
        }
    }

    /**
     * Runs a module once on zeros to learn its feature width.
     *
     * @param module the module
     * @param model owner of the probe tensors
     * @param size input side length
     * @return the feature width
     */
    public static int probeFeatures(PtSymbolBlock module, Model model, int size) {
        return TorchScriptBackbone.probeFeatures(module, model.getNDManager(), size);
    }

    static String firstLine(String s) {
        if (s == null) {
            return "unknown error";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /**
     * Builds the network (backbone from the file, uninitialised head).
     *
     * @param spec architecture
     * @param file the TorchScript backbone
     * @param model the owning model
     * @return the network
     * @throws IOException if the file is missing
     * @throws MalformedModelException if it is not TorchScript
     */
    static GraftNet build(ArchitectureSpec spec, Path file, Model model) throws IOException, MalformedModelException {
        return build(spec, file, model, true);
    }

    /**
     * Builds the network for inference only (DJL's {@code Criteria} loading an export).
     *
     * @param spec architecture
     * @param file the TorchScript backbone
     * @param model the owning model
     * @return the network
     * @throws IOException if the file is missing
     * @throws MalformedModelException if it is not TorchScript
     */
    public static GraftNet buildForInference(ArchitectureSpec spec, Path file, Model model)
            throws IOException, MalformedModelException {
        return build(spec, file, model, false);
    }

    private static GraftNet build(ArchitectureSpec spec, Path file, Model model, boolean trainable)
            throws IOException, MalformedModelException {
        PtSymbolBlock module = loadModule(file, model, trainable);
        TorchScriptBackbone backbone = new TorchScriptBackbone(module, spec.featureSize());
        LayerRegistry registry = new LayerRegistry();
        List<String> stages = registerModule(registry, module, model);
        SequentialBlock head = HeadBuilder.build(registry, spec.headHidden(), spec.dropout(),
                spec.classes().size(), null);
        ClassifierBlock network = new ClassifierBlock(backbone, head);
        return new GraftNet(spec, backbone, head, network, registry, stages, true);
    }

    /**
     * Re-reads a module's tensors after parameters were loaded into it.
     *
     * @param registry the network's registry
     * @param module the module
     * @param model its owner
     */
    static void refresh(LayerRegistry registry, PtSymbolBlock module, Model model) {
        LayerRegistry fresh = new LayerRegistry();
        registerModule(fresh, module, model);
        registry.replaceKind("torchscript", fresh.layers());
    }

    /**
     * Registers the module's parameters as layers, read fresh from the native module (DJL caches
     * a module's parameter list, which goes stale when parameters are loaded into it).
     */
    static List<String> registerModule(LayerRegistry registry, PtSymbolBlock module, Model model) {
        NDList params = JniUtils.moduleGetParams(module, (PtNDManager) model.getNDManager());
        Map<String, Map<String, Parameter>> byLayer = new LinkedHashMap<>();
        for (NDArray array : params) {
            String name = array.getName();
            int dot = name.lastIndexOf('.');
            String layer = dot < 0 ? "module" : name.substring(0, dot);
            String tensor = dot < 0 ? name : name.substring(dot + 1);
            Parameter p = Parameter.builder().setName(tensor)
                    .setType(tensor.contains("bias") ? Parameter.Type.BIAS : Parameter.Type.WEIGHT)
                    .optArray(array).build();
            byLayer.computeIfAbsent(layer, k -> new LinkedHashMap<>()).put(tensor, p);
        }
        List<String> stages = new ArrayList<>();
        byLayer.forEach((layer, tensors) -> {
            String stage = layer.contains(".") ? layer.substring(0, layer.indexOf('.')) : layer;
            if (!stages.contains(stage)) {
                stages.add(stage);
            }
            registry.add(new LayerRegistry.Layer(layer, "torchscript", module, null, null, (Shape) null, tensors));
        });
        return stages;
    }
}
