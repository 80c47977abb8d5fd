package dev.graft.core.run;

import dev.graft.core.util.Json;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Ownership of a run folder. A run may only write into a folder it created (or that was empty):
 * claiming writes an owner record ({@code .graft-run}) and holds an OS lock on it for as long as
 * the run is live, so a second run on the same folder is refused with the first one's name, and a
 * crashed run leaves no stale lock (the OS releases it with the process). Folders holding anything
 * Graft did not create, or an earlier run, are never reused: nothing in them can be overwritten.
 */
public final class RunClaim implements AutoCloseable {

    /**
     * The owner record.
     *
     * @param id random id; the training process proves it writes for this claim by knowing it
     * @param name the run's name
     * @param created when the folder was claimed (ISO-8601)
     * @param pid process that claimed it
     */
    public record Owner(String id, String name, String created, long pid) {}

    /**
     * Folders claimed by this JVM. Probing a folder by opening its owner file would, on POSIX,
     * release this JVM's own lock on it when the probe closes the file; so held folders are
     * answered from here without touching the file.
     */
    private static final Map<Path, RunClaim> HELD = new ConcurrentHashMap<>();

    private final RunFolder folder;
    private final Owner owner;
    private final FileChannel channel;
    private final FileLock lock;

    private RunClaim(RunFolder folder, Owner owner, FileChannel channel, FileLock lock) {
        this.folder = folder;
        this.owner = owner;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Claims a folder for a new run: creates it, or takes it when it exists and is empty.
     *
     * @param dir the run folder
     * @param name the run's name
     * @return the claim; close it when the run has ended
     * @throws RunFolderException when the folder is in use, holds an earlier run or files Graft did
     *     not create, or cannot be written
     */
    public static RunClaim claim(Path dir, String name) throws RunFolderException {
        Path abs = dir.toAbsolutePath().normalize();
        requireOutsideRuns(abs);
        try {
            Files.createDirectories(abs.getParent());
            Files.createDirectory(abs);
        } catch (FileAlreadyExistsException e) {
            // exists: checked below
        } catch (IOException e) {
            throw new RunFolderException("Cannot create the run folder " + abs + ": " + Failures.describe(e));
        }
        if (!Files.isDirectory(abs)) {
            throw new RunFolderException(abs + " exists and is not a folder; choose another run folder.");
        }
        RunFolder folder = new RunFolder(abs);
        if (!isEmpty(abs)) {
            throw refusal(folder);
        }
        FileChannel ch;
        try {
            ch = FileChannel.open(folder.owner(), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                    StandardOpenOption.READ);
        } catch (FileAlreadyExistsException e) {
            throw refusal(folder); // another run claimed it a moment ago
        } catch (IOException e) {
            throw new RunFolderException("Cannot write into the run folder " + abs + ": " + Failures.describe(e));
        }
        try {
            FileLock lock = tryLock(ch);
            if (lock == null) {
                ch.close();
                throw new RunFolderException("The run folder " + abs + " was claimed by another run at the same"
                        + " moment; choose another run folder.");
            }
            Owner owner = new Owner(UUID.randomUUID().toString(), name, ZonedDateTime.now().toString(),
                    ProcessHandle.current().pid());
            ch.write(ByteBuffer.wrap(Json.PRETTY.toJson(owner).getBytes(StandardCharsets.UTF_8)));
            ch.force(true);
            RunClaim claim = new RunClaim(folder, owner, ch, lock);
            HELD.put(abs, claim);
            return claim;
        } catch (IOException e) {
            closeQuietly(ch);
            throw new RunFolderException("Cannot write into the run folder " + abs + ": " + Failures.describe(e));
        }
    }

    /**
     * Refuses a folder inside another run's folder: that run owns everything below it (its
     * checkpoint pruning, for one, takes any {@code checkpoints/epoch-*} folder for its own).
     */
    private static void requireOutsideRuns(Path abs) throws RunFolderException {
        for (Path p = RunLocations.canonical(abs).getParent(); p != null; p = p.getParent()) {
            // a readable owner record, not just a file of that name (a stray one must not block every run)
            Optional<Owner> other = owner(p);
            if (other.isPresent()) {
                throw new RunFolderException(abs + " is inside the run folder " + p + " ('" + other.get().name()
                        + "'): a run's folder belongs to that run alone. Choose a folder outside it (if " + p
                        + " is not a run folder, remove its " + RunFolder.OWNER + ").");
            }
        }
    }

    /**
     * Claims a new folder under a parent, adding "-2", "-3", … to the name when it is taken.
     *
     * @param parent where run folders go
     * @param folderName the preferred folder name
     * @param name the run's name
     * @return the claim
     * @throws RunFolderException if no folder can be created
     */
    public static RunClaim claimNew(Path parent, String folderName, String name) throws RunFolderException {
        // refused for every candidate alike: say it once, about the folder asked for
        requireOutsideRuns(parent.resolve(folderName).toAbsolutePath().normalize());
        RunFolderException last = null;
        for (int i = 1; i <= 100; i++) {
            Path candidate = parent.resolve(i == 1 ? folderName : folderName + "-" + i);
            if (Files.exists(candidate)) {
                continue;
            }
            try {
                return claim(candidate, name);
            } catch (RunFolderException e) {
                last = e; // taken between the check and the claim: try the next name
            }
        }
        throw last != null ? last : new RunFolderException("No free run folder name under " + parent);
    }

    /**
     * A new run folder for a dataset in the user's data folder: how both the command line and the
     * window claim a run.
     *
     * @param dataset the dataset
     * @param name the run's name (see {@link RunNames#describe})
     * @return the claim
     * @throws RunFolderException if the data folder is inside the dataset or no folder can be created
     */
    public static RunClaim claimDefault(Path dataset, String name) throws RunFolderException {
        return claimIn(RunLocations.runsOf(dataset), dataset, name);
    }

    /**
     * A new run folder for a dataset under a given parent (the window's tests keep runs apart).
     *
     * @param runs the folder that holds the dataset's runs
     * @param dataset the dataset
     * @param name the run's name
     * @return the claim
     * @throws RunFolderException if {@code runs} is inside the dataset or no folder can be created
     */
    public static RunClaim claimIn(Path runs, Path dataset, String name) throws RunFolderException {
        requireRunsOutsideDataset(runs, dataset);
        return claimNew(runs, RunNames.folderName(LocalDateTime.now(), name), name);
    }

    /**
     * Refuses a folder for runs inside the dataset, before anything is created there (Graft never
     * writes into a dataset): the data folder was set inside it.
     *
     * @param runs where the dataset's runs would go
     * @param dataset the dataset
     * @throws RunFolderException if {@code runs} is inside {@code dataset}
     */
    public static void requireRunsOutsideDataset(Path runs, Path dataset) throws RunFolderException {
        if (RunLocations.canonical(runs).startsWith(RunLocations.canonical(dataset))) {
            throw new RunFolderException("Graft's folder for runs, " + runs + ", is inside the dataset " + dataset
                    + ": Graft never writes into a dataset. Set " + RunLocations.DATA_HOME_ENV
                    + " to a folder outside it (graft train can also take --out).");
        }
    }

    /**
     * Checks, in the training process, that a folder was claimed for it.
     *
     * @param dir the run folder
     * @param id the owner id the supervisor passed on
     * @return the owner record
     * @throws RunFolderException if the folder's owner is another run
     */
    public static Owner verify(Path dir, String id) throws RunFolderException {
        Owner owner = owner(dir).orElseThrow(() -> new RunFolderException(dir
                + " was not claimed for this run (no " + RunFolder.OWNER + "); refusing to write there."));
        if (!owner.id().equals(id)) {
            throw new RunFolderException(dir + " belongs to another run ('" + owner.name() + "'); refusing to"
                    + " write there.");
        }
        return owner;
    }

    /**
     * The owner record of a run folder.
     *
     * @param dir the folder
     * @return the record, empty when there is none or it is unreadable
     */
    public static Optional<Owner> owner(Path dir) {
        RunClaim held = HELD.get(dir.toAbsolutePath().normalize());
        if (held != null) {
            return Optional.of(held.owner);
        }
        Path file = dir.resolve(RunFolder.OWNER);
        try {
            if (!Files.isRegularFile(file)) {
                return Optional.empty();
            }
            return Optional.ofNullable(Json.COMPACT.fromJson(Files.readString(file), Owner.class));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Whether a run is writing into a folder right now (its supervisor holds the lock).
     *
     * @param dir the run folder
     * @return true while locked by this or another process
     */
    public static boolean isLive(Path dir) {
        Path abs = dir.toAbsolutePath().normalize();
        if (HELD.containsKey(abs)) {
            return true;
        }
        Path file = abs.resolve(RunFolder.OWNER);
        if (!Files.isRegularFile(file)) {
            return false;
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            FileLock probe = ch.tryLock();
            if (probe == null) {
                return true;
            }
            probe.release();
            return false;
        } catch (OverlappingFileLockException e) {
            return true;
        } catch (IOException e) {
            return false; // cannot tell (read-only folder): not ours to write anyway
        }
    }

    private static FileLock tryLock(FileChannel ch) throws IOException {
        // another process may probe the new file for a moment (isLive): retry briefly
        for (int attempt = 0; attempt < 20; attempt++) {
            try {
                FileLock lock = ch.tryLock();
                if (lock != null) {
                    return lock;
                }
            } catch (OverlappingFileLockException e) {
                return null;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        return null;
    }

    private static RunFolderException refusal(RunFolder folder) {
        Path dir = folder.dir();
        Optional<Owner> other = owner(dir);
        if (other.isPresent() && isLive(dir)) {
            Owner o = other.get();
            return new RunFolderException("The run folder " + dir + " is in use by the run '" + o.name()
                    + "' (process " + o.pid() + ", started " + o.created() + "). Wait for it to end or choose"
                    + " another run folder.");
        }
        if (Files.exists(folder.owner()) && isLive(dir)) {
            return new RunFolderException("The run folder " + dir + " is in use by another run that is just"
                    + " starting. Choose another run folder.");
        }
        if (other.isPresent()) {
            return new RunFolderException("The run folder " + dir + " holds an earlier run ('" + other.get().name()
                    + "'). Graft never reuses a run folder, so nothing in it is overwritten: choose a new folder,"
                    + " or leave out --out.");
        }
        return new RunFolderException("The folder " + dir + " is not empty and was not created by Graft for a run."
                + " Graft never writes into folders with other files in them: choose a new or empty folder, or"
                + " leave out --out.");
    }

    private static boolean isEmpty(Path dir) throws RunFolderException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        } catch (IOException e) {
            throw new RunFolderException("Cannot read the run folder " + dir + ": " + Failures.describe(e));
        }
    }

    private static void closeQuietly(FileChannel ch) {
        try {
            ch.close();
        } catch (IOException e) {
            // nothing more to do
        }
    }

    /** @return the claimed folder */
    public RunFolder folder() {
        return folder;
    }

    /** @return the owner record */
    public Owner owner() {
        return owner;
    }

    /** Releases the lock; the owner record stays as the run's identity. */
    @Override
    public void close() {
        HELD.remove(folder.dir());
        try {
            lock.release();
        } catch (IOException e) {
            // the channel closes below, which releases it anyway
        }
        closeQuietly(channel);
    }
}
