package dev.graft.engine.train;

import dev.graft.core.run.RunFolder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.BitSet;

/**
 * Fixed-size records (decoded pixels, backbone features) kept on the Java heap up to a budget
 * sized from the real heap, the rest in a temporary file. Without it a fixed in-memory cache
 * either fails on a 2 GB heap or wastes a larger one. Records that fit neither (no spill folder,
 * or the disk lacks room) are simply not stored; callers then recompute them.
 */
final class RecordStore implements AutoCloseable {

    /** Free space the spill file must leave on its disk. */
    private static final long DISK_RESERVE = 1L << 30;

    private final int recordBytes;
    private final byte[][] heap;
    private final BitSet present;
    private final Path spillFile;
    private final FileChannel spill;

    /**
     * Creates a store.
     *
     * @param count number of records
     * @param recordBytes bytes per record
     * @param heapBudget bytes of heap the store may use
     * @param spillDir folder for the spill file (Graft's own, e.g. the run folder), or null
     */
    RecordStore(int count, int recordBytes, long heapBudget, Path spillDir) {
        this.recordBytes = recordBytes;
        int inHeap = (int) Math.min(count, Math.max(0, heapBudget / Math.max(1, recordBytes)));
        this.heap = new byte[inHeap][];
        this.present = new BitSet(count);
        long spillBytes = (long) (count - inHeap) * recordBytes;
        Path file = null;
        FileChannel channel = null;
        if (spillBytes > 0 && spillDir != null) {
            try {
                Files.createDirectories(spillDir);
                if (Files.getFileStore(spillDir).getUsableSpace() > spillBytes + DISK_RESERVE) {
                    file = RunFolder.temporaryFor(spillDir.resolve("spill.bin"));
                    // DELETE_ON_CLOSE unlinks the file as soon as it is open on POSIX systems: the
                    // space is returned even when the process is killed
                    channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                            StandardOpenOption.WRITE, StandardOpenOption.DELETE_ON_CLOSE);
                }
            } catch (IOException e) {
                file = null; // no spill: records beyond the heap budget are recomputed
            }
        }
        this.spillFile = file;
        this.spill = channel;
    }

    /** @return records kept on the heap at most */
    int heapRecords() {
        return heap.length;
    }

    /** @return true when records beyond the heap budget go to a file */
    boolean spills() {
        return spill != null;
    }

    /**
     * Stores a record if there is room on the heap or in the spill file.
     *
     * @param i index
     * @param data exactly {@code recordBytes} bytes (kept by reference when on the heap)
     */
    void put(int i, byte[] data) {
        if (i < heap.length) {
            heap[i] = data;
        } else if (spill != null) {
            try {
                spill.write(ByteBuffer.wrap(data), (long) (i - heap.length) * recordBytes);
            } catch (IOException e) {
                return; // e.g. the disk filled up since: recompute this record next time
            }
        } else {
            return;
        }
        synchronized (present) {
            present.set(i);
        }
    }

    /**
     * Reads a record.
     *
     * @param i index
     * @return the bytes (shared when on the heap: do not modify), or null when not stored
     */
    byte[] get(int i) {
        synchronized (present) {
            if (!present.get(i)) {
                return null;
            }
        }
        if (i < heap.length) {
            return heap[i];
        }
        byte[] out = new byte[recordBytes];
        ByteBuffer buf = ByteBuffer.wrap(out);
        long at = (long) (i - heap.length) * recordBytes;
        try {
            while (buf.hasRemaining()) {
                int n = spill.read(buf, at + buf.position());
                if (n < 0) {
                    return null;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read Graft's cache file " + spillFile, e);
        }
        return out;
    }

    @Override
    public void close() {
        if (spill != null) {
            try {
                spill.close(); // DELETE_ON_CLOSE removes the file
                Files.deleteIfExists(spillFile);
            } catch (IOException e) {
                // a leftover temporary file is cleaned up when the run folder is next read
            }
        }
    }
}
