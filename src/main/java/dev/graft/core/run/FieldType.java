package dev.graft.core.run;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * How a recipe field's text becomes a value, how a value is written back as text, and which values
 * are allowed. The command line, the window's form, {@code recipe.json} and {@link Recipe#problems()}
 * all go through these, so they accept exactly the same values and word every problem alike.
 *
 * @param <T> the value's type (boxed)
 */
public final class FieldType<T> {

    private final Class<?> javaType;
    private final String valueLabel;
    private final Function<String, T> parse;
    private final Function<T, String> format;
    private final Function<T, String> check;

    private FieldType(Class<?> javaType, String valueLabel, Function<String, T> parse, Function<T, String> format,
            Function<T, String> check) {
        this.javaType = javaType;
        this.valueLabel = valueLabel;
        this.parse = parse;
        this.format = format;
        this.check = check;
    }

    /** Thrown by {@link #parse(String)}; its message is a rule ("must be a whole number"). */
    public static final class ParseException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        ParseException(String rule) {
            super(rule);
        }
    }

    /**
     * Reads a value typed by a user.
     *
     * @param text the text (trimmed here); blank means "no value" for optional fields
     * @return the value
     * @throws ParseException with the rule the text breaks
     */
    public T parse(String text) {
        return parse.apply(text == null ? "" : text.trim());
    }

    /**
     * Writes a value as a user would type it.
     *
     * @param value the value, may be null
     * @return its text ("" for null)
     */
    public String format(T value) {
        return value == null ? "" : format.apply(value);
    }

    /**
     * What is wrong with a value.
     *
     * @param value the value
     * @return the rule it breaks, or null when it is allowed
     */
    public String check(T value) {
        return check.apply(value);
    }

    /** @return the Java type of the recipe's component (for reading JSON and checking the table) */
    public Class<?> javaType() {
        return javaType;
    }

    /** @return a short placeholder for the value in help texts ("N", "X", "NAME") */
    public String valueLabel() {
        return valueLabel;
    }

    /** @return true for on/off switches */
    public boolean isSwitch() {
        return javaType == boolean.class;
    }

    /**
     * Whole numbers in a range.
     *
     * @param min smallest allowed
     * @param max largest allowed
     * @return the type
     */
    public static FieldType<Integer> wholeNumber(int min, int max) {
        return new FieldType<>(int.class, "N", FieldType::parseInt, String::valueOf, v -> range(v, min, max));
    }

    /**
     * Whole numbers in a range, or no value at all (blank text, JSON null).
     *
     * @param min smallest allowed
     * @param max largest allowed
     * @return the type
     */
    public static FieldType<Integer> optionalWholeNumber(int min, int max) {
        return new FieldType<>(Integer.class, "N", t -> t.isEmpty() ? null : parseInt(t), String::valueOf,
                v -> v == null ? null : range(v, min, max));
    }

    /** @return any long (seeds) */
    public static FieldType<Long> anyLong() {
        return new FieldType<>(long.class, "N", t -> {
            try {
                return Long.parseLong(t);
            } catch (NumberFormatException e) {
                throw new ParseException("must be a whole number");
            }
        }, String::valueOf, v -> null);
    }

    /**
     * Decimal numbers in a range whose ends may or may not be allowed.
     *
     * @param low lower end
     * @param lowIncluded whether the lower end itself is allowed
     * @param high upper end
     * @param highIncluded whether the upper end itself is allowed
     * @return the type
     */
    public static FieldType<Float> decimal(float low, boolean lowIncluded, float high, boolean highIncluded) {
        String rule = lowIncluded && highIncluded ? "must be between " + number(low) + " and " + number(high)
                : "must be " + (lowIncluded ? "at least " : "above ") + number(low) + " and "
                        + (highIncluded ? "at most " : "below ") + number(high);
        return new FieldType<>(float.class, "X", FieldType::parseFloat, FieldType::number, v -> {
            boolean ok = (lowIncluded ? v >= low : v > low) && (highIncluded ? v <= high : v < high);
            return ok ? null : rule + ": " + number(v);
        });
    }

    /**
     * One of a few words.
     *
     * @param choices the allowed words, in the order a message lists them
     * @return the type
     */
    public static FieldType<String> choice(String... choices) {
        List<String> all = List.of(choices);
        String listed = all.size() == 2 ? all.get(0) + " or " + all.get(1)
                : String.join(", ", all.subList(0, all.size() - 1)) + " or " + all.get(all.size() - 1);
        return new FieldType<>(String.class, String.join("|", all), t -> t, t -> t,
                v -> all.contains(v) ? null : "must be " + listed + ", not '" + v + "'");
    }

    /**
     * Free text with a rule.
     *
     * @param valueLabel placeholder in help texts
     * @param allowed which texts are allowed (null counts as allowed unless {@code required})
     * @param rule the rule broken by others
     * @param required whether blank text is a problem ("is required")
     * @return the type
     */
    public static FieldType<String> text(String valueLabel, Predicate<String> allowed, String rule,
            boolean required) {
        return new FieldType<>(String.class, valueLabel, t -> t.isEmpty() ? null : t, t -> t, v -> {
            if (v == null || v.isBlank()) {
                return required ? "is required" : null;
            }
            return allowed.test(v) ? null : rule + ", not '" + v + "'";
        });
    }

    /** @return on/off switches ({@code --mirror}, {@code --no-mirror}) */
    public static FieldType<Boolean> onOff() {
        return new FieldType<>(boolean.class, "", t -> switch (t.toLowerCase(Locale.ROOT)) {
            case "true", "on", "yes" -> true;
            case "false", "off", "no" -> false;
            default -> throw new ParseException("must be true or false");
        }, String::valueOf, v -> null);
    }

    /**
     * Comma-separated whole numbers, each in a range (e.g. hidden layer sizes).
     *
     * @param min smallest allowed
     * @param max largest allowed
     * @param what what the numbers are, for the rule ("sizes")
     * @return the type
     */
    public static FieldType<List<Integer>> wholeNumbers(int min, int max, String what) {
        return new FieldType<>(List.class, "N,N", t -> {
            List<Integer> out = new ArrayList<>();
            for (String part : t.isEmpty() ? new String[0] : t.split(",")) {
                try {
                    out.add(Integer.parseInt(part.trim()));
                } catch (NumberFormatException e) {
                    throw new ParseException("must be whole numbers separated by commas");
                }
            }
            return out;
        }, v -> String.join(",", v.stream().map(String::valueOf).toList()), v -> {
            for (int x : v == null ? List.<Integer>of() : v) {
                if (x < min || x > max) {
                    return what + " must be between " + min + " and " + max + ": " + x;
                }
            }
            return null;
        });
    }

    private static Integer parseInt(String t) {
        try {
            return Integer.parseInt(t);
        } catch (NumberFormatException e) {
            throw new ParseException("must be a whole number");
        }
    }

    private static Float parseFloat(String t) {
        try {
            float x = Float.parseFloat(t);
            if (!Float.isFinite(x)) {
                throw new NumberFormatException();
            }
            return x;
        } catch (NumberFormatException e) {
            throw new ParseException(t.contains(",") ? "must be a number, with a decimal point (0.01, not 0,01)"
                    : "must be a number");
        }
    }

    private static String range(int v, int min, int max) {
        if (v >= min && v <= max) {
            return null;
        }
        if (max == Integer.MAX_VALUE) {
            return min == 0 ? "must not be negative: " + v : "must be at least " + min + ": " + v;
        }
        return "must be between " + min + " and " + max + ": " + v;
    }

    /** A float as a user writes it: 0.01, 10, 0.9 (no trailing ".0", no exponent for these). */
    static String number(float v) {
        String s = Float.toString(v);
        if (s.contains("E")) {
            return new java.math.BigDecimal(s).stripTrailingZeros().toPlainString();
        }
        return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
    }

    @Override
    public String toString() {
        return "FieldType" + Arrays.asList(javaType.getSimpleName(), valueLabel);
    }
}
