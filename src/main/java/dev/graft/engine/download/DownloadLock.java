package dev.graft.engine.download;

import ai.djl.util.Utils;
import dev.graft.core.util.FileLocks;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One download of a thing at a time across processes: a lock file beside the folder it is
 * downloaded into, held for the whole download. Holding it is also what makes it safe to remove
 * the temporary folders a killed download left behind, so that is done here too. Separate from
 * the downloaders (model zoo, datasets) because it is the only part that coordinates with other
 * Graft windows and commands, and its folder clean-up must never run without the lock.
 *
 * @param dir the folder the download fills
 * @param channel the open lock file
 * @param lock the lock held on it
 */
public record DownloadLock(Path dir, FileChannel channel, FileLock lock) implements AutoCloseable {

    private static final String LOCK_SUFFIX = ".graft-lock";

    /**
     * Locks a folder for downloading.
     *
     * @param dir the folder the download fills (its parent must exist)
     * @param what the thing downloaded, for the message ("'djl:resnet18'")
     * @return the held lock
     * @throws IOException if another Graft window or command is downloading it, or the lock file
     *     cannot be written
     */
    public static DownloadLock acquire(Path dir, String what) throws IOException {
        FileChannel channel = FileChannel.open(dir.resolveSibling(dir.getFileName() + LOCK_SUFFIX),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            FileLock lock = FileLocks.tryLock(channel);
            if (lock == null) {
                throw new IOException(what + " is being downloaded by another Graft window or command;"
                        + " wait for it to finish.");
            }
            return new DownloadLock(dir, channel, lock);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * Removes what an interrupted download left beside the folder: DJL's repository downloads into
     * a temporary sibling folder named after the folder plus random digits and deletes it when the
     * download fails, but a killed process cannot. Only while holding the lock, so no running
     * download's folder is touched.
     *
     * @throws IOException if the parent folder cannot be listed
     */
    public void removeLeftovers() throws IOException {
        removeLeftovers(dir);
    }

    /**
     * Removes DJL's temporary siblings of another folder this lock stands for (a download that
     * fills several folders holds one lock for all of them).
     *
     * @param folder a folder the lock's holder downloads into
     * @throws IOException if its parent folder cannot be listed
     */
    public void removeLeftovers(Path folder) throws IOException {
        Pattern temp = Pattern.compile(Pattern.quote(folder.getFileName().toString()) + "\\d{6,}");
        if (!Files.isDirectory(folder.getParent())) {
            return;
        }
        try (Stream<Path> s = Files.list(folder.getParent())) {
            for (Path p : s.filter(p -> temp.matcher(p.getFileName().toString()).matches()).toList()) {
                Utils.deleteQuietly(p);
            }
        }
    }

    @Override
    public void close() throws IOException {
        try {
            lock.close();
        } finally {
            channel.close();
        }
    }
}
