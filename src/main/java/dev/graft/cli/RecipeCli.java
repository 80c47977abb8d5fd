package dev.graft.cli;

import dev.graft.core.run.FieldType;
import dev.graft.core.run.RecipeBuilder;
import dev.graft.core.run.RecipeField;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgGroupSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * The recipe's command-line options, made from {@link RecipeField}'s table: one option per field
 * (two names for a switch: {@code --mirror}, {@code --no-mirror}), grouped in the help as the table
 * groups them, each read with the field's own type so the command line accepts exactly what the
 * window and {@code recipe.json} accept.
 */
final class RecipeCli {

    /** Said when both ways of saying what trains are given. */
    static final String FREEZE_CONFLICT = "--freeze and --train-last both say what trains: give one of them"
            + " (--train-last 0 is --freeze backbone)";

    private RecipeCli() {}

    /** Adds the recipe's options to a command once picocli built it from its annotations. */
    static final class Options implements CommandLine.IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec spec) {
            addOptions(spec, 1);
            return spec;
        }
    }

    /**
     * Adds every recipe field's option to a command.
     *
     * @param spec the command ({@code graft train})
     * @param firstOrder help order of the first group; the next comes two later, leaving room for the
     *     command's own group between them
     */
    static void addOptions(CommandSpec spec, int firstOrder) {
        int order = firstOrder;
        for (RecipeField.Group group : RecipeField.Group.values()) {
            List<RecipeField<?>> fields = RecipeField.ALL.stream().filter(f -> f.group() == group).toList();
            if (group == RecipeField.Group.HIDDEN) {
                fields.forEach(f -> spec.addOption(option(f, true)));
                continue;
            }
            // a group only for the help's headings: picocli would otherwise require its options together
            ArgGroupSpec.Builder section = ArgGroupSpec.builder().heading(group.heading() + ":%n").exclusive(false)
                    .validate(false).multiplicity("0..1").order(order);
            order += 2;
            fields.forEach(f -> section.addArg(option(f, false)));
            spec.addArgGroup(section.build());
        }
    }

    private static OptionSpec option(RecipeField<?> field, boolean hidden) {
        String defaultText = defaultText(field);
        // picocli formats descriptions: a literal % is written %%
        String help = (field.help() + (defaultText == null ? "" : " (default: " + defaultText + ")")).replace("%", "%%");
        if (field.type().isSwitch()) {
            return OptionSpec.builder(field.option(), "--no-" + field.option().substring(2)).arity("0")
                    .type(boolean.class).description(help).hidden(hidden).build();
        }
        return OptionSpec.builder(field.option()).arity("1").type(String.class)
                .paramLabel(field.type().valueLabel()).description(help).hidden(hidden).build();
    }

    private static <T> String defaultText(RecipeField<T> field) {
        if (field.defaultValue() == null || field == RecipeField.HEAD_HIDDEN) {
            return null; // said in the help text itself where it matters
        }
        if (field.type().isSwitch()) {
            return Boolean.TRUE.equals(field.defaultValue()) ? "on" : "off";
        }
        return field.type().format(field.defaultValue());
    }

    /**
     * Applies the recipe options given on a command line to a builder; options not given leave the
     * builder's values (defaults, or a {@code --recipe} file's) as they are.
     *
     * @param parsed the command's parse result
     * @param builder the recipe so far
     * @return the builder
     * @throws IllegalArgumentException naming the option and what its value must be
     */
    static RecipeBuilder apply(ParseResult parsed, RecipeBuilder builder) {
        if (parsed.hasMatchedOption(RecipeField.FREEZE.option())
                && parsed.hasMatchedOption(RecipeField.TRAIN_LAST.option())) {
            throw new IllegalArgumentException(FREEZE_CONFLICT);
        }
        for (RecipeField<?> field : RecipeField.ALL) {
            if (field.type().isSwitch()) {
                Boolean on = lastSwitch(parsed.originalArgs(), field.option());
                if (on != null) {
                    set(builder, field, on.toString());
                }
            } else if (parsed.hasMatchedOption(field.option())) {
                set(builder, field, parsed.matchedOptionValue(field.option(), ""));
            }
        }
        String data = builder.get(RecipeField.DATA);
        if (data != null) {
            builder.set(RecipeField.DATA, Path.of(data).toAbsolutePath().normalize().toString());
        }
        // a model given as a path is recorded absolute, so the run folder says which file whatever
        // the reader's working folder; catalogue ids stay as they are
        String model = builder.get(RecipeField.MODEL);
        if (model != null && Files.exists(Path.of(model))) {
            builder.set(RecipeField.MODEL, Path.of(model).toAbsolutePath().normalize().toString());
        }
        return builder;
    }

    private static void set(RecipeBuilder builder, RecipeField<?> field, String text) {
        try {
            builder.parse(field, text);
        } catch (FieldType.ParseException e) {
            throw new IllegalArgumentException(field.option() + " " + e.getMessage(), e);
        }
    }

    /** The last of {@code --x} and {@code --no-x} on the command line: true, false, or null for neither. */
    private static Boolean lastSwitch(List<String> args, String option) {
        String negated = "--no-" + option.substring(2);
        Boolean last = null;
        for (String arg : args) {
            if (arg.equals(option)) {
                last = true;
            } else if (arg.equals(negated)) {
                last = false;
            }
        }
        return last;
    }
}
