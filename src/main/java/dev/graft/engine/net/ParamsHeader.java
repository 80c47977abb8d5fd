package dev.graft.engine.net;

import dev.graft.core.model.ModelFiles;
import ai.djl.ndarray.types.Shape;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * The header DJL's {@code Model.load} expects at the start of a .params file ("DJL@", format
 * version, model name, data type, input descriptions, properties). Graft writes it so its files
 * load through {@code Criteria}; it reads past it before loading the block's tensors.
 */
final class ParamsHeader {

    /** DJL's BaseModel.MODEL_VERSION. */
    private static final int MODEL_VERSION = 1;

    private ParamsHeader() {}

    static void write(DataOutputStream out) throws IOException {
        out.writeBytes("DJL@");
        out.writeInt(MODEL_VERSION);
        out.writeUTF(ModelFiles.MODEL_NAME);
        out.writeUTF("FLOAT32");
        out.writeInt(0); // input descriptions
        out.writeInt(0); // properties
    }

    /**
     * Skips the header if present (files written as bare block parameters have none).
     *
     * @param in the stream, positioned at the start
     * @throws IOException if the header is malformed
     */
    static void skip(DataInputStream in) throws IOException {
        in.mark(8);
        byte[] magic = new byte[4];
        in.readFully(magic);
        if (!"DJL@".equals(new String(magic, java.nio.charset.StandardCharsets.US_ASCII))) {
            in.reset();
            return;
        }
        int version = in.readInt();
        if (version != MODEL_VERSION) {
            throw new IOException("Unsupported DJL parameter file version " + version);
        }
        in.readUTF();
        in.readUTF();
        int inputs = in.readInt();
        for (int i = 0; i < inputs; i++) {
            in.readUTF();
            Shape.decode(in);
        }
        int properties = in.readInt();
        for (int i = 0; i < properties; i++) {
            in.readUTF();
            in.readUTF();
        }
    }
}
