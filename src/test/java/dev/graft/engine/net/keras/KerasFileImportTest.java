package dev.graft.engine.net.keras;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.nn.Parameter;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.graft.engine.net.LoadedNet;
import dev.graft.engine.net.NetLoader;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Array;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Keras' own files import like the TF.js form of the same model: a Keras 2 {@code .h5} and a
 * Keras 3 {@code .keras} written by the real HDF5 library in Keras' layouts
 * ({@code src/test/python/keras-files/make_keras_files.py}), and Teachable Machine "Keras" exports
 * ({@code keras_model.h5} + {@code labels.txt}) written here from the TF.js fixtures' seeded
 * weights. Damaged and hostile files are refused with a plain message and nothing is written.
 */
class KerasFileImportTest {

    private static final String DIR = "/dev/graft/keras/functional/";
    private static final List<String> CLASSES = List.of("a", "b", "c", "d", "e");

    @ParameterizedTest
    @ValueSource(strings = {"keras2.h5", "keras3.keras"})
    void kerasFileImportsLikeItsTfjsForm(String file, @TempDir Path tmp) throws Exception {
        Path source = copy(DIR + "keras-files/" + file, tmp.resolve(file));
        Path tfjs = Files.createDirectory(tmp.resolve("plain"));
        for (String f : List.of("model.json", "group1-shard1of1.bin")) {
            copy(DIR + "plain/" + f, tfjs.resolve(f));
        }
        var options = new KerasImporter.Options(CLASSES, null, null);
        KerasImporter.Result r = KerasImporter.importTo(source, tmp.resolve("from-file"), options);
        KerasImporter.importTo(tfjs, tmp.resolve("from-tfjs"), options);
        assertEquals("keras", r.kind());
        assertEquals(List.of("stem", "features", "block1", "block2", "top"), r.stages());
        assertEquals(List.of(32), r.spec().headHidden());
        assertEquals("pixels", r.spec().normalization());
        try (LoadedNet fromFile = NetLoader.load(tmp.resolve("from-file"), Device.cpu());
                LoadedNet fromTfjs = NetLoader.load(tmp.resolve("from-tfjs"), Device.cpu())) {
            assertEquals(0.0, maxParameterDiff(fromFile, fromTfjs), file + " gives the TF.js form's weights exactly");
            double[] worst = KerasReference.compare(fromFile, TeachableMachineFixtures.json(DIR + "reference.json"),
                    DIR, "features");
            System.out.println(file + ": max |dp| " + worst[0] + " max |df| " + worst[1]);
            assertTrue(worst[0] < 1e-4 && worst[1] < 1e-4, "differs from TF.js: " + Arrays.toString(worst));
        }
    }

    /*
     * MobileNet v1 projects only: jHDF's writer cannot write an attribute past HDF5's 64 KB object
     * header message, and a v2 project's model_config is 72 KB (h5py, which Keras uses, stores such
     * attributes densely, and jHDF reads those).
     */
    @ParameterizedTest
    @ValueSource(strings = {"v1-0.25", "v1-0.75"})
    void teachableMachineKerasExportKeepsItsLabels(String fixture, @TempDir Path tmp) throws Exception {
        Path tfjs = Files.createDirectory(tmp.resolve("tm-tfjs"));
        TeachableMachineFixtures.materialise(fixture, tfjs);
        Path keras = Files.createDirectory(tmp.resolve("tm-keras"));
        writeTeachableMachineH5(tfjs, keras.resolve(KerasFileReader.TEACHABLE_MACHINE_FILE));
        Files.writeString(keras.resolve("labels.txt"), "0 animal\n1 food\n2 vehicle\n");

        KerasImporter.Result r = KerasImporter.importTo(keras, tmp.resolve("from-h5"), KerasImporter.Options.none());
        KerasImporter.Result t = KerasImporter.importTo(tfjs, tmp.resolve("from-tfjs"), KerasImporter.Options.none());
        assertEquals(List.of("animal", "food", "vehicle"), r.spec().classes());
        assertEquals("tm", r.spec().normalization(), "Teachable Machine's input scaling");
        assertEquals("teachable-machine", r.kind());
        assertTrue(r.classifierKept());
        assertEquals(t.stages(), r.stages());
        assertEquals(t.spec().headHidden(), r.spec().headHidden());
        try (LoadedNet a = NetLoader.load(tmp.resolve("from-h5"), Device.cpu());
                LoadedNet b = NetLoader.load(tmp.resolve("from-tfjs"), Device.cpu())) {
            assertEquals(0.0, maxParameterDiff(a, b), "the .h5 gives the TF.js export's weights exactly");
        }
    }

