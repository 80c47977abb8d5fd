import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Builds Graft's installer: a jlinked runtime, an application image and the platform's package. Run by
 * {@code mvn -Pdist package} (see the {@code dist} profile in pom.xml) after the jar and target/lib are
 * made; plain Java (source-file mode) so the same steps run on Linux, Windows and macOS. jlink and
 * jpackage are those of the JDK that runs Maven ({@code java.home}), so the runtime matches the JDK
 * the tests ran on.
 *
 * <p>Steps:
 * <ol>
 *   <li>input: graft.jar and its libraries, minus JavaFX (it goes into the runtime) and minus the
 *       libtorch jar, whose natives for this platform are unpacked into {@code libtorch/} (with the
 *       cpu JNI bridge) once, at build time; JNA's dispatch library the same way; the sample
 *       datasets.</li>
 *   <li>runtime: {@code jlink @jlink.cfg} with the JavaFX jars of this platform as module path, then
 *       JavaFX's native libraries copied next to the JDK's (so JavaFX never unpacks them into the
 *       home folder and the package manager sees them).</li>
 *   <li>app image: jpackage with the workbench launcher and the headless {@code graft} launcher; both
 *       point DJL at the unpacked libtorch through system properties relative to {@code $APPDIR}.</li>
 *   <li>package: jpackage from the app image (deb on Linux by default).</li>
 * </ol>
 *
 * <p>System properties: dist.basedir, dist.target, dist.version, dist.javafxPlatform,
 * dist.libtorchClassifier, dist.types (comma list, e.g. {@code app-image,deb}), dist.cliName,
 * dist.stripNatives (Linux: strip symbol tables from libtorch, default true), dist.debCompression
 * (dpkg-deb compressor[:level], default dpkg's own, xz), dist.verbose.
 */
public final class DistBuilder {

    static final String APP_NAME = "Graft";
    static final String MAIN_CLASS = "dev.graft.ui.Workbench";
    static final String CLI_CLASS = "dev.graft.cli.GraftCli";
    static final String DESCRIPTION = "Transfer learning workbench for image classifiers";

    private final Path base;
    private final Path target;
    private final Path dist;
    private final String version;
    private final String fxPlatform;
    private final String torchClassifier;
    private final List<String> types;
    private final String cliName;
    private final boolean stripNatives;
    private final boolean verbose;
    private final String os;

    private DistBuilder() {
        base = Path.of(System.getProperty("dist.basedir", ".")).toAbsolutePath().normalize();
        target = Path.of(System.getProperty("dist.target", base.resolve("target").toString()));
        dist = target.resolve("dist");
        // jpackage wants 1 to 3 numbers
        version = System.getProperty("dist.version", "0.1.0").replaceAll("[^0-9.].*$", "");
        fxPlatform = System.getProperty("dist.javafxPlatform", "linux");
        torchClassifier = System.getProperty("dist.libtorchClassifier", "linux-x86_64");
        String osName = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        os = osName.contains("win") ? "windows" : osName.contains("mac") ? "mac" : "linux";
        String defaultTypes = os.equals("linux") ? "app-image,deb" : os.equals("mac") ? "app-image,dmg" : "app-image,msi";
        String typeList = System.getProperty("dist.types", "");
        types = List.of((typeList.isBlank() ? defaultTypes : typeList).split(","));
        cliName = System.getProperty("dist.cliName", os.equals("linux") ? "graft" : "graft-cli");
        stripNatives = Boolean.parseBoolean(System.getProperty("dist.stripNatives", "true"));
        verbose = Boolean.getBoolean("dist.verbose");
    }

    public static void main(String[] args) throws Exception {
        new DistBuilder().build();
    }

    void build() throws IOException {
        long t0 = System.nanoTime();
        deleteTree(dist);
        Path input = dist.resolve("input");
        Path runtime = dist.resolve("runtime");
        prepareInput(input);
        log("input ready: %s (%s)", input, mb(size(input)));
        jlink(runtime);
        log("runtime ready: %s (%s)", runtime, mb(size(runtime)));
        Path image = appImage(input, runtime);
        log("app image ready: %s (%s)", image, mb(size(image)));
        for (String type : types) {
            if (!type.equals("app-image")) {
                long t = System.nanoTime();
                Path pkg = installer(image, type);
                log("%s ready: %s (%s, %d s)", type, pkg, mb(Files.size(pkg)), (System.nanoTime() - t) / 1_000_000_000L);
            }
        }
        log("done in %d s", (System.nanoTime() - t0) / 1_000_000_000L);
    }

    // ---------------------------------------------------------------- input

    private void prepareInput(Path input) throws IOException {
        Path lib = target.resolve("lib");
        Files.createDirectories(input.resolve("lib"));
        Files.copy(target.resolve("graft.jar"), input.resolve("graft.jar"));
        Path torchJar = null;
        Path jniJar = null;
        Path jnaJar = null;
        try (Stream<Path> jars = Files.list(lib)) {
            for (Path jar : jars.sorted().toList()) {
                String name = jar.getFileName().toString();
                if (name.startsWith("javafx-")) {
                    continue; // in the runtime as modules
                } else if (name.startsWith("pytorch-native-")) {
                    if (name.endsWith("-" + torchClassifier + ".jar")) {
                        torchJar = jar;
                    }
                    continue; // unpacked below
                } else if (name.startsWith("pytorch-jni-")) {
                    // its cpu bridge is unpacked below and found first; the jar stays on the class path
                    // (3 MB) so that a user who points PYTORCH_LIBRARY_PATH at a CUDA libtorch still gets
                    // the cu128 bridge, as with the plain jar
                    jniJar = jar;
                } else if (name.startsWith("jna-")) {
                    jnaJar = jar;
                }
                Files.copy(jar, input.resolve("lib").resolve(name));
            }
        }
        if (torchJar == null || jniJar == null) {
            throw new IllegalStateException("no pytorch-native-*-" + torchClassifier + ".jar or pytorch-jni jar in " + lib);
        }
        Path torch = input.resolve("libtorch");
        Files.createDirectories(torch);
        // pytorch/<flavor>/<classifier>/<lib>, e.g. pytorch/cpu/linux-x86_64/libtorch_cpu.so
        int n = unpack(torchJar, e -> e.startsWith("pytorch/") && e.contains("/" + torchClassifier + "/"), torch);
        // the JNI bridge of the cpu flavour: jnilib/<classifier>/cpu/libdjl_torch.so
        String jni = System.mapLibraryName("djl_torch");
        n += unpack(jniJar, e -> e.equals("jnilib/" + torchClassifier + "/cpu/" + jni), torch);
        if (!Files.exists(torch.resolve(jni)) || n < 3) {
            throw new IllegalStateException("libtorch natives for " + torchClassifier + " not found");
        }
        if (os.equals("linux") && stripNatives) {
            strip(torch);
        }
        // JNA (DJL's CUDA probe) would otherwise unpack libjnidispatch into ~/.cache/JNA on each start
        if (jnaJar != null) {
            String jnaDir = "com/sun/jna/" + jnaPlatform() + "/";
            unpack(jnaJar, e -> e.startsWith(jnaDir) && !e.endsWith("/"), input.resolve("jna"));
        }
        copyTree(base.resolve("datasets-sample"), input.resolve("datasets-sample"));
    }

    private String jnaPlatform() {
        String arch = System.getProperty("os.arch");
        String a = arch.equals("amd64") || arch.equals("x86_64") ? "x86-64" : arch;
        return switch (os) {
            case "windows" -> "win32-" + a;
            case "mac" -> "darwin-" + a;
            default -> "linux-" + a;
        };
    }

    /** Removes symbol tables the dynamic linker does not need (what Debian's dh_strip does). */
    private void strip(Path dir) throws IOException {
        if (!Files.isExecutable(Path.of("/usr/bin/strip"))) {
            log("strip not found: libtorch keeps its symbol tables");
            return;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().contains(".so")).toList()) {
                long before = Files.size(f);
                run(List.of("/usr/bin/strip", "--strip-unneeded", f.toString()));
                if (verbose) {
                    log("  stripped %s: %s -> %s", f.getFileName(), mb(before), mb(Files.size(f)));
                }
            }
        }
    }

    // ---------------------------------------------------------------- runtime

    private void jlink(Path runtime) throws IOException {
        List<String> args = new ArrayList<>();
        args.add("@" + base.resolve("jlink.cfg"));
        args.add("--module-path");
        args.add(fxJars().stream().map(Path::toString).collect(Collectors.joining(java.io.File.pathSeparator)));
        args.add("--output");
        args.add(runtime.toString());
        tool("jlink", args);
        // JavaFX looks for its natives in the runtime first (lib/ or, on Windows, bin/)
        Path nativeDir = runtime.resolve(os.equals("windows") ? "bin" : "lib");
        int n = 0;
        for (Path jar : fxJars()) {
            n += unpack(jar, e -> !e.contains("/") && (e.endsWith(".so") || e.endsWith(".dll") || e.endsWith(".dylib")),
                    nativeDir);
        }
        log("jlinked runtime with %d JavaFX native libraries in %s", n, base.relativize(nativeDir));
    }

    private List<Path> fxJars() throws IOException {
        try (Stream<Path> jars = Files.list(target.resolve("lib"))) {
            List<Path> fx = jars.filter(p -> p.getFileName().toString().matches("javafx-.*-" + fxPlatform + "\\.jar"))
                    .sorted().toList();
            if (fx.isEmpty()) {
                throw new IllegalStateException("no javafx-*-" + fxPlatform + ".jar in target/lib");
            }
            return fx;
        }
    }

    // ---------------------------------------------------------------- app image

    private List<String> javaOptions() {
        return List.of(
                // DJL: use the libtorch unpacked in the image (environment variables still win, so a user
                // can point PYTORCH_LIBRARY_PATH at a CUDA build); never download anything
                "-DPYTORCH_LIBRARY_PATH=$APPDIR/libtorch",
                "-DPYTORCH_VERSION=" + System.getProperty("dist.libtorchVersion", "2.7.1"),
                "-DPYTORCH_FLAVOR=cpu",
                "-Dai.djl.offline=true",
                // Graft's own downloads (model zoo, sample datasets) are a user's explicit action:
                // allowed, unless GRAFT_OFFLINE=true in the environment says otherwise
                "-Dgraft.offline=false",
                "-Djna.boot.library.path=$APPDIR/jna",
                "-Djna.nounpack=true",
                "-Dgraft.samples=$APPDIR/datasets-sample",
                "--add-exports=javafx.base/com.sun.javafx.event=ALL-UNNAMED");
    }

    private Path appImage(Path input, Path runtime) throws IOException {
        Path cliProps = dist.resolve(cliName + ".properties");
        List<String> cli = new ArrayList<>();
        cli.add("main-class=" + CLI_CLASS);
        cli.add("java-options=" + javaOptions().stream().filter(o -> !o.startsWith("--add-exports"))
                .collect(Collectors.joining(" ")) + " -Djava.awt.headless=true");
        if (os.equals("windows")) {
            cli.add("win-console=true");
        }
        Files.write(cliProps, cli);

        List<String> args = new ArrayList<>(common());
        args.addAll(List.of("--type", "app-image",
                "--input", input.toString(),
                "--runtime-image", runtime.toString(),
                "--main-jar", "graft.jar",
                "--main-class", MAIN_CLASS,
                "--add-launcher", cliName + "=" + cliProps,
                "--icon", icon().toString(),
                "--dest", dist.toString()));
        for (String o : javaOptions()) {
            args.add("--java-options");
            args.add(o);
        }
        tool("jpackage", args);
        Path image = dist.resolve(os.equals("mac") ? APP_NAME + ".app" : APP_NAME);
        if (os.equals("linux")) {
            // the icon in every size, for the desktop entry's hicolor theme (installed by postinst)
            copyTree(base.resolve("icons"), image.resolve("lib").resolve("icons"), p -> p.toString().endsWith(".png"));
        }
        return image;
    }

    private List<String> common() {
        List<String> args = new ArrayList<>(List.of("--name", APP_NAME, "--app-version", version,
                "--vendor", "Graft", "--description", DESCRIPTION));
        if (verbose) {
            args.add("--verbose");
        }
        return args;
    }

    private Path icon() {
        return base.resolve("icons").resolve(switch (os) {
            case "windows" -> "graft.ico";
            case "mac" -> "graft.icns";
            default -> "graft-256.png";
        });
    }

    // ---------------------------------------------------------------- package

    private Path installer(Path image, String type) throws IOException {
        List<String> args = new ArrayList<>(common());
        args.addAll(List.of("--type", type, "--app-image", image.toString(), "--dest", dist.toString()));
        // package resources that replace jpackage's templates (Linux: desktop entries, postinst, prerm)
        Path resources = base.resolve("src/dist/" + os);
        if (Files.isDirectory(resources)) {
            args.addAll(List.of("--resource-dir", resources.toString()));
        }
        if (type.equals("deb")) {
            args.addAll(List.of("--linux-deb-maintainer", "dev@graft.invalid"));
        }
        switch (os) {
            case "linux" -> args.addAll(List.of("--linux-package-name", "graft",
                    "--linux-app-category", "science",
                    "--linux-menu-group", "Science;ArtificialIntelligence;",
                    "--linux-shortcut",
                    "--icon", icon().toString()));
            case "windows" -> args.addAll(List.of("--win-menu", "--win-shortcut", "--win-dir-chooser",
                    "--win-per-user-install", "--icon", icon().toString()));
            default -> args.addAll(List.of("--icon", icon().toString()));
        }
        // dpkg-deb's compression (dpkg >= 1.21.10): "xz:6" is its default and the smallest; "gzip:1" or
        // "none" trade size for speed (the check script uses a fast one)
        java.util.Map<String, String> env = new java.util.HashMap<>();
        String compression = System.getProperty("dist.debCompression", "");
        if (type.equals("deb") && !compression.isBlank()) {
            String[] c = compression.split(":");
            env.put("DPKG_DEB_COMPRESSOR_TYPE", c[0]);
            if (c.length > 1) {
                env.put("DPKG_DEB_COMPRESSOR_LEVEL", c[1]);
            }
        }
        try (Stream<Path> before = Files.list(dist)) {
            List<Path> existing = before.toList();
            tool("jpackage", args, env);
            try (Stream<Path> after = Files.list(dist)) {
                return after.filter(p -> !existing.contains(p) && Files.isRegularFile(p)).findFirst()
                        .orElseThrow(() -> new IllegalStateException("jpackage made no " + type));
            }
        }
    }

    // ---------------------------------------------------------------- helpers

    /** Runs a JDK tool of the JDK that runs this program (its launcher expands jlink's @argfile). */
    private void tool(String name, List<String> args) throws IOException {
        tool(name, args, java.util.Map.of());
    }

    private void tool(String name, List<String> args, java.util.Map<String, String> env) throws IOException {
        Path exe = Path.of(System.getProperty("java.home"), "bin", os.equals("windows") ? name + ".exe" : name);
        if (!Files.isExecutable(exe)) {
            throw new IllegalStateException(exe + " not found: build with a full JDK 17+ (not a JRE)");
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(exe.toString());
        cmd.addAll(args);
        if (verbose) {
            log("%s", String.join(" ", cmd));
        }
        long t = System.nanoTime();
        run(cmd, env);
        log("%s took %d s", name, (System.nanoTime() - t) / 1_000_000_000L);
    }

    private static void run(List<String> cmd) throws IOException {
        run(cmd, java.util.Map.of());
    }

    private static void run(List<String> cmd, java.util.Map<String, String> env) throws IOException {
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).inheritIO();
            pb.environment().putAll(env);
            Process p = pb.start();
            if (p.waitFor() != 0) {
                throw new IOException(String.join(" ", cmd) + " failed");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    /** Copies the jar entries that match into dir (flat), keeping the file names; returns how many. */
    private static int unpack(Path jar, java.util.function.Predicate<String> match, Path dir) throws IOException {
        int n = 0;
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (Enumeration<? extends ZipEntry> en = zip.entries(); en.hasMoreElements(); ) {
                ZipEntry e = en.nextElement();
                if (e.isDirectory() || !match.test(e.getName())) {
                    continue;
                }
                Files.createDirectories(dir);
                Path out = dir.resolve(e.getName().substring(e.getName().lastIndexOf('/') + 1));
                try (InputStream in = zip.getInputStream(e)) {
                    Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
                }
                n++;
            }
        }
        return n;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        copyTree(from, to, p -> true);
    }

    private static void copyTree(Path from, Path to, java.util.function.Predicate<Path> files) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (files.test(file)) {
                    Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.REPLACE_EXISTING);
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static long size(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }

    private static void log(String format, Object... args) {
        System.out.printf(Locale.ROOT, "[dist] " + format + "%n", args);
    }
}
