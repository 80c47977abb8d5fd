package dev.graft.core.labelling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.testing.FolderSnapshot;
import dev.graft.testing.Images;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Labelling on real files in temporary folders: every action, its undo and its redo, checked
 * byte for byte against snapshots of the folders.
 */
class LabellerTest {

    @TempDir
    Path tmp;

    private Path data;
    private Path outside;
    private Journal journal;
    private Labeller labeller;

    @BeforeEach
    void dataset() throws Exception {
        data = Images.pngs(tmp.resolve("photos"), 16, 1, "cat/c1.png", "cat/c2.png", "dog/d1.png", "loose1.png",
                "loose2.png");
        outside = Images.pngs(tmp.resolve("desktop"), 16, 10, "new1.png", "new2.png");
        journal = new Journal(tmp.resolve("graft-data/labelling"));
        labeller = new Labeller(data, journal, FileOps.SYSTEM, null);
    }

    /** Every file and folder that is not hidden (the trash and temporary files are hidden). */
    static Map<String, String> visible(Path root) throws Exception {
        Map<String, String> out = new TreeMap<>();
        FolderSnapshot.of(root).forEach((k, v) -> {
            if (Stream.of(k.split("[/\\\\]")).noneMatch(s -> s.startsWith("."))) {
                out.put(k, v);
            }
        });
        return out;
    }

    private void assertJournalEmpty() throws Exception {
        try (Stream<Path> s = Files.list(journal.folder())) {
            assertEquals(List.of(), s.filter(p -> p.toString().endsWith(".json")).toList(),
                    "no pending operation is left");
        }
    }

    @Test
    void copyingInAndUndoRedoRestoreExactlyTheSameBytesAndNames() throws Exception {
        Map<String, String> before = visible(data);
        Map<String, String> desktop = FolderSnapshot.of(outside);
        Labeller.Result r = labeller.add(List.of(outside.resolve("new1.png"), outside.resolve("new2.png")), "cat",
                false);
        assertEquals(2, r.files());
        assertTrue(r.message().startsWith("Copied 2 images into 'cat'"), r.message());
        assertEquals(FolderSnapshot.of(outside).get("new1.png"), visible(data).get("cat/new1.png"));
        assertEquals(desktop, FolderSnapshot.of(outside), "a copy leaves the originals alone");
        Map<String, String> after = visible(data);

        Labeller.Result undone = labeller.undo();
        assertTrue(undone.message().startsWith("Undo: copied 2 images"), undone.message());
        assertEquals(before, visible(data), "undo restores the dataset exactly");
        assertEquals(desktop, FolderSnapshot.of(outside));
        assertTrue(labeller.redoable().isPresent());

        labeller.redo();
        assertEquals(after, visible(data), "redo restores the same bytes under the same names");
        labeller.undo();
        assertEquals(before, visible(data));
        assertJournalEmpty();
        assertTrue(Files.readString(journal.historyLog()).contains("done"), "a history for people");
    }

    @Test
    void movingInTakesTheOriginalsAndUndoPutsThemBack() throws Exception {
        Map<String, String> desktop = FolderSnapshot.of(outside);
        Map<String, String> before = visible(data);
        labeller.add(List.of(outside), "bird", true);
        assertFalse(Files.exists(outside.resolve("new1.png")), "moved, not copied");
        assertEquals(desktop.get("new1.png"), visible(data).get("bird/new1.png"));
        assertEquals(List.of("bird", "cat", "dog"), folders(data), "dropping on a new class creates it");

        labeller.undo();
        assertEquals(desktop, FolderSnapshot.of(outside), "the originals are back where they were, byte for byte");
        assertEquals(before, visible(data), "and the new class is gone again");
        labeller.redo();
        assertEquals(desktop.get("new2.png"), visible(data).get("bird/new2.png"));
    }

