package dev.graft.core.labelling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.testing.FolderSnapshot;
import dev.graft.testing.Images;
import dev.graft.testing.ReadOnly;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Failures half-way through an operation: a read-only folder, a copy that dies half-way (a full
 * disk), a copy that comes back with different bytes. After each, every file is in exactly one of
 * its two places, byte for byte, and no temporary file is left.
 */
class LabellingFaultTest {

    @TempDir
    Path tmp;

    private Path data;
    private Path desktop;
    private Journal journal;

    @BeforeEach
    void folders() throws Exception {
        data = Images.pngs(tmp.resolve("data"), 24, 1, "x/a.png", "x/b.png", "y/c.png", "cat/keep.png");
        desktop = Images.pngs(tmp.resolve("desktop"), 64, 100, "photo0.png", "photo1.png", "photo2.png",
                "photo3.png", "photo4.png");
        journal = new Journal(tmp.resolve("home"));
    }

    private List<Path> photos() throws IOException {
        try (Stream<Path> s = Files.list(desktop)) {
            return s.sorted().toList();
        }
    }

    private void assertNoTemporaries() throws IOException {
        for (Path root : List.of(data, desktop)) {
            try (Stream<Path> s = Files.walk(root)) {
                assertEquals(List.of(), s.filter(p -> p.getFileName().toString().startsWith(".graft-tmp")).toList());
            }
        }
        try (Stream<Path> s = Files.list(journal.folder())) {
            assertEquals(List.of(), s.filter(p -> p.toString().endsWith(".json")).toList());
        }
    }

    /** The dataset and the desktop are as they were, byte for byte, and no temporary is left. */
    private void assertNothingChanged(Map<String, String> before, Map<String, String> originals) throws Exception {
        assertEquals(before, FolderSnapshot.of(data));
        assertEquals(originals, FolderSnapshot.of(desktop));
        assertNoTemporaries();
    }

    @Test
    void aReadOnlyFolderHalfWayPutsBackTheFilesAlreadyMoved() throws Exception {
        Map<String, String> before = FolderSnapshot.of(data);
        Labeller l = new Labeller(data, journal, FileOps.SYSTEM, null);
        LabellingException e;
        try (ReadOnly ro = ReadOnly.make(data.resolve("y"))) {
            // a and b move first; c cannot leave its read-only folder
            e = assertThrows(LabellingException.class, () -> l.move(List.of(data.resolve("x/a.png"),
                    data.resolve("x/b.png"), data.resolve("y/c.png")), "z"));
        }
        assertTrue(e.getMessage().contains("Nothing was changed"), e.getMessage());
        assertEquals(before, FolderSnapshot.of(data), "a and b are back, the new class is gone");
        assertNoTemporaries();
        assertTrue(l.undoable().isEmpty(), "a failed operation is not on the undo stack");
    }

    @Test
    void aReadOnlyTargetRefusesTheDropAndChangesNothing() throws Exception {
        Map<String, String> before = FolderSnapshot.of(data);
        Map<String, String> originals = FolderSnapshot.of(desktop);
        Labeller l = new Labeller(data, journal, FileOps.SYSTEM, null);
        LabellingException e;
        try (ReadOnly ro = ReadOnly.make(data.resolve("cat"))) {
            e = assertThrows(LabellingException.class, () -> l.add(photos(), "cat", true));
        }
        assertTrue(e.getMessage().contains("Cannot move photo0.png"), e.getMessage());
        assertNothingChanged(before, originals);
    }

    @Test
    void aCopyThatFailsHalfWayLeavesEveryFileInOnePlace() throws Exception {
        Map<String, String> before = FolderSnapshot.of(data);
        Map<String, String> originals = FolderSnapshot.of(desktop);
        int[] calls = new int[1];
        FileOps diskFills = new FileOps() {
            @Override
            public boolean sameFileSystem(Path file, Path dir) {
                return false; // as if the photos were on a USB stick: copy, verify, delete
            }

            @Override
            public void copyNew(Path from, Path to) throws IOException {
                if (++calls[0] == 3) {
                    byte[] bytes = Files.readAllBytes(from);
                    try (OutputStream out = Files.newOutputStream(to, StandardOpenOption.CREATE_NEW)) {
                        out.write(bytes, 0, bytes.length / 2);
                    }
                    throw new IOException("No space left on device");
                }
                FileOps.super.copyNew(from, to);
            }
        };
        Labeller l = new Labeller(data, journal, diskFills, null);
        LabellingException e = assertThrows(LabellingException.class, () -> l.add(photos(), "cat", true));
        assertTrue(e.getMessage().contains("No space left on device") && e.getMessage().contains("Nothing was changed"),
                e.getMessage());
        assertEquals(originals, FolderSnapshot.of(desktop), "the two photos already moved were moved back");
        assertEquals(before, FolderSnapshot.of(data));
        assertNoTemporaries();
    }

    @Test
    void aCopyWithDifferentBytesIsNeverKept() throws Exception {
        Map<String, String> before = FolderSnapshot.of(data);
        Map<String, String> originals = FolderSnapshot.of(desktop);
        FileOps flipsABit = new FileOps() {
            @Override
            public void copyNew(Path from, Path to) throws IOException {
                FileOps.super.copyNew(from, to);
                byte[] b = Files.readAllBytes(to);
                b[b.length / 2] ^= 1;
                Files.write(to, b);
            }
        };
        Labeller l = new Labeller(data, journal, flipsABit, null);
        LabellingException e = assertThrows(LabellingException.class, () -> l.add(photos(), "cat", false));
        assertTrue(e.getMessage().contains("does not match the original"), e.getMessage());
        assertNothingChanged(before, originals);
    }

    @Test
    void movesAcrossFileSystemsAreCopiedVerifiedThenDeletedAndUndoneTheSameWay() throws Exception {
        Path shm = Path.of("/dev/shm");
        Assumptions.assumeTrue(Files.isDirectory(shm) && Files.isWritable(shm), "needs a second file system");
        FileStore here = Files.getFileStore(tmp);
        Assumptions.assumeFalse(here.equals(Files.getFileStore(shm)), "/dev/shm is on the same file system");
        Path usb = Files.createTempDirectory(shm, "graft-usb-");
        try {
            Images.png(usb.resolve("holiday.png"), 7, 64);
            Map<String, String> originals = FolderSnapshot.of(usb);
            Labeller l = new Labeller(data, journal, FileOps.SYSTEM, null);
            l.add(List.of(usb.resolve("holiday.png")), "cat", true);
            assertFalse(Files.exists(usb.resolve("holiday.png")));
            assertEquals(originals.get("holiday.png"), FolderSnapshot.of(data).get("cat/holiday.png"));
            l.undo();
            assertEquals(originals, FolderSnapshot.of(usb), "back on the other file system, byte for byte");
            assertFalse(Files.exists(data.resolve("cat/holiday.png")));
            assertNoTemporaries();
        } finally {
            try (Stream<Path> s = Files.walk(usb)) {
                for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
