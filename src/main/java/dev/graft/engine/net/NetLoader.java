package dev.graft.engine.net;

import dev.graft.core.model.ModelFiles;
import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.XavierInitializer;
import dev.graft.core.model.ArchitectureSpec;
import dev.graft.core.util.AtomicFiles;
import dev.graft.core.util.Json;
import dev.graft.engine.net.keras.KerasModelFile;
import dev.graft.engine.net.keras.KerasNetBuilder;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Builds Graft networks, loads and saves their parameters, and reads and writes model folders. */
public final class NetLoader {

    private NetLoader() {}

    /**
     * Builds a network with freshly initialised (random) parameters.
     *
     * @param spec the architecture
     * @param modelDir folder holding side files such as a TorchScript backbone (may be null)
     * @param device where the tensors live
     * @param headSourceNames source names of the head layers (for importers), or null
     * @return the network and its model
     * @throws IOException if a backbone file cannot be read
     * @throws MalformedModelException if a backbone file is not a model
     */
    public static LoadedNet create(ArchitectureSpec spec, Path modelDir, Device device,
            List<String> headSourceNames) throws IOException, MalformedModelException {
        Model model = Model.newInstance("graft", device, "PyTorch");
        try {
            GraftNet net;
            if (ArchitectureSpec.TORCHSCRIPT.equals(spec.architecture())) {
                net = TorchScriptNet.build(spec, ModelFolder.inside(modelDir, spec.backboneFile()), model);
            } else if (ArchitectureSpec.MOBILENET_V2.equals(spec.architecture())) {
                net = MobileNetV2Builder.build(spec, headSourceNames);
            } else if (ArchitectureSpec.KERAS.equals(spec.architecture())) {
                net = KerasNetBuilder.build(spec, readKeras(modelDir, spec), headSourceNames);
            } else {
                throw new MalformedModelException("Unknown architecture '" + spec.architecture() + "'");
            }
            net.network().setInitializer(new XavierInitializer(), Parameter.Type.WEIGHT);
            model.setBlock(net.network());
            net.network().initialize(model.getNDManager(), DataType.FLOAT32,
                    new Shape(1, 3, spec.imageSize(), spec.imageSize()));
            KerasNetBuilder.fixAbsentTensors(net);
            return new LoadedNet(net, model);
        } catch (IOException | MalformedModelException | RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /**
     * Reads the Keras topology a {@code keras} model folder names, confined to the folder.
     *
     * @param modelDir the model folder
     * @param spec its architecture
     * @return the topology
     * @throws IOException if it is missing or unreadable
     * @throws MalformedModelException if the name leads outside the folder or the file is invalid
     */
    public static KerasModelFile readKeras(Path modelDir, ArchitectureSpec spec)
            throws IOException, MalformedModelException {
        if (modelDir == null) {
            throw new MalformedModelException("A Keras model needs its folder (" + ModelFiles.KERAS + ")");
        }
        try {
            return KerasModelFile.read(ModelFolder.inside(modelDir, spec.backboneFile()));
        } catch (dev.graft.engine.net.keras.KerasFormatException e) {
            throw new MalformedModelException(e.getMessage(), e);
        }
    }

    /**
     * Loads a model folder (bundled copy, checkpoint or export). The folder is untrusted input:
     * its paths stay inside it, its architecture and class names are checked, its weight files
     * must match their recorded checksums, and every tensor must have the architecture's shape and
     * hold only finite numbers. Every failure names the file and what is wrong with it.
     *
     * @param dir the folder
     * @param device where the tensors live
     * @return the network with its trained parameters
     * @throws IOException if files are missing or unreadable
     * @throws MalformedModelException if the files do not form a valid model
     */
    public static LoadedNet load(Path dir, Device device) throws IOException, MalformedModelException {
        ArchitectureSpec spec = readSpec(ModelFolder.inside(dir, ModelFiles.SPEC));
        ModelFolder.checkSynset(dir, spec);
        ModelFolder.verifyChecksums(dir, "SHA256SUMS");
        Path params = ModelFolder.inside(dir, ModelFiles.PARAMS);
        if (!Files.isRegularFile(params)) {
            throw new MalformedModelException(dir + ": " + ModelFiles.PARAMS + " is missing");
        }
        LoadedNet loaded = create(spec, dir, device, null);
        try (InputStream in = Files.newInputStream(params)) {
            loadParameters(loaded, in, params);
            return loaded;
        } catch (IOException | MalformedModelException | RuntimeException e) {
            loaded.close();
            throw e;
        }
    }

    /**
     * Reads an architecture file.
     *
     * @param file the graft-model.json
     * @return the spec
     * @throws IOException if missing or unreadable
     */
    public static ArchitectureSpec readSpec(Path file) throws IOException, MalformedModelException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("Not a Graft model folder (no " + ModelFiles.SPEC + "): " + file.getParent());
        }
        ArchitectureSpec spec;
        try {
            spec = Json.COMPACT.fromJson(Files.readString(file), ArchitectureSpec.class);
        } catch (RuntimeException e) {
            throw new MalformedModelException(file + " is not a valid Graft architecture file: "
                    + TorchScriptNet.firstLine(e.getMessage()), e);
        }
        ModelFolder.check(spec, file);
        return spec;
    }

