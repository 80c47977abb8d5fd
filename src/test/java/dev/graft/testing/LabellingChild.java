package dev.graft.testing;

import dev.graft.core.labelling.FileOps;
import dev.graft.core.labelling.Journal;
import dev.graft.core.labelling.Labeller;
import dev.graft.core.labelling.Operation;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A separate process that labels and then stops dead at a chosen point, for a test to kill with
 * SIGKILL: {@code <journal home> <dataset> <pause point> <class> <file>…} moves the files into the
 * class. Pause points: {@code journalled} (journal written, no step run), {@code step:N} (after step
 * N), {@code midcopy:N} (half-way through the N-th file copy). Copies are forced (as across file
 * systems), so each move is copy, verify, delete.
 */
public final class LabellingChild {

    private LabellingChild() {}

    /**
     * Runs the child.
     *
     * @param args see the class comment
     * @throws Exception on failure
     */
    public static void main(String[] args) throws Exception {
        Path home = Path.of(args[0]);
        Path data = Path.of(args[1]);
        String pause = args[2];
        String cls = args[3];
        List<Path> files = new ArrayList<>();
        for (int i = 4; i < args.length; i++) {
            files.add(Path.of(args[i]));
        }
        int[] copies = new int[1];
        FileOps ops = new FileOps() {
            @Override
            public boolean sameFileSystem(Path file, Path dir) {
                return false;
            }

            @Override
            public void copyNew(Path from, Path to) throws IOException {
                copies[0]++;
                if (!pause.equals("midcopy:" + copies[0])) {
                    FileOps.super.copyNew(from, to);
                    return;
                }
                byte[] bytes = Files.readAllBytes(from);
                try (OutputStream out = Files.newOutputStream(to, StandardOpenOption.CREATE_NEW)) {
                    out.write(bytes, 0, bytes.length / 2);
                    out.flush();
                }
                stop(pause);
            }
        };
        Labeller.Hooks hooks = new Labeller.Hooks() {
            @Override
            public void journalled(Operation op) {
                if (pause.equals("journalled")) {
                    stop(pause);
                }
            }

            @Override
            public void stepDone(Operation op, int index) {
                if (pause.equals("step:" + index)) {
                    stop(pause);
                }
            }
        };
        new Labeller(data, new Journal(home), ops, hooks).add(files, cls, true);
        System.out.println("FINISHED");
    }

    private static void stop(String where) {
        System.out.println("PAUSED " + where);
        System.out.flush();
        try {
            Thread.sleep(Long.MAX_VALUE); // until killed
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Reads a line (for the parent). */
    static String readLine(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            b.append((char) c);
        }
        return c < 0 && b.length() == 0 ? null : b.toString();
    }
}
