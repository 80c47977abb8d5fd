package dev.graft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.core.run.Recipe;
import dev.graft.core.run.RecipeBuilder;
import dev.graft.core.run.RecipeDefaults;
import dev.graft.core.run.RecipeField;
import dev.graft.core.run.RecipeJson;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * `graft train`'s recipe options are made from the recipe's field table, read with its types, and
 * travel to the worker as recipe.json without changing.
 */
class RecipeCliTest {

    private static Recipe parse(String... args) {
        return apply(Recipe.builder(), args).build();
    }

    private static RecipeBuilder apply(RecipeBuilder base, String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "train";
        System.arraycopy(args, 0, all, 1, args.length);
        CommandLine.ParseResult parsed = GraftCli.newCommandLine().parseArgs(all).subcommand();
        return RecipeCli.apply(parsed, base);
    }

    @Test
    void everyOptionTravelsToTheWorkerAsRecipeJsonUnchanged() {
        for (String[] args : List.of(new String[] {"--data", "d"},
                new String[] {"--data", "d", "--augment", "--no-mirror", "--no-feature-cache", "--train-last", "2",
                    "--head-hidden", "64,32", "--lr", "0.003", "--keep-checkpoints", "3", "--weight-decay", "1e-5",
                    "--views", "2", "--probe-epochs", "0", "--bn-statistics", "update", "--class-weights", "none",
                    "--seed", "7", "--features", "stage6,stage7", "--feature-noise", "0.5", "--schedule", "fixed"},
                new String[] {"--data", "d", "--freeze", "none"},
                new String[] {"--data", "d", "--freeze", "backbone"})) {
            Recipe original = parse(args);
            Recipe again = RecipeJson.parse(RecipeJson.write(original)).build();
            assertEquals(original, again, String.join(" ", args));
        }
        Recipe defaults = parse("--data", "d");
        assertTrue(defaults.mirror());
        assertTrue(defaults.featureCache());
        assertFalse(defaults.augment());
        assertEquals(RecipeDefaults.EPOCHS, defaults.epochs());
        assertEquals("auto", defaults.freeze());
        assertNull(defaults.trainLast());
        assertEquals(RecipeDefaults.VIEWS, defaults.views());
        assertEquals("frozen", defaults.bnStatistics());
        assertEquals(RecipeDefaults.CLASS_WEIGHTS, defaults.classWeights());
        assertTrue(java.nio.file.Path.of(defaults.data()).isAbsolute(), "the run records where the data was");
    }

    @Test
    void freezeAndTrainLastTogetherAreRefusedNotSilentlyResolved() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> parse("--data", "d", "--freeze", "backbone", "--train-last", "2"));
        assertTrue(e.getMessage().contains("give one of them"), e.getMessage());
        Recipe r = parse("--data", "d", "--train-last", "2");
        assertEquals(2, r.trainLast());
        assertNull(r.freeze(), "one way of saying what trains, not two");
    }

    @Test
    void everySwitchMeansWhatItSaysWhateverItsDefault() {
        assertFalse(parse("--data", "d", "--no-mirror").mirror());
        assertTrue(parse("--data", "d", "--mirror").mirror());
        assertFalse(parse("--data", "d", "--no-feature-cache").featureCache());
        assertTrue(parse("--data", "d", "--augment").augment());
        assertFalse(parse("--data", "d", "--no-augment").augment());
        assertFalse(parse("--data", "d", "--augment", "--no-augment").augment(), "the last one counts");
    }

    @Test
    void aRecipeFileIsTheBaseAndOptionsGivenWithItChangeOnlyTheirFields() {
        Recipe run = Recipe.builder("/data/a").set(RecipeField.TRAIN_LAST, 2).set(RecipeField.VIEWS, 4)
                .set(RecipeField.EPOCHS, 12).build();
        RecipeBuilder base = RecipeJson.parse(RecipeJson.write(run));
        Recipe again = apply(base, "--epochs", "3", "--freeze", "backbone").build();
        assertEquals(3, again.epochs());
        assertEquals(4, again.views(), "not given: kept from the file");
        assertEquals("/data/a", again.data());
        assertEquals("backbone", again.freeze());
        assertNull(again.trainLast(), "--freeze replaces the file's --train-last");
    }

    @Test
    void aBadValueNamesTheOptionAndTheRule() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> parse("--data", "d", "--epochs", "many"));
        assertEquals("--epochs must be a whole number", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> parse("--data", "d", "--epochs", "0"));
        assertEquals("--epochs must be between 1 and 10000: 0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> parse("--epochs", "3"));
        assertEquals("--data is required", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> RecipeJson.parse("{\"epochs\": 3, \"epoks\": 4}"),
                "a misspelt field in a recipe file is refused, not ignored");
    }

    @Test
    void theHelpShowsTheRecipeFirstAndResearchSettingsUnderTheirOwnHeading() {
        StringWriter out = new StringWriter();
        CommandLine cli = GraftCli.newCommandLine();
        cli.setOut(new PrintWriter(out));
        assertEquals(0, cli.execute("train", "--help"));
        String help = out.toString();
        int recipe = help.indexOf("Recipe:");
        int run = help.indexOf("Run:");
        int advanced = help.indexOf("Advanced");
        assertTrue(recipe >= 0 && run > recipe && advanced > run, help);
        for (RecipeField<?> f : RecipeField.ALL) {
            int at = help.indexOf(f.option() + (f.type().isSwitch() ? "," : "="), recipe);
            switch (f.group()) {
                case RECIPE -> assertTrue(at > recipe && at < run, f + " under Recipe:\n" + help);
                case ADVANCED -> assertTrue(at > advanced, f + " under Advanced:\n" + help);
                case HIDDEN -> assertTrue(at < 0, f + " is not in the help");
                default -> throw new AssertionError(f.group());
            }
        }
        assertTrue(help.contains("(default: 30)"), "defaults come from the table: " + help);
    }
}
