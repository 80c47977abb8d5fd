package dev.graft.core.labelling;

import dev.graft.core.run.RunLocations;
import dev.graft.core.util.AtomicFiles;
import dev.graft.core.util.FileLocks;
import dev.graft.core.util.Json;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The write-ahead journal of labelling operations, kept in Graft's data folder (never inside a
 * dataset). An operation is written here, forced to disk, before its first step runs, and removed
 * after its last; while it runs, its process holds an OS lock on it, so a journal entry that can be
 * locked belongs to a process that died (the OS drops the lock of a killed process). A line per
 * finished operation goes to {@code history.log}: what Graft did to whose files, for people.
 */
public final class Journal {

    private static final String SUFFIX = ".json";

    private final Path dir;
    private final Path history;

    /**
     * A journal in a folder.
     *
     * @param home the labelling folder (created when first needed)
     */
    public Journal(Path home) {
        this.dir = home.resolve("journal");
        this.history = home.resolve("history.log");
    }

    /** @return the journal in Graft's data folder ({@code <data folder>/labelling}) */
    public static Journal standard() {
        return new Journal(RunLocations.dataHome().resolve("labelling"));
    }

    /** @return the folder holding pending operations */
    public Path folder() {
        return dir;
    }

    /** @return the log of finished operations */
    public Path historyLog() {
        return history;
    }

    /** A pending operation this process owns (its lock is held until {@link #finish}). */
    public static final class Entry implements AutoCloseable {
        private final Operation op;
        private final Path file;
        private final Path lockFile;
        private final FileChannel channel;
        private final FileLock lock;

        private Entry(Operation op, Path file, Path lockFile, FileChannel channel, FileLock lock) {
            this.op = op;
            this.file = file;
            this.lockFile = lockFile;
            this.channel = channel;
            this.lock = lock;
        }

        /** @return the operation */
        public Operation operation() {
            return op;
        }

        /** Releases the lock but keeps the entry (it is still pending: the next start retries it). */
        @Override
        public void close() {
            try {
                if (lock.isValid()) {
                    lock.release();
                }
                channel.close();
            } catch (IOException e) {
                // the OS releases it with the process anyway
            }
        }
    }

    /**
     * Records an operation before any of its steps runs.
     *
     * @param op the operation
     * @return the locked entry
     * @throws IOException if the journal cannot be written (then nothing is done to any file)
     */
    public Entry begin(Operation op) throws IOException {
        Files.createDirectories(dir);
        Path lockFile = dir.resolve(op.id() + ".lock");
        FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = FileLocks.tryLock(ch);
        if (lock == null) {
            ch.close();
            throw new IOException("The journal entry " + op.id() + " is in use by another process");
        }
        Path file = dir.resolve(op.id() + SUFFIX);
        try {
            AtomicFiles.writeString(file, Json.PRETTY.toJson(op));
            forceDirectory(dir);
        } catch (IOException e) {
            lock.release();
            ch.close();
            throw e;
        }
        return new Entry(op, file, lockFile, ch, lock);
    }

    /**
     * Marks an operation finished: removes its entry and logs what happened.
     *
     * @param entry the entry
     * @param outcome what happened ("done", "rolled back", …)
     * @throws IOException if the entry cannot be removed
     */
    public void finish(Entry entry, String outcome) throws IOException {
        log(entry.op, outcome);
        Files.deleteIfExists(entry.file);
        forceDirectory(dir);
        entry.close();
        try {
            Files.deleteIfExists(entry.lockFile);
        } catch (IOException e) {
            // Windows keeps a just-closed file busy for a moment; an orphan lock file is harmless
        }
    }

    /**
     * Claims every pending operation whose process has died.
     *
     * @return the claimed entries (locked by this process), oldest first
     * @throws IOException if the journal folder cannot be read
     */
    public List<Entry> claimAbandoned() throws IOException {
        List<Entry> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(SUFFIX)).sorted().toList();
        }
        for (Path file : files) {
            String id = file.getFileName().toString();
            id = id.substring(0, id.length() - SUFFIX.length());
            Path lockFile = dir.resolve(id + ".lock");
            FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = FileLocks.tryLock(ch); // null also when this process is running it
            if (lock == null) {
                ch.close();
                continue;
            }
            Operation op;
            try {
                op = Json.COMPACT.fromJson(Files.readString(file, StandardCharsets.UTF_8), Operation.class);
            } catch (IOException | RuntimeException e) {
                op = null;
            }
            if (op == null || !Files.exists(file)) {
                lock.release();
                ch.close();
                continue; // finished meanwhile, or not ours to read
            }
            out.add(new Entry(op, file, lockFile, ch, lock));
        }
        return out;
    }

    /**
     * Appends a line to the history log.
     *
     * @param op the operation
     * @param outcome what happened
     */
    void log(Operation op, String outcome) {
        String line = OffsetDateTime.now() + "\t" + outcome + "\t" + op.id() + "\t" + op.dataset() + "\t"
                + ClassNames.printable(op.description()) + "\t" + op.files() + " files\n";
        try {
            Files.createDirectories(history.getParent());
            Files.writeString(history, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            // the log is for people; the journal entry is what recovery relies on
        }
    }

    private static void forceDirectory(Path d) {
        try (FileChannel ch = FileChannel.open(d, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | RuntimeException e) {
            // not every platform can open a folder (Windows); the file itself was forced
        }
    }
}