    @Test
    void damagedFilesAreRefusedAndNothingIsWritten(@TempDir Path tmp) throws Exception {
        byte[] h5 = bytes(DIR + "keras-files/keras2.h5");
        byte[] archive = bytes(DIR + "keras-files/keras3.keras");
        Map<String, byte[]> cases = new LinkedHashMap<>();
        cases.put("truncated.h5", Arrays.copyOf(h5, h5.length / 2));
        cases.put("header-only.h5", Arrays.copyOf(h5, 600));
        byte[] noise = new byte[4096];
        new Random(7).nextBytes(noise);
        cases.put("noise.h5", noise);
        cases.put("truncated.keras", Arrays.copyOf(archive, archive.length - 2000));
        cases.put("noise.keras", noise);
        Map<String, String> want = new LinkedHashMap<>();
        want.put("truncated.h5", "truncated or damaged");
        want.put("header-only.h5", "truncated or damaged");
        want.put("noise.h5", "truncated or damaged");
        want.put("truncated.keras", "zip");
        want.put("noise.keras", "not a .keras file");
        for (var c : cases.entrySet()) {
            Path dir = Files.createDirectory(tmp.resolve(c.getKey().replace('.', '-')));
            Path file = dir.resolve(c.getKey());
            Files.write(file, c.getValue());
            assertRefused(file, want.get(c.getKey()));
        }
    }

    @Test
    void hostileArchivesAreRefused(@TempDir Path tmp) throws Exception {
        Map<String, byte[]> good = entries(bytes(DIR + "keras-files/keras3.keras"));

        Map<String, byte[]> escaping = new LinkedHashMap<>(good);
        escaping.put("../../outside.txt", "x".getBytes(StandardCharsets.UTF_8));
        assertRefused(zip(tmp, "escaping", escaping), "leading out of the archive");

        Map<String, byte[]> noWeights = new LinkedHashMap<>(good);
        noWeights.remove(KerasArchive.WEIGHTS);
        assertRefused(zip(tmp, "no-weights", noWeights), "has no model.weights.h5");

        Map<String, byte[]> npz = new LinkedHashMap<>(good);
        npz.put(KerasArchive.NPZ_WEIGHTS, npz.remove(KerasArchive.WEIGHTS));
        assertRefused(zip(tmp, "npz", npz), "Graft does not read");

        Map<String, byte[]> noConfig = new LinkedHashMap<>(good);
        noConfig.remove(KerasArchive.CONFIG);
        assertRefused(zip(tmp, "no-config", noConfig), "has no config.json");

        Map<String, byte[]> badWeights = new LinkedHashMap<>(good);
        byte[] w = badWeights.get(KerasArchive.WEIGHTS);
        badWeights.put(KerasArchive.WEIGHTS, Arrays.copyOf(w, w.length / 3));
        assertRefused(zip(tmp, "bad-weights", badWeights), "truncated or damaged");
    }