    /**
     * Loads parameters into an initialised network and checks every tensor's shape. DJL's own
     * loader silently adopts whatever shapes the file has, so a 3-class checkpoint loaded into a
     * 4-class network would quietly become a 3-class model (docs/models.md, "The head-shape check"): here it is an error.
     *
     * @param loaded the network
     * @param in a DJL .params stream
     * @param source where the stream comes from (for messages)
     * @throws IOException if unreadable
     * @throws MalformedModelException if the stream is truncated or corrupt, a tensor's shape
     *     differs from the architecture's, or a tensor holds NaN or infinity
     */
    public static void loadParameters(LoadedNet loaded, InputStream in, Object source)
            throws IOException, MalformedModelException {
        Map<String, Shape> expected = new LinkedHashMap<>();
        loaded.net().layers().tensors().forEach((name, p) -> expected.put(name, p.getArray().getShape()));
        DataInputStream data = new DataInputStream(new BufferedInputStream(in));
        try {
            ParamsHeader.skip(data);
            loaded.net().network().loadParameters(loaded.model().getNDManager(), data);
            if (data.read() != -1) {
                throw new MalformedModelException(source + " has data after the last tensor: it does not belong"
                        + " to this architecture or is corrupt.");
            }
        } catch (java.io.EOFException e) {
            throw new MalformedModelException(source + " is truncated: it ends before every tensor was read.", e);
        } catch (IOException | RuntimeException e) {
            throw new MalformedModelException(source + " is not a valid parameter file for this model ("
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : TorchScriptNet.firstLine(e.getMessage()))
                    + ").", e);
        } catch (MalformedModelException e) {
            throw new MalformedModelException(source + ": " + e.getMessage(), e);
        }
        if (loaded.net().backbone() instanceof TorchScriptBackbone ts) {
            TorchScriptNet.refresh(loaded.net().layers(), ts.module(), loaded.model());
        }
        KerasNetBuilder.fixAbsentTensors(loaded.net());
        for (Map.Entry<String, Parameter> e : loaded.net().layers().tensors().entrySet()) {
            Shape want = expected.get(e.getKey());
            Shape got = e.getValue().getArray().getShape();
            if (!got.equals(want)) {
                String hint = e.getKey().startsWith(GraftNet.HEAD + ".fc")
                        ? String.format(Locale.ROOT, " The checkpoint's head was trained for a different number"
                                + " of classes than this model's %d.", loaded.net().spec().classes().size())
                        : "";
                throw new MalformedModelException(String.format(Locale.ROOT,
                        "%s does not fit the model: tensor %s has shape %s in the file but %s in"
                                + " the architecture.%s", source, e.getKey(), got, want, hint));
            }
            NDArray array = e.getValue().getArray();
            if (array.getDataType().isFloating() && (array.isNaN().any().getBoolean()
                    || array.isInfinite().any().getBoolean())) {
                throw new MalformedModelException(source + ": tensor " + e.getKey() + " holds NaN or infinite"
                        + " values; the file is corrupt.");
            }
        }
    }

    /**
     * Writes the parameters of a network atomically.
     *
     * @param loaded the network
     * @param file the .params file
     * @throws IOException on failure (the old file is kept)
     */
    public static void saveParameters(LoadedNet loaded, Path file) throws IOException {
        AtomicFiles.write(file, out -> {
            DataOutputStream data = new DataOutputStream(new java.io.BufferedOutputStream(out));
            ParamsHeader.write(data);
            loaded.net().network().saveParameters(data);
            data.flush();
        });
    }

    /**
     * Writes the architecture file atomically.
     *
     * @param spec the spec
     * @param file the target
     * @throws IOException on failure
     */
    public static void writeSpec(ArchitectureSpec spec, Path file) throws IOException {
        AtomicFiles.writeString(file, Json.PRETTY.toJson(spec));
    }
}
