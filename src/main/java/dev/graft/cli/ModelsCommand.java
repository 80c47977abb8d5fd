package dev.graft.cli;

import dev.graft.core.model.CatalogueEntry;
import dev.graft.core.util.Json;
import dev.graft.engine.catalogue.ModelCatalogue;
import dev.graft.engine.zoo.ZooDownloads;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code graft models}: the catalogue, with what is cached, downloadable or unavailable offline. */
@Command(name = "models", mixinStandardHelpOptions = true, description = {"List the models Graft can start from:"
        + " bundled, and the DJL model zoo's ImageNet classifiers (cached, downloadable, or unavailable offline"
        + " with what is missing).", "Download a zoo model with: graft download ID"})
final class ModelsCommand implements Callable<Integer> {

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Option(names = "--local", description = "do not ask the model zoo's server (only what is cached is known)")
    boolean local;

    @Override
    public Integer call() {
        List<CatalogueEntry> entries = ModelCatalogue.entries(ZooDownloads.current(), !local);
        if (json) {
            System.out.println(Json.PORTABLE.toJson(entries));
            return 0;
        }
        System.out.printf(Locale.ROOT, "%-24s %-42s %12s %6s %9s  %s%n", "id", "name", "parameters", "input",
                "download", "status");
        for (CatalogueEntry e : entries) {
            System.out.printf(Locale.ROOT, "%-24s %-42s %,12d %4dpx %9s  %s%s%n", e.id(), e.name(), e.parameters(),
                    e.inputSize(), e.downloadSizeBytes() == 0 ? "-" : String.format(Locale.ROOT, "%.0f MB",
                            e.downloadSizeBytes() / 1e6), e.status(), e.isDefault() ? " (default)" : "");
        }
        System.out.println();
        for (CatalogueEntry e : entries) {
            if (e.statusDetail() != null && !CatalogueEntry.CACHED.equals(e.status())) {
                System.out.println(e.id() + ": " + e.statusDetail());
            }
        }
        System.out.println();
        System.out.println("Download a zoo model: graft download ID. Also accepted by --model: a TorchScript .pt"
                + " file (torch.jit.trace/script), or a Graft run folder or model folder.");
        return 0;
    }
}
