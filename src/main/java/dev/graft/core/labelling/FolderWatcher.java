package dev.graft.core.labelling;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Notices files added, removed or renamed under a folder (a file manager working beside the window)
 * and reports it once things have been quiet for a moment, so a copy of 500 files is one refresh,
 * not 500. Hidden files and folders (Graft's trash and temporary files) are ignored.
 */
public final class FolderWatcher implements AutoCloseable {

    private final Path root;
    private final WatchService watcher;
    private final ScheduledExecutorService timer;
    private final Runnable onChange;
    private final long debounceMillis;
    private final Thread thread;
    private ScheduledFuture<?> pending;

    /**
     * Starts watching.
     *
     * @param root the folder (and its non-hidden sub-folders, also those created later)
     * @param debounceMillis quiet time before a change is reported
     * @param onChange called on a background thread after changes
     * @throws IOException if the folder cannot be watched
     */
    public FolderWatcher(Path root, long debounceMillis, Runnable onChange) throws IOException {
        this.root = root;
        this.debounceMillis = debounceMillis;
        this.onChange = onChange;
        this.watcher = FileSystems.getDefault().newWatchService();
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "graft-watch-debounce");
            t.setDaemon(true);
            return t;
        });
        registerTree(root);
        this.thread = new Thread(this::loop, "graft-watch");
        thread.setDaemon(true);
        thread.start();
    }

    private void registerTree(Path dir) throws IOException {
        Files.walkFileTree(dir, java.util.Set.of(), 8, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
                if (!d.equals(root) && d.getFileName().toString().startsWith(".")) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                d.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_DELETE,
                        StandardWatchEventKinds.ENTRY_MODIFY);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path f, IOException e) {
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private void loop() {
        try {
            while (true) {
                WatchKey key = watcher.take();
                Path dir = (Path) key.watchable();
                boolean relevant = false;
                for (WatchEvent<?> e : key.pollEvents()) {
                    if (e.kind() == StandardWatchEventKinds.OVERFLOW) {
                        relevant = true;
                        continue;
                    }
                    Path name = (Path) e.context();
                    if (name.toString().startsWith(".")) {
                        continue;
                    }
                    relevant = true;
                    Path child = dir.resolve(name);
                    if (e.kind() == StandardWatchEventKinds.ENTRY_CREATE && Files.isDirectory(child)) {
                        try {
                            registerTree(child);
                        } catch (IOException ex) {
                            // a folder that vanished again
                        }
                    }
                }
                key.reset();
                if (relevant) {
                    schedule();
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closed
        }
    }

    private synchronized void schedule() {
        if (pending != null) {
            pending.cancel(false);
        }
        pending = timer.schedule(onChange, debounceMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        try {
            watcher.close();
        } catch (IOException e) {
            // nothing to release
        }
        thread.interrupt();
        timer.shutdownNow();
    }
}
