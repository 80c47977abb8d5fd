package dev.graft.cli;

import dev.graft.engine.export.web.StaticFileServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code graft serve}: a folder (a web export) over http on this machine, until Ctrl-C. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serve a folder over http, e.g. a web export (browsers do not run its",
            "WebAssembly from file://). Read-only; only this machine can connect unless --host says otherwise."})
final class ServeCommand implements Callable<Integer> {

    @Parameters(paramLabel = "DIR", description = "the folder to serve")
    Path dir;

    @Option(names = "--port", defaultValue = "8080", description = "port, 0 for any free one (default: ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1",
            description = "address to listen on (default: ${DEFAULT-VALUE}, this machine only)")
    String host;

    @Override
    public Integer call() throws Exception {
        if (!Files.isDirectory(dir)) {
            System.err.println("graft: " + dir + " is not a folder");
            return 2;
        }
        if (port < 0 || port > 65535) {
            System.err.println("graft: --port must be 0..65535: " + port);
            return 2;
        }
        StaticFileServer server;
        try {
            server = StaticFileServer.start(dir, host, port);
        } catch (java.net.BindException e) {
            System.err.println("graft: cannot listen on " + host + ":" + port + " (" + e.getMessage()
                    + "); choose another --port");
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }));
        System.out.println("serving " + dir.toAbsolutePath().normalize() + " at " + server.uri()
                + "  (Ctrl-C stops)");
        stopped.await();
        return 0;
    }
}
