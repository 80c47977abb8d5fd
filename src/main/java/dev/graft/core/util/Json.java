package dev.graft.core.util;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.nio.file.Path;

/** The project's Gson instances: compact for event lines, pretty for files people read. */
public final class Json {

    private static final TypeAdapter<Path> PATH = new TypeAdapter<>() {
        @Override
        public void write(JsonWriter out, Path value) throws IOException {
            if (value == null) {
                out.nullValue();
            } else {
                out.value(value.toString());
            }
        }

        @Override
        public Path read(JsonReader in) throws IOException {
            if (in.peek() == com.google.gson.stream.JsonToken.NULL) {
                in.nextNull();
                return null;
            }
            return Path.of(in.nextString());
        }
    };

    /** One-line JSON with NaN/Infinity allowed (a diverged loss is still reported). */
    public static final Gson COMPACT = base().create();

    /** Indented JSON for files. */
    public static final Gson PRETTY = base().setPrettyPrinting().create();

    private Json() {}

    private static GsonBuilder base() {
        return new GsonBuilder()
                .serializeSpecialFloatingPointValues()
                .disableHtmlEscaping()
                .registerTypeHierarchyAdapter(Path.class, PATH);
    }
}
