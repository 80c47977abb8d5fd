package dev.graft.engine.image;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Reads the EXIF orientation tag (0x0112) of a JPEG. Cameras store portrait photos sideways and
 * set this tag instead; ImageIO ignores it, so without this a phone photo trains lying down.
 */
final class ExifOrientation {

    private ExifOrientation() {}

    /**
     * Reads the orientation.
     *
     * @param in the JPEG bytes from the start
     * @return 1 to 8 as EXIF defines, 1 when absent or unreadable
     */
    static int read(InputStream in) {
        try {
            DataInputStream data = new DataInputStream(in);
            if (data.readUnsignedShort() != 0xFFD8) {
                return 1;
            }
            while (true) {
                int marker = data.readUnsignedShort();
                if ((marker & 0xFF00) != 0xFF00 || marker == 0xFFDA || marker == 0xFFD9) {
                    return 1; // start of scan or garbage: no EXIF before the image data
                }
                int length = data.readUnsignedShort() - 2;
                if (length < 0) {
                    return 1;
                }
                byte[] segment = data.readNBytes(length);
                if (marker == 0xFFE1 && length > 14 && new String(segment, 0, 4, "ISO-8859-1").equals("Exif")) {
                    return fromTiff(ByteBuffer.wrap(segment, 6, segment.length - 6).slice());
                }
            }
        } catch (IOException | RuntimeException e) {
            return 1;
        }
    }

    private static int fromTiff(ByteBuffer tiff) {
        tiff.order(tiff.getShort(0) == 0x4949 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
        int ifd = tiff.getInt(4);
        int entries = tiff.getShort(ifd) & 0xFFFF;
        for (int i = 0; i < entries; i++) {
            int entry = ifd + 2 + i * 12;
            if ((tiff.getShort(entry) & 0xFFFF) == 0x0112) {
                int value = tiff.getShort(entry + 8) & 0xFFFF;
                return value >= 1 && value <= 8 ? value : 1;
            }
        }
        return 1;
    }
}
