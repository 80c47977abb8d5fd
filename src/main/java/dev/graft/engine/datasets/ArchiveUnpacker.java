package dev.graft.engine.datasets;

import ai.djl.repository.Artifact;
import dev.graft.engine.download.DownloadControl;
import dev.graft.engine.download.Sizes;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.concurrent.CancellationException;
import java.util.function.LongConsumer;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Unpacks downloaded archives into the layout DJL's repository would have made of them (its
 * {@code AbstractRepository.save}: a zip, tar or tgz item becomes a folder, a gzip or single-entry
 * zip item a file), but checked, because DJL 0.36 unpacks while it streams, before it verifies the
 * SHA-1, and with no bound on what an archive expands to. Here every entry must stay inside the
 * target folder (no {@code ..}, no absolute or drive paths, no back-slashes or control characters),
 * links and device files are refused, nothing is overwritten (an entry that appears twice is
 * refused), and the bytes written in all are bounded, so a decompression bomb stops at the bound.
 * Any refusal throws {@link ArchiveRefusedException}; the caller deletes the half-written folder.
 */
final class ArchiveUnpacker {

    /** At most this many entries in all (a real set has tens of thousands). */
    static final int MAX_ENTRIES = 1_000_000;
    private static final int MAX_DEPTH = 32;
    private static final int MAX_SEGMENT = 255;

    private final long maxBytes;
    private final DownloadControl control;
    private final LongConsumer bytesRead;
    private long written;
    private long read;
    private int entries;

    /**
     * An unpacker for one artifact.
     *
     * @param maxBytes most bytes it may write in all
     * @param control cancels between blocks
     * @param bytesRead receives how many archive bytes were consumed so far (progress)
     */
    ArchiveUnpacker(long maxBytes, DownloadControl control, LongConsumer bytesRead) {
        this.maxBytes = maxBytes;
        this.control = control;
        this.bytesRead = bytesRead;
    }

    /** @return bytes written so far */
    long written() {
        return written;
    }

    /**
     * Unpacks one downloaded file as DJL would place the item it belongs to.
     *
     * @param downloaded the file as downloaded (SHA-1 already checked by DJL)
     * @param item the metadata's item (its name was checked to be a plain file name)
     * @param resourceDir the artifact's folder being built
     * @throws IOException if it cannot be written; {@link ArchiveRefusedException} if the archive is
     *     damaged or hostile
     */
    void unpackItem(Path downloaded, Artifact.Item item, Path resourceDir) throws IOException {
        String name = item.getName();
        String extension = item.getExtension();
        if ("dir".equals(item.getType())) {
            Path dir = name.isEmpty() ? resourceDir : confined(resourceDir, name);
            Files.createDirectories(dir);
            switch (extension) {
                case "zip" -> unzip(downloaded, dir);
                case "tgz" -> untar(downloaded, dir, true);
                case "tar" -> untar(downloaded, dir, false);
                default -> throw new ArchiveRefusedException("an archive of type '" + extension + "' ("
                        + item.getUri() + ") that DJL's repository cannot unpack either");
            }
            return;
        }
        Path file = confined(resourceDir, name);
        switch (extension) {
            case "zip" -> firstZipEntry(downloaded, file);
            case "gzip" -> {
                try (InputStream in = new GZIPInputStream(counting(downloaded), 64 * 1024)) {
                    copy(in, file, name);
                } catch (java.util.zip.ZipException | java.io.EOFException e) {
                    throw new ArchiveRefusedException(name + ".gz is damaged (" + e.getMessage() + ")", e);
                }
            }
            default -> {
                try (InputStream in = counting(downloaded)) {
                    copy(in, file, name);
                }
            }
        }
    }

    private void unzip(Path archive, Path dir) throws IOException {
        try (ZipFile zip = openZip(archive)) {
            for (ZipArchiveEntry e : Collections.list(zip.getEntries())) {
                if (++entries > MAX_ENTRIES) {
                    throw new ArchiveRefusedException("more than " + MAX_ENTRIES + " entries");
                }
                if (e.isUnixSymlink()) {
                    throw new ArchiveRefusedException("the entry '" + e.getName() + "' is a link");
                }
                Path target = confined(dir, e.getName());
                if (e.isDirectory()) {
                    directory(target, e.getName());
                } else {
                    directory(target.getParent(), e.getName());
                    if (!zip.canReadEntryData(e)) {
                        throw new ArchiveRefusedException("the entry '" + e.getName() + "' is encrypted or packed"
                                + " in a way that cannot be read");
                    }
                    try (InputStream in = zip.getInputStream(e)) {
                        copy(in, target, e.getName());
                    } catch (java.util.zip.ZipException | java.io.EOFException ex) {
                        throw new ArchiveRefusedException("the entry '" + e.getName() + "' is damaged ("
                                + ex.getMessage() + ")", ex);
                    }
                }
                read += Math.max(0, e.getCompressedSize());
                bytesRead.accept(read);
            }
        }
    }

    private void firstZipEntry(Path archive, Path file) throws IOException {
        try (ZipFile zip = openZip(archive)) {
            for (ZipArchiveEntry e : Collections.list(zip.getEntries())) {
                if (e.isDirectory()) {
                    continue;
                }
                if (e.isUnixSymlink()) {
                    throw new ArchiveRefusedException("the entry '" + e.getName() + "' is a link");
                }
                try (InputStream in = zip.getInputStream(e)) {
                    copy(in, file, e.getName());
                } catch (java.util.zip.ZipException | java.io.EOFException ex) {
                    throw new ArchiveRefusedException("the entry '" + e.getName() + "' is damaged ("
                            + ex.getMessage() + ")", ex);
                }
                return;
            }
            throw new ArchiveRefusedException(archive.getFileName() + " holds no file");
        }
    }