    @Test
    void aDroppedFolderAddsItsImagesRefusesOtherFilesAndFlagsDuplicates() throws Exception {
        Path drop = tmp.resolve("drop");
        Images.png(drop.resolve("fresh.png"), 20, 16);
        Images.png(drop.resolve("deeper/fresh2.png"), 21, 16);
        Files.copy(data.resolve("dog/d1.png"), drop.resolve("copy-of-d1.png"));
        Files.copy(drop.resolve("fresh.png"), drop.resolve("fresh-again.png"));
        Files.writeString(drop.resolve("notes.txt"), "shopping list");
        Files.writeString(drop.resolve("fake.png"), "not really a png");
        Files.createDirectories(drop.resolve(".hidden"));
        Files.writeString(drop.resolve(".hidden/secret.png"), "x");

        Labeller.Result r = labeller.add(List.of(drop), null, false);
        assertEquals(2, r.files(), r.message());
        assertTrue(Files.exists(data.resolve("fresh2.png")), "files from sub-folders too");
        assertEquals(4, loose(data).size(), "the inbox gets two new images");
        assertEquals(2, r.duplicates().size(), r.message());
        assertTrue(r.duplicates().stream().anyMatch(d -> d.existing().endsWith(Path.of("dog", "d1.png"))));
        assertTrue(r.duplicates().stream().anyMatch(d -> d.dropped().endsWith("fresh-again.png")
                || d.dropped().endsWith("fresh.png")), "the same bytes twice in one drop are added once");
        assertEquals(2, r.refused().size(), r.message());
        assertTrue(r.message().contains("notes.txt (not an image"), r.message());
        assertTrue(r.message().contains("already in the dataset (same bytes)"), r.message());
        assertFalse(Files.exists(data.resolve("copy-of-d1.png")));
    }

    @Test
    void collisionsGetANewNameAndNothingIsOverwritten() throws Exception {
        Path other = tmp.resolve("other");
        Images.png(other.resolve("c1.png"), 30, 16);
        Images.png(other.resolve("sub/c1.png"), 31, 16);
        String catC1 = visible(data).get("cat/c1.png");
        Labeller.Result r = labeller.add(List.of(other.resolve("c1.png"), other.resolve("sub/c1.png")), "cat", false);
        assertEquals(catC1, visible(data).get("cat/c1.png"), "the existing file is untouched");
        assertEquals(FolderSnapshot.of(other).get("c1.png"), visible(data).get("cat/c1 (2).png"));
        assertEquals(FolderSnapshot.of(other).get("sub/c1.png"), visible(data).get("cat/c1 (3).png"));
        assertEquals(2, r.renamed().size());

        // relabelling a file into a class that has its name
        Images.png(data.resolve("dog/c2.png"), 32, 16);
        labeller.move(List.of(data.resolve("dog/c2.png")), "cat");
        assertTrue(Files.exists(data.resolve("cat/c2 (2).png")));
        assertNotEquals(visible(data).get("cat/c2.png"), visible(data).get("cat/c2 (2).png"));
    }

    @Test
    void sortingBetweenClassesAndTheInboxIsUndoable() throws Exception {
        Map<String, String> before = visible(data);
        labeller.move(List.of(data.resolve("loose1.png"), data.resolve("loose2.png")), "dog");
        assertEquals(List.of(), loose(data));
        assertEquals(3, loose(data.resolve("dog")).size());
        labeller.move(List.of(data.resolve("cat/c1.png")), null);
        assertEquals(List.of(data.resolve("c1.png")), loose(data));
        assertEquals(java.util.Optional.empty(), labeller.classOf(loose(data).get(0)));
        labeller.undo();
        labeller.undo();
        assertEquals(before, visible(data));
        assertTrue(labeller.undoable().isEmpty());
        assertNull(labeller.undo(), "nothing left to undo");
    }

    @Test
    void renameDeleteAndCreateClassesAreUndoableAndDeleteKeepsEverythingInTheTrash() throws Exception {
        Map<String, String> before = visible(data);
        labeller.renameClass("cat", "kitten");
        assertEquals(List.of("dog", "kitten"), folders(data));
        labeller.deleteClass("dog");
        assertEquals(List.of("kitten"), folders(data));
        Path trash = data.resolve(Labeller.TRASH);
        try (Stream<Path> s = Files.walk(trash)) {
            assertTrue(s.anyMatch(p -> p.endsWith(Path.of("dog", "d1.png"))), "the deleted class is in the trash");
        }
        labeller.createClass("empty one");
        assertTrue(Files.isDirectory(data.resolve("empty one")));
        labeller.trash(List.of(data.resolve("loose1.png")));
        assertFalse(Files.exists(data.resolve("loose1.png")));

        labeller.undo();
        labeller.undo();
        labeller.undo();
        labeller.undo();
        assertEquals(before, visible(data), "four undos restore everything");
        labeller.redo();
        assertEquals(List.of("dog", "kitten"), folders(data));
    }

