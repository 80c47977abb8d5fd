package dev.graft.cli;

import dev.graft.core.model.CatalogueEntry;
import dev.graft.core.util.Json;
import dev.graft.engine.catalogue.ModelCatalogue;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code graft models}: the catalogue. */
@Command(name = "models", mixinStandardHelpOptions = true, description = "List the models Graft can start from.")
final class ModelsCommand implements Callable<Integer> {

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Override
    public Integer call() {
        if (json) {
            System.out.println(Json.PRETTY.toJson(ModelCatalogue.entries()));
            return 0;
        }
        System.out.printf(Locale.ROOT, "%-14s %-34s %12s %6s %10s  %s%n", "id", "name", "parameters", "input",
                "download", "available");
        for (CatalogueEntry e : ModelCatalogue.entries()) {
            System.out.printf(Locale.ROOT, "%-14s %-34s %,12d %4dpx %10s  %s%s%n", e.id(), e.name(), e.parameters(),
                    e.inputSize(), e.downloadSizeBytes() == 0 ? "-" : String.format(Locale.ROOT, "%.0f MB",
                            e.downloadSizeBytes() / 1e6), e.availableOffline() ? "offline" : "needs download",
                    e.isDefault() ? " (default)" : "");
        }
        System.out.println();
        System.out.println("Also accepted by --model: a TorchScript .pt file (torch.jit.trace/script), or a Graft run"
                + " folder or model folder.");
        return 0;
    }
}
