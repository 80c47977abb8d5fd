package dev.graft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.graft.testing.DatasetFixtureServer;
import dev.graft.testing.GraftProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code graft datasets} as a user runs it: real processes against a repository server on
 * 127.0.0.1 in DJL's layout, including one killed mid-download with SIGKILL and one stopped with
 * SIGTERM (what Ctrl-C sends through the shell's process group).
 */
class DatasetsCommandTest {

    @TempDir
    Path tmp;

    private DatasetFixtureServer server;

    @BeforeEach
    void start() throws Exception {
        server = new DatasetFixtureServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private GraftProcess graft(String... args) throws Exception {
        return GraftProcess.start(tmp, tmp.resolve("home"), tmp.resolve("logs"),
                Map.of("GRAFT_ZOO_URL", server.url().toString(), "GRAFT_OFFLINE", "false"), args);
    }

    private Path datasets() {
        return tmp.resolve("home/datasets");
    }

    private Path artifact(String id) {
        return datasets().resolve(".repository/archives/dataset/cv/ai/djl/basicdataset/" + id);
    }

    /** True while DJL's repository is downloading into its temporary folder beside the artifact's. */
    private boolean downloading(String id) {
        try (Stream<Path> s = Files.list(artifact(id))) {
            return s.anyMatch(p -> p.getFileName().toString().matches("1\\.0\\d+"));
        } catch (java.io.IOException e) {
            return false;
        }
    }

    @Test
    void getPrintsTheFolderWithPlainProgressLinesWhenPipedAndListShowsItFetched() throws Exception {
        GraftProcess get = graft("datasets", "get", "fashion-mnist");
        assertEquals(0, get.waitFor(300), get.err());
        Path train = datasets().resolve("fashion-mnist/fashion-mnist-train");
        assertEquals(train.toString(), get.out().trim());
        String err = get.err();
        assertFalse(err.contains("\r"), "piped: no carriage returns");
        assertTrue(err.contains("Downloading: ") && err.contains("Writing training images: 20 of 20"), err);
        assertTrue(err.contains("fashion-mnist-test, for scoring once"), err);

        GraftProcess list = graft("datasets", "list", "--json");
        assertEquals(0, list.waitFor(120), list.err());
        JsonArray rows = JsonParser.parseString(list.out()).getAsJsonArray();
        assertEquals(5, rows.size());
        for (var r : rows) {
            JsonObject o = r.getAsJsonObject();
            switch (o.get("id").getAsString()) {
                case "fashion-mnist" -> {
                    assertTrue(o.get("fetched").getAsBoolean());
                    assertEquals(train.toString(), o.get("trainFolder").getAsString());
                    assertEquals("MIT (Zalando Research)", o.get("licence").getAsString());
                }
                case "cifar10" -> {
                    assertEquals("downloadable", o.get("state").getAsString(), o.toString());
                    assertEquals("Fixture Licence", o.get("metadataLicence").getAsString());
                    assertEquals(10, o.get("classes").getAsJsonArray().size());
                }
                default -> { }
            }
        }

        GraftProcess again = graft("datasets", "get", "fashion-mnist");
        assertEquals(0, again.waitFor(120), again.err());
        assertEquals(train.toString(), again.out().trim());
        assertFalse(again.err().contains("Downloading"), "fetched sets open at once: " + again.err());
    }

    @Test
    void aKilledGetLeavesNoDatasetAndTheNextOneCleansUpAndSucceeds() throws Exception {
        server.slow(100);
        GraftProcess get = graft("datasets", "get", "cifar10");
        get.await(120, () -> downloading("cifar10"));
        get.handle().destroyForcibly(); // SIGKILL: no shutdown hook, no clean-up
        get.handle().onExit().get();
        assertFalse(Files.exists(datasets().resolve("cifar10")), "nothing half-written is shown as a dataset");
        Path artifact = artifact("cifar10");
        try (Stream<Path> s = Files.list(artifact)) {
            java.util.List<String> names = s.map(p -> p.getFileName().toString()).toList();
            assertTrue(names.stream().anyMatch(n -> n.matches("1\\.0\\d+")), "DJL's temporary folder: " + names);
        }

        GraftProcess list = graft("datasets", "list", "--local");
        assertEquals(0, list.waitFor(120), list.err());
        assertTrue(list.out().contains("cifar10 — CIFAR-10: not fetched"), list.out());

        server.slow(0);
        GraftProcess again = graft("datasets", "get", "cifar10");
        assertEquals(0, again.waitFor(300), again.err());
        try (Stream<Path> s = Files.list(artifact)) {
            assertEquals(java.util.List.of("metadata.json"), s.map(p -> p.getFileName().toString()).toList());
        }
        try (Stream<Path> s = Files.walk(datasets().resolve("cifar10/cifar10-train"))) {
            assertEquals(DatasetFixtureServer.CIFAR_TRAIN, s.filter(p -> p.toString().endsWith(".png")).count());
        }
    }

    @Test
    void sigtermCancelsCleanlyAndUnknownNamesAreBadUsage() throws Exception {
        server.slow(100);
        GraftProcess get = graft("datasets", "get", "cifar10");
        get.await(120, () -> downloading("cifar10"));
        get.handle().destroy(); // SIGTERM, as Ctrl-C ends the shell's job
        get.waitFor(60);
        assertTrue(get.err().contains("cancelled; nothing was kept"), get.err());
        assertFalse(Files.exists(datasets().resolve("cifar10")));
        try (Stream<Path> s = Files.walk(datasets())) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().matches("1\\.0\\d+|\\.graft-tmp-.*")));
        }

        GraftProcess bad = graft("datasets", "get", "imagenet");
        assertEquals(2, bad.waitFor(60));
        assertTrue(bad.err().startsWith("graft: no dataset 'imagenet'; these are: [emoji, fruits"), bad.err());
    }
}
