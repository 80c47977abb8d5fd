package dev.graft.cli;

import dev.graft.core.util.Json;
import dev.graft.engine.download.DownloadControl;
import dev.graft.engine.download.DownloadProgress;
import dev.graft.engine.zoo.ZooBackbone;
import dev.graft.engine.zoo.ZooBackbones;
import dev.graft.engine.zoo.ZooDownloads;
import dev.graft.engine.zoo.ZooStatus;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code graft download}: fetches model-zoo backbones into DJL's cache. */
@Command(name = "download", mixinStandardHelpOptions = true,
        description = {"Download pretrained models from the DJL model zoo into DJL's cache (DJL_CACHE_DIR,"
                + " default ~/.djl.ai), checking the zoo's SHA-1 of every file. Ctrl-C cancels and keeps nothing.",
            "An interrupted download leaves nothing behind: run the command again."})
final class DownloadCommand implements Callable<Integer> {

    @Parameters(paramLabel = "ID", arity = "1..*", description = "zoo model ids, e.g. djl:resnet18_embedding"
            + " (see graft models)")
    List<String> ids;

    @Option(names = "--events", description = "jsonl: print one JSON progress event per line")
    String events;

    @Override
    public Integer call() {
        boolean jsonl = "jsonl".equals(events);
        ZooDownloads zoo = ZooDownloads.current();
        DownloadControl control = new DownloadControl();
        int failures = 0;
        try (GracefulStop ignored = new GracefulStop(control::cancel, 10)) {
            for (String id : ids) {
                ZooBackbone b = ZooBackbones.find(id).orElse(null);
                if (b == null) {
                    System.err.println("graft: '" + id + "' is not a model-zoo id; these are: "
                            + ZooBackbones.ALL.stream().map(ZooBackbone::id).toList());
                    failures++;
                    continue;
                }
                ZooStatus status = zoo.status(b);
                if (!jsonl) {
                    System.out.println(id + ": " + status.state().word() + " — " + status.detail());
                }
                long[] lastLine = {0};
                try {
                    Path pt = zoo.download(b, p -> show(p, jsonl, lastLine), control);
                    if (jsonl) {
                        System.out.println(Json.COMPACT.toJson(Map.of("event", "downloaded", "id", id,
                                "file", pt.toString())));
                    } else {
                        System.out.println((lastLine[0] > 0 ? "\n" : "") + id + ": ready, " + pt);
                    }
                } catch (CancellationException e) {
                    System.err.println("\ngraft: " + e.getMessage());
                    return 130;
                } catch (java.io.IOException e) {
                    System.err.println((lastLine[0] > 0 ? "\n" : "") + "graft: " + e.getMessage());
                    failures++;
                }
            }
        }
        return failures == 0 ? 0 : 1;
    }

    private static void show(DownloadProgress p, boolean jsonl, long[] lines) {
        if (jsonl) {
            System.out.println(Json.COMPACT.toJson(p));
            return;
        }
        if (p.totalBytes() == 0) {
            return;
        }
        String bar = String.format(Locale.ROOT, "\r  %3.0f%%  %s   ", Math.max(0, p.fraction()) * 100, p.describe());
        System.out.print(bar);
        System.out.flush();
        lines[0]++;
    }
}