    @Test
    void hdf5LinksAreRefused(@TempDir Path tmp) throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("link"));
        Path file = copy(DIR + "keras-files/hostile-link.h5", dir.resolve("hostile-link.h5"));
        assertRefused(file, "holds a link");
    }

    @Test
    void weightsOnlyFileIsRefusedWithTheReason(@TempDir Path tmp) throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("weights-only"));
        Path file = dir.resolve("model.weights.h5");
        try (WritableHdfFile h5 = HdfFile.write(file)) {
            h5.putAttribute("layer_names", new String[] {"dense"});
            h5.putAttribute("keras_version", "2.15.0");
            h5.putGroup("dense");
        }
        assertRefused(file, "holds only weights");
    }

    private static void assertRefused(Path file, String message) throws IOException {
        Path out = file.getParent().resolve("model");
        List<String> before = list(file.getParent());
        KerasFormatException e = assertThrows(KerasFormatException.class,
                () -> KerasImporter.importTo(file, out, KerasImporter.Options.none()), file.getFileName().toString());
        assertTrue(e.getMessage().contains(message), file.getFileName() + ": " + e.getMessage());
        assertFalse(Files.exists(out), "nothing is written");
        assertEquals(before, list(file.getParent()), "no temporary files are left");
    }

    /**
     * A Teachable Machine Keras export as tf.keras' {@code model.save("keras_model.h5")} lays it out,
     * from the TF.js export of the same project: model_config as a root attribute, and under
     * {@code model_weights} one group per top-level layer (Teachable Machine's two nested
     * Sequentials) listing its weights as {@code <layer>/<weight>:0}.
     */
    private static void writeTeachableMachineH5(Path tfjs, Path target) throws IOException {
        TfjsModelReader.Model model = TfjsModelReader.read(tfjs.resolve("model.json"));
        KerasTopology topology = KerasTopology.parse(model.topology());
        Map<String, String> owner = new LinkedHashMap<>();
        for (KerasLayer l : topology.layers()) {
            owner.put(l.name(), l.nesting().isEmpty() ? l.name() : l.nesting().get(0));
        }
        JsonObject config = KerasTopology.modelConfig(model.topology());
        List<String> top = new ArrayList<>();
        JsonElement cfg = config.get("config");
        for (JsonElement l : cfg.isJsonArray() ? cfg.getAsJsonArray() : cfg.getAsJsonObject().getAsJsonArray("layers")) {
            top.add(l.getAsJsonObject().getAsJsonObject("config").get("name").getAsString());
        }
        Map<String, List<String>> byGroup = new LinkedHashMap<>();
        for (String name : model.weights().names()) {
            String layer = name.substring(0, name.lastIndexOf('/'));
            byGroup.computeIfAbsent(owner.get(layer), k -> new ArrayList<>()).add(name);
        }
        try (WritableHdfFile h5 = HdfFile.write(target)) {
            h5.putAttribute("keras_version", "2.15.0");
            h5.putAttribute("backend", "tensorflow");
            h5.putAttribute("model_config", config.toString());
            WritableGroup weights = h5.putGroup("model_weights");
            weights.putAttribute("layer_names", top.toArray(new String[0]));
            weights.putAttribute("backend", "tensorflow");
            weights.putAttribute("keras_version", "2.15.0");
            for (String group : top) {
                WritableGroup g = weights.putGroup(group);
                List<String> names = byGroup.getOrDefault(group, List.of());
                g.putAttribute("weight_names", names.stream().map(n -> n + ":0").toArray(String[]::new));
                Map<String, WritableGroup> layers = new LinkedHashMap<>();
                for (String n : names) {
                    String layer = n.substring(0, n.lastIndexOf('/'));
                    WritableGroup lg = layers.computeIfAbsent(layer, g::putGroup);
                    KerasWeights.Tensor t = model.weights().get(n);
                    lg.putDataset(n.substring(n.lastIndexOf('/') + 1) + ":0", nested(t.values(), t.shape()));
                }
            }
        }
    }

    /** Flat values as the nested Java array jHDF writes with their shape. */
    private static Object nested(float[] values, long[] shape) {
        int[] dims = Arrays.stream(shape).mapToInt(d -> (int) d).toArray();
        Object array = Array.newInstance(float.class, dims);
        fill(array, values, new int[] {0}, 0, dims);
        return array;
    }

    private static void fill(Object array, float[] values, int[] pos, int depth, int[] dims) {
        if (depth == dims.length - 1) {
            float[] row = (float[]) array;
            System.arraycopy(values, pos[0], row, 0, row.length);
            pos[0] += row.length;
            return;
        }
        for (int i = 0; i < dims[depth]; i++) {
            fill(Array.get(array, i), values, pos, depth + 1, dims);
        }
    }

    private static double maxParameterDiff(LoadedNet a, LoadedNet b) {
        Map<String, float[]> other = new LinkedHashMap<>();
        for (Map.Entry<String, Parameter> p : b.net().layers().tensors().entrySet()) {
            other.put(p.getKey(), p.getValue().getArray().toFloatArray());
        }
        double worst = 0;
        int n = 0;
        for (Map.Entry<String, Parameter> p : a.net().layers().tensors().entrySet()) {
            float[] x = p.getValue().getArray().toFloatArray();
            float[] y = other.get(p.getKey());
            assertTrue(y != null && y.length == x.length, "parameter " + p.getKey() + " in both");
            for (int i = 0; i < x.length; i++) {
                worst = Math.max(worst, Math.abs(x[i] - y[i]));
            }
            n++;
        }
        assertEquals(other.size(), n, "same parameters");
        return worst;
    }

    private static Map<String, byte[]> entries(byte[] zip) throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (var in = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                out.put(e.getName(), in.readAllBytes());
            }
        }
        return out;
    }

    private static Path zip(Path tmp, String name, Map<String, byte[]> entries) throws IOException {
        Path dir = Files.createDirectory(tmp.resolve(name));
        Path file = dir.resolve(name + ".keras");
        try (OutputStream out = Files.newOutputStream(file); ZipOutputStream z = new ZipOutputStream(out)) {
            for (var e : entries.entrySet()) {
                z.putNextEntry(new ZipEntry(e.getKey()));
                z.write(e.getValue());
                z.closeEntry();
            }
        }
        return file;
    }

    private static List<String> list(Path dir) throws IOException {
        try (var s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static byte[] bytes(String resource) throws IOException {
        try (InputStream in = KerasFileImportTest.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            return in.readAllBytes();
        }
    }

    private static Path copy(String resource, Path target) throws IOException {
        Files.write(target, bytes(resource));
        return target;
    }
}
