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

    /** Writes numbers that are not finite as {@code null}; reads null back as {@code whenNull}. */
    private static TypeAdapter<Double> finiteOrNull(Double whenNull) {
        return new TypeAdapter<>() {
            @Override
            public void write(JsonWriter out, Double value) throws IOException {
                if (value == null || value.isNaN() || value.isInfinite()) {
                    out.nullValue();
                } else {
                    out.value(value.doubleValue());
                }
            }

            @Override
            public Double read(JsonReader in) throws IOException {
                if (in.peek() == com.google.gson.stream.JsonToken.NULL) {
                    in.nextNull();
                    return whenNull;
                }
                return in.nextDouble();
            }
        };
    }

    private static TypeAdapter<Float> asFloat(TypeAdapter<Double> doubles) {
        return new TypeAdapter<>() {
            @Override
            public void write(JsonWriter out, Float value) throws IOException {
                doubles.write(out, value == null ? null : value.doubleValue());
            }

            @Override
            public Float read(JsonReader in) throws IOException {
                Double d = doubles.read(in);
                return d == null ? null : d.floatValue();
            }
        };
    }

    /** One-line JSON with NaN/Infinity allowed (a diverged loss is still reported). */
    public static final Gson COMPACT = base().create();

    /** Indented JSON for files. */
    public static final Gson PRETTY = base().setPrettyPrinting().create();

    /**
     * Indented JSON for other programs ({@code --json} output): NaN and infinity are not JSON, and
     * Python's strict mode or JavaScript's JSON.parse refuse the whole document for one of them
     * (a class never predicted has precision NaN). Here they are {@code null}, and nulls are
     * written, so a field is never silently missing.
     */
    public static final Gson PORTABLE = portable();

    private Json() {}

    private static Gson portable() {
        TypeAdapter<Double> primitive = finiteOrNull(Double.NaN);
        TypeAdapter<Double> boxed = finiteOrNull(null);
        return new GsonBuilder()
                .serializeNulls()
                .setPrettyPrinting()
                .disableHtmlEscaping()
                .registerTypeHierarchyAdapter(Path.class, PATH)
                .registerTypeAdapter(double.class, primitive)
                .registerTypeAdapter(Double.class, boxed)
                .registerTypeAdapter(float.class, asFloat(primitive))
                .registerTypeAdapter(Float.class, asFloat(boxed))
                .create();
    }

    private static GsonBuilder base() {
        return new GsonBuilder()
                .serializeSpecialFloatingPointValues()
                .disableHtmlEscaping()
                .registerTypeHierarchyAdapter(Path.class, PATH);
    }
}