    private static ZipFile openZip(Path archive) throws IOException {
        try {
            return ZipFile.builder().setPath(archive).get();
        } catch (java.util.zip.ZipException | java.io.EOFException e) {
            throw new ArchiveRefusedException("it is not a readable zip archive (" + e.getMessage() + ")", e);
        }
    }

    private void untar(Path archive, Path dir, boolean gzip) throws IOException {
        try (InputStream raw = new BufferedInputStream(counting(archive), 64 * 1024);
                InputStream in = gzip ? new GzipCompressorInputStream(raw, true) : raw;
                TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            TarArchiveEntry e;
            while ((e = nextTarEntry(tar)) != null) {
                if (++entries > MAX_ENTRIES) {
                    throw new ArchiveRefusedException("more than " + MAX_ENTRIES + " entries");
                }
                if (e.isSymbolicLink() || e.isLink()) {
                    throw new ArchiveRefusedException("the entry '" + e.getName() + "' is a link (to '"
                            + e.getLinkName() + "')");
                }
                if (e.isCharacterDevice() || e.isBlockDevice() || e.isFIFO()) {
                    throw new ArchiveRefusedException("the entry '" + e.getName() + "' is a device or pipe");
                }
                Path target = confined(dir, e.getName());
                if (e.isDirectory()) {
                    directory(target, e.getName());
                } else if (e.isFile()) {
                    directory(target.getParent(), e.getName());
                    copy(tar, target, e.getName());
                } else {
                    throw new ArchiveRefusedException("the entry '" + e.getName() + "' is neither a file nor a"
                            + " folder");
                }
            }
        }
    }

    private static TarArchiveEntry nextTarEntry(TarArchiveInputStream tar) throws IOException {
        try {
            return tar.getNextEntry();
        } catch (java.io.EOFException | IllegalArgumentException e) {
            throw new ArchiveRefusedException("the tar archive is damaged (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            if (e.getMessage() != null && (e.getMessage().contains("header") || e.getMessage().contains("gzip")
                    || e.getMessage().contains("Gzip"))) {
                throw new ArchiveRefusedException("the tar archive is damaged (" + e.getMessage() + ")", e);
            }
            throw e;
        }
    }

    /**
     * Where an entry goes, refusing every name that could leave the folder or mean something
     * else on another system.
     */
    static Path confined(Path dir, String name) throws ArchiveRefusedException {
        if (name == null || name.isEmpty()) {
            throw new ArchiveRefusedException("an entry has no name");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw new ArchiveRefusedException("the entry '" + printable(name) + "' has a control character"
                        + " in its name");
            }
        }
        if (name.contains("\\")) {
            throw new ArchiveRefusedException("the entry '" + name + "' has a back-slash in its name");
        }
        if (name.startsWith("/") || name.matches("^[A-Za-z]:.*")) {
            throw new ArchiveRefusedException("the entry '" + name + "' is an absolute path");
        }
        String[] segments = name.split("/");
        if (segments.length > MAX_DEPTH) {
            throw new ArchiveRefusedException("the entry '" + name + "' is nested too deep");
        }
        for (String s : segments) {
            if (s.equals("..")) {
                throw new ArchiveRefusedException("the entry '" + name + "' climbs out of its folder (..)");
            }
            if (s.length() > MAX_SEGMENT) {
                throw new ArchiveRefusedException("the entry '" + name + "' has a name part longer than "
                        + MAX_SEGMENT + " characters");
            }
        }
        Path base = dir.toAbsolutePath().normalize();
        Path target = base.resolve(name).normalize();
        if (!target.startsWith(base)) {
            throw new ArchiveRefusedException("the entry '" + name + "' leads outside its folder");
        }
        return target;
    }

    private static String printable(String name) {
        return name.replaceAll("\\p{Cntrl}", "?");
    }

    private static void directory(Path dir, String entry) throws IOException {
        try {
            Files.createDirectories(dir);
        } catch (FileAlreadyExistsException e) {
            throw new ArchiveRefusedException("the entry '" + entry + "' needs a folder where the archive put"
                    + " a file", e);
        }
    }

    /** Copies an entry into a new file, stopping before the bound on all bytes written is passed. */
    private void copy(InputStream in, Path target, String entry) throws IOException {
        OutputStream out;
        try {
            out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (FileAlreadyExistsException e) {
            throw new ArchiveRefusedException("the entry '" + entry + "' appears twice", e);
        }
        try (out) {
            byte[] buf = new byte[64 * 1024];
            int n;
            while ((n = in.read(buf)) > 0) {
                if (control.cancelled()) {
                    throw new CancellationException("cancelled while unpacking");
                }
                if (written + n > maxBytes) {
                    throw new ArchiveRefusedException("it unpacks to more than " + Sizes.format(maxBytes)
                            + " (stopped at '" + entry + "'): a decompression bomb, or not the set Graft expects");
                }
                written += n;
                out.write(buf, 0, n);
            }
        }
    }

    /** The file's bytes, reporting how many were read (the archive's own progress). */
    private InputStream counting(Path file) throws IOException {
        long start = read;
        return new FilterInputStream(Files.newInputStream(file)) {
            private long mine;

            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    advance(1);
                }
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                if (n > 0) {
                    advance(n);
                }
                return n;
            }

            private void advance(long n) {
                mine += n;
                ArchiveUnpacker.this.read = start + mine;
                bytesRead.accept(ArchiveUnpacker.this.read);
            }
        };
    }
}
