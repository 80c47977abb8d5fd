package dev.graft.engine.export.web;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Serves a folder's files over http, read-only: what a web export needs, because browsers refuse
 * WebAssembly from {@code file://} pages. Java 17 has no {@code jwebserver} (Java 18+) and not every
 * user has Python, so {@code graft serve} brings its own. Only regular files inside the folder are
 * served (no listings, no paths or links leading out); {@code .wasm} goes out as
 * {@code application/wasm}, which browsers require for streaming compilation.
 */
public final class StaticFileServer implements AutoCloseable {

    private static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry("html", "text/html; charset=utf-8"), Map.entry("js", "text/javascript; charset=utf-8"),
            Map.entry("mjs", "text/javascript; charset=utf-8"), Map.entry("wasm", "application/wasm"),
            Map.entry("onnx", "application/octet-stream"), Map.entry("json", "application/json"),
            Map.entry("txt", "text/plain; charset=utf-8"), Map.entry("md", "text/markdown; charset=utf-8"),
            Map.entry("png", "image/png"), Map.entry("jpg", "image/jpeg"), Map.entry("jpeg", "image/jpeg"),
            Map.entry("gif", "image/gif"), Map.entry("webp", "image/webp"), Map.entry("bmp", "image/bmp"),
            Map.entry("svg", "image/svg+xml"), Map.entry("ico", "image/x-icon"));

    private final HttpServer server;
    private final ExecutorService executor;
    private final Path root;

    private StaticFileServer(HttpServer server, ExecutorService executor, Path root) {
        this.server = server;
        this.executor = executor;
        this.root = root;
    }

    /**
     * Starts serving.
     *
     * @param folder the folder to serve
     * @param host the address to listen on (e.g. 127.0.0.1: only this machine)
     * @param port the port, 0 for any free one
     * @return the running server; close it to stop
     * @throws IOException if the folder is not one or the port cannot be opened
     */
    public static StaticFileServer start(Path folder, String host, int port) throws IOException {
        Path root = folder.toRealPath();
        if (!Files.isDirectory(root)) {
            throw new IOException(folder + " is not a folder");
        }
        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 0);
        ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "graft-serve");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        StaticFileServer s = new StaticFileServer(server, executor, root);
        server.createContext("/", s::handle);
        server.start();
        return s;
    }

    /** @return the address to open, e.g. {@code http://127.0.0.1:8080/} */
    public URI uri() {
        InetSocketAddress a = server.getAddress();
        String host = a.getAddress().isAnyLocalAddress() ? "127.0.0.1" : a.getAddress().getHostAddress();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort() + "/");
    }

    /**
     * Adds a handler for one path (tests use it to receive what a page reports).
     *
     * @param path the path, e.g. {@code /report}
     * @param handler its handler
     */
    public void handle(String path, com.sun.net.httpserver.HttpHandler handler) {
        server.createContext(path, handler);
    }

    private void handle(HttpExchange x) throws IOException {
        try (x) {
            String method = x.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                x.sendResponseHeaders(405, -1);
                return;
            }
            Path file = resolve(x.getRequestURI().getPath());
            if (file == null) {
                byte[] body = "not found\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
                x.sendResponseHeaders(404, body.length);
                x.getResponseBody().write(body);
                return;
            }
            String name = file.getFileName().toString();
            String ext = name.contains(".") ? name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT) : "";
            x.getResponseHeaders().set("Content-Type", TYPES.getOrDefault(ext, "application/octet-stream"));
            x.getResponseHeaders().set("Cache-Control", "no-cache");
            long size = Files.size(file);
            if (method.equals("HEAD")) {
                x.sendResponseHeaders(200, -1);
                return;
            }
            x.sendResponseHeaders(200, size == 0 ? -1 : size);
            try (OutputStream out = x.getResponseBody()) {
                Files.copy(file, out);
            }
        }
    }

    /** The file a request path names, or null when there is none inside the folder. */
    private Path resolve(String uriPath) {
        String p = uriPath == null || uriPath.isEmpty() || uriPath.endsWith("/") ? uriPath + "index.html" : uriPath;
        if (p.contains("\0") || p.contains("\\")) {
            return null;
        }
        Path file = root.resolve(p.substring(1)).normalize();
        if (!file.startsWith(root)) {
            return null;
        }
        try {
            Path real = file.toRealPath();
            return real.startsWith(root) && Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS) ? real : null;
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
