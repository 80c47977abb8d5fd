package dev.graft.testing;

import dev.graft.engine.image.ImageDecoder;
import dev.graft.engine.image.ImageRejectedException;
import java.nio.file.Path;

/** Prints how the decoder judges a file; run as another user to test unreadable files as root. */
public final class DecodeProbe {

    private DecodeProbe() {}

    /**
     * Decodes one file.
     *
     * @param args the file
     */
    public static void main(String[] args) {
        try {
            new ImageDecoder().decode(Path.of(args[0]));
            System.out.println("decoded");
        } catch (ImageRejectedException e) {
            System.out.println("rejected: " + e.getMessage());
        }
    }
}
