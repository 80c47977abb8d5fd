package dev.graft.cli;

import dev.graft.core.util.Json;
import dev.graft.engine.datasets.DatasetDownloads;
import dev.graft.engine.datasets.FetchProgress;
import dev.graft.engine.datasets.SampleDataset;
import dev.graft.engine.datasets.SampleDatasets;
import dev.graft.engine.datasets.SampleStatus;
import dev.graft.engine.download.DownloadControl;
import dev.graft.engine.download.Sizes;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code graft datasets list|get}: datasets to start from, fetched through DJL's basicdataset. */
@Command(name = "datasets", mixinStandardHelpOptions = true,
        description = {"Datasets to start from: the bundled emoji sample and the image sets of DJL's basicdataset"
                + " (fresh and rotten fruit, CIFAR-10, Fashion-MNIST), written once as class folders (a training"
                + " and a test split) into Graft's data folder."},
        subcommands = {DatasetsCommand.ListCommand.class, DatasetsCommand.GetCommand.class})
final class DatasetsCommand implements Runnable {

    @picocli.CommandLine.Spec
    private picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** {@code graft datasets list}. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = {"List the datasets with their facts"
            + " (images, image size, classes, licence, source), whether each is on this computer and where.",
        "Sets that are not fetched are checked against DJL's repository (unless --local); offline, the list says"
                + " what is missing and why."})
    static final class ListCommand implements Callable<Integer> {

        @Option(names = "--json", description = "print JSON: one object per set")
        boolean json;

        @Option(names = "--local", description = "do not ask DJL's repository (what is fetched is still known)")
        boolean local;

        @Override
        public Integer call() {
            DatasetDownloads downloads = DatasetDownloads.current();
            List<Map<String, Object>> rows = new ArrayList<>();
            PrintStream out = System.out;
            for (SampleDataset d : SampleDatasets.ALL) {
                SampleStatus s = local ? downloads.localStatus(d) : downloads.status(d);
                rows.add(row(d, s));
                if (json) {
                    continue;
                }
                out.println(d.id() + " — " + d.title() + ": " + s.state().word());
                out.println("  images     " + d.images() + " · " + d.imageSize());
                out.println("  classes    " + d.describeClasses());
                out.println("  licence    " + d.licence() + (s.licence() == null ? ""
                        : " (DJL's metadata: " + s.licence() + ")"));
                out.println("  source     " + d.home() + (d.bundled() ? "" : "; through DJL basicdataset, artifact "
                        + "ai.djl.basicdataset:" + d.artifactId()));
                long bytes = s.downloadBytes() > 0 ? s.downloadBytes() : d.downloadBytes();
                if (!d.bundled()) {
                    out.println("  download   " + (bytes > 0 ? Sizes.format(bytes) : "size known once DJL's repository"
                            + " answers"));
                }
                out.println("  where      " + s.trainFolder() + "  (test split: " + s.testFolder().getFileName() + ")");
                if (!s.ready()) {
                    out.println("  status     " + s.detail());
                }
                out.println();
            }
            if (json) {
                out.println(Json.PORTABLE.toJson(rows));
            } else {
                out.println("Fetch one with: graft datasets get NAME   (then: graft train --data <where>)");
            }
            return 0;
        }

        private static Map<String, Object> row(SampleDataset d, SampleStatus s) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", d.id());
            m.put("title", d.title());
            m.put("state", s.state().word());
            m.put("fetched", s.ready());
            m.put("images", d.images());
            m.put("imageSize", d.imageSize());
            m.put("classes", d.classes().isEmpty() ? null : d.classes());
            m.put("classesText", d.describeClasses());
            m.put("licence", d.licence());
            m.put("metadataLicence", s.licence());
            m.put("source", d.home());
            m.put("djlArtifact", d.bundled() ? null : "ai.djl.basicdataset:" + d.artifactId() + ":"
                    + SampleDatasets.VERSION);
            m.put("downloadBytes", s.downloadBytes() > 0 ? s.downloadBytes() : d.downloadBytes());
            m.put("trainFolder", s.trainFolder().toString());
            m.put("testFolder", s.testFolder().toString());
            m.put("detail", s.detail());
            return m;
        }
    }

    /** {@code graft datasets get NAME}. */
    @Command(name = "get", mixinStandardHelpOptions = true, description = {"Fetch a dataset through DJL's repository"
            + " and basicdataset and write it once as class folders; prints the training folder.",
        "Progress goes to standard error. Ctrl-C cancels: nothing half-written is kept (a complete download is"
                + " kept, so the next run finishes without downloading again). A fetched set opens at once."})
    static final class GetCommand implements Callable<Integer> {

        @Parameters(paramLabel = "NAME", description = "a dataset id from graft datasets list, e.g. cifar10")
        String name;

        @Override
        public Integer call() {
            SampleDataset d = SampleDatasets.find(name).orElse(null);
            if (d == null) {
                System.err.println("graft: no dataset '" + name + "'; these are: "
                        + SampleDatasets.ALL.stream().map(SampleDataset::id).toList());
                return 2;
            }
            DatasetDownloads downloads = DatasetDownloads.current();
            DownloadControl control = new DownloadControl();
            // the stop hook waits until the outcome is printed: closing it earlier would let the JVM end
            // mid-message after Ctrl-C
            try (GracefulStop ignored = new GracefulStop(control::cancel, 30)) {
                return fetch(downloads, d, control);
            }
        }

        private static int fetch(DatasetDownloads downloads, SampleDataset d, DownloadControl control) {
            StderrProgress progress = new StderrProgress(System.err, System.console() != null);
            try {
                Path train = downloads.fetch(d, progress::show, control);
                progress.end();
                Path test = train.resolveSibling(d.testFolder());
                System.err.println("graft: " + d.title() + " is in " + train.getParent() + " (test split: "
                        + test.getFileName() + ", for scoring once with graft eval)");
                System.out.println(train);
                return 0;
            } catch (CancellationException e) {
                progress.end();
                System.err.println("graft: " + e.getMessage() + (e.getMessage().startsWith("Download") ? ""
                        : " Nothing half-written was kept; a complete download stays, so running this again"
                                + " finishes without downloading."));
                return 130;
            } catch (IOException e) {
                progress.end();
                System.err.println("graft: " + e.getMessage());
                return 1;
            } finally {
                System.err.flush();
                System.out.flush();
            }
        }
    }

    /**
     * Progress on standard error: one line rewritten in place on a terminal; plain lines every few
     * seconds (and at each new step) when piped, so a log stays readable.
     */
    static final class StderrProgress {

        private static final long PIPED_EVERY_NANOS = 5_000_000_000L;

        private final PrintStream err;
        private final boolean terminal;
        private FetchProgress.Stage lastStage;
        private long lastLine;
        private boolean midLine;

        StderrProgress(PrintStream err, boolean terminal) {
            this.err = err;
            this.terminal = terminal;
        }

        void show(FetchProgress p) {
            if (p.stage() == FetchProgress.Stage.DONE) {
                return;
            }
            String text = String.format(Locale.ROOT, "%s%s", p.fraction() < 0 ? ""
                    : String.format(Locale.ROOT, "%3.0f%%  ", p.fraction() * 100), p.describe());
            if (terminal) {
                err.print("\r" + text + "   ");
                err.flush();
                midLine = true;
                return;
            }
            long now = System.nanoTime();
            boolean last = p.total() > 0 && p.done() >= p.total();
            if (p.stage() != lastStage || last || now - lastLine >= PIPED_EVERY_NANOS) {
                err.println(text);
                lastStage = p.stage();
                lastLine = now;
            }
        }

        void end() {
            if (midLine) {
                err.println();
                midLine = false;
            }
        }
    }
}
