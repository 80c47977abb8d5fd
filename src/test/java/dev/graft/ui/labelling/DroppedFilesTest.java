package dev.graft.ui.labelling;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.graft.testing.Images;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files a drag from the file manager names wrongly are found again: on Linux a single dropped file
 * whose name has an emoji can arrive with its non-ASCII bytes turned into other characters, and
 * would then be refused as "no such file".
 */
class DroppedFilesTest {

    @TempDir
    Path tmp;

    private static String asLatin1(String s) {
        return new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }

    @Test
    void aNameWhoseUtf8BytesArrivedAsSingleCharactersIsFoundAgain() throws Exception {
        Path real = Images.png(tmp.resolve("party 🎉/🎂 cake.png"), 1, 8);
        Path garbled = tmp.resolve(asLatin1("party 🎉")).resolve(asLatin1("🎂 cake.png"));
        assertEquals(real, DroppedFiles.repaired(garbled));
    }

    @Test
    void aNameWhoseEmojiBecameReplacementCharactersIsFoundByTheRestOfTheName() throws Exception {
        Path real = Images.png(tmp.resolve("🎂 cake.png"), 1, 8);
        Images.png(tmp.resolve("pie.png"), 2, 8);
        assertEquals(real, DroppedFiles.repaired(tmp.resolve("\uFFFD\uFFFD cake.png")));
        assertEquals(real, DroppedFiles.repaired(tmp.resolve("?? cake.png")));
    }

    @Test
    void anExistingPathIsKeptAndAnAmbiguousOneIsNotGuessed() throws Exception {
        Path plain = Images.png(tmp.resolve("plain.png"), 1, 8);
        assertEquals(plain, DroppedFiles.repaired(plain));
        Images.png(tmp.resolve("🎂 x.png"), 2, 8);
        Images.png(tmp.resolve("🍰 x.png"), 3, 8);
        Path garbled = tmp.resolve("? x.png");
        assertEquals(garbled, DroppedFiles.repaired(garbled), "two candidates: left as it is (then refused)");
    }
}