    @Test
    void aCaseOnlyRenameWorksAndIsUndone() throws Exception {
        Map<String, String> before = visible(data);
        labeller.renameClass("cat", "Cat");
        assertEquals(List.of("Cat", "dog"), folders(data));
        labeller.undo();
        assertEquals(before, visible(data));
    }

    @Test
    void badClassNamesAreRefusedAndNothingIsWrittenOutsideTheDataset() throws Exception {
        Map<String, String> whole = FolderSnapshot.of(tmp.resolve("desktop"));
        for (String bad : List.of("", " ", "a/b", "a\\b", "..", ".", "../escape", ".hidden", "CON", "con.txt",
                "Lpt1", "line\nbreak", "tab\there", "nul\u0000", " lead", "trail ", "dot.", "a:b", "what?",
                "x".repeat(300))) {
            assertThrows(LabellingException.class, () -> labeller.add(List.of(outside.resolve("new1.png")), bad,
                    false), "refused: " + ClassNames.printable(bad));
            assertThrows(LabellingException.class, () -> labeller.createClass(bad));
            assertThrows(LabellingException.class, () -> labeller.renameClass("cat", bad));
        }
        assertFalse(Files.exists(tmp.resolve("escape")));
        assertEquals(whole, FolderSnapshot.of(tmp.resolve("desktop")));
        assertEquals(List.of("cat", "dog"), folders(data));
        for (String good : List.of("cat 2", "Été", "猫", "a.b", "with-dash_and_underscore")) {
            assertNull(ClassNames.problem(good), good);
        }
    }

    @Test
    void undoNeverOverwritesAFileCreatedAtTheOldNameMeanwhile() throws Exception {
        String original = visible(data).get("loose1.png");
        labeller.move(List.of(data.resolve("loose1.png")), "cat");
        Images.png(data.resolve("loose1.png"), 99, 16); // a file manager puts another file there
        String intruder = visible(data).get("loose1.png");
        Labeller.Result r = labeller.undo();
        assertEquals(intruder, visible(data).get("loose1.png"), "the newcomer is untouched");
        assertEquals(original, visible(data).get("loose1 (2).png"), "ours comes back under a new name");
        assertTrue(r.message().contains("renamed"), r.message());
    }

    @Test
    void undoOfAFileRemovedOutsideGraftSaysSoAndKeepsTheRest() throws Exception {
        labeller.move(List.of(data.resolve("loose1.png"), data.resolve("loose2.png")), "cat");
        Files.delete(data.resolve("cat/loose2.png"));
        Labeller.Result r = labeller.undo();
        assertTrue(Files.exists(data.resolve("loose1.png")));
        assertTrue(r.message().contains("no longer in"), r.message());
    }

    @Test
    void aFileDroppedFromInsideTheDatasetIsRelabelledNotDuplicated() throws Exception {
        Labeller.Result r = labeller.add(List.of(data.resolve("loose1.png")), "dog", false);
        assertTrue(Files.exists(data.resolve("dog/loose1.png")));
        assertFalse(Files.exists(data.resolve("loose1.png")));
        assertTrue(r.message().startsWith("Relabelled 1 image"), r.message());
        assertTrue(r.duplicates().isEmpty());
    }

    @Test
    void theJournalMustLieOutsideTheDataset() {
        assertThrows(IllegalArgumentException.class, () -> new Labeller(data, new Journal(data.resolve(".j")),
                FileOps.SYSTEM, null));
    }

    @Test
    void anyFolderCanBecomeADataset() throws Exception {
        Path pile = tmp.resolve("pile");
        Images.png(pile.resolve("a.png"), 40, 16);
        Images.png(pile.resolve("b.png"), 41, 16);
        Labeller l = new Labeller(pile, journal, FileOps.SYSTEM, null);
        assertEquals(2, loose(pile).size(), "loose images wait in the inbox");
        l.move(List.of(pile.resolve("a.png")), "first");
        assertEquals(List.of(pile.resolve("first/a.png")), loose(pile.resolve("first")));
    }

    /** The visible folders in a folder (its classes), sorted. */
    private static List<String> folders(Path dir) throws java.io.IOException {
        try (var s = Files.list(dir)) {
            return s.filter(p -> Files.isDirectory(p) && !p.getFileName().toString().startsWith("."))
                    .map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** The visible files lying directly in a folder, sorted. */
    private static List<Path> loose(Path dir) throws java.io.IOException {
        try (var s = Files.list(dir)) {
            return s.filter(p -> Files.isRegularFile(p) && !p.getFileName().toString().startsWith(".")).sorted()
                    .toList();
        }
    }
}
