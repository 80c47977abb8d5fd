package dev.graft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.core.run.Recipe;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** What `graft train` parses is exactly what its worker process parses again. */
class RecipeOptionsTest {

    private static Recipe parse(String... args) {
        TrainWorkerCommand worker = new TrainWorkerCommand();
        new CommandLine(worker).parseArgs(withToken(args));
        return worker.options.toRecipe();
    }

    private static String[] withToken(String... args) {
        String[] out = java.util.Arrays.copyOf(args, args.length + 2);
        out[args.length] = "--run-token";
        out[args.length + 1] = "x";
        return out;
    }

    @Test
    void workerArgumentsRoundTripEveryOption() {
        for (String[] args : List.of(new String[] {"--data", "d"},
                new String[] {"--data", "d", "--augment", "--no-mirror", "--no-feature-cache", "--train-last", "2",
                    "--head-hidden", "64,32", "--lr", "0.003", "--keep-checkpoints", "3",
                    "--views", "2", "--probe-epochs", "0", "--bn-statistics", "update", "--class-weights", "none"},
                new String[] {"--data", "d", "--freeze", "none"},
                new String[] {"--data", "d", "--freeze", "backbone"})) {
            TrainWorkerCommand first = new TrainWorkerCommand();
            new CommandLine(first).parseArgs(withToken(args));
            Recipe original = first.options.toRecipe();
            List<String> forwarded = first.options.toArgs();
            Recipe again = parse(forwarded.toArray(String[]::new));
            assertEquals(original, again, String.join(" ", forwarded));
        }
        Recipe defaults = parse("--data", "d");
        assertTrue(defaults.mirror());
        assertTrue(defaults.featureCache());
        assertFalse(defaults.augment());
        assertEquals(30, defaults.epochs());
        assertEquals("auto", defaults.freeze());
        assertEquals(null, defaults.trainLast());
        assertEquals(dev.graft.core.run.RecipeDefaults.VIEWS, defaults.views());
        assertEquals("frozen", defaults.bnStatistics());
        assertEquals(dev.graft.core.run.RecipeDefaults.CLASS_WEIGHTS, defaults.classWeights());
    }

    @Test
    void freezeAndTrainLastTogetherAreRefusedNotSilentlyResolved() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> parse("--data", "d", "--freeze", "backbone", "--train-last", "2"));
        assertTrue(e.getMessage().contains("give one of them"), e.getMessage());
        assertEquals(2, parse("--data", "d", "--train-last", "2").trainLast());
    }

    @Test
    void everySwitchMeansWhatItSaysWhateverItsDefault() {
        // picocli reads a bare negatable switch as "the opposite of the default" unless told
        // otherwise: --no-mirror once left mirroring on and --mirror turned it off
        assertFalse(parse("--data", "d", "--no-mirror").mirror());
        assertTrue(parse("--data", "d", "--mirror").mirror());
        assertFalse(parse("--data", "d", "--no-feature-cache").featureCache());
        assertTrue(parse("--data", "d", "--feature-cache").featureCache());
        assertTrue(parse("--data", "d", "--augment").augment());
        assertFalse(parse("--data", "d", "--no-augment").augment());
        TrainWorkerCommand worker = new TrainWorkerCommand();
        new CommandLine(worker).parseArgs(withToken("--data", "d", "--no-mirror", "--no-feature-cache", "--augment"));
        List<String> forwarded = worker.options.toArgs();
        assertTrue(forwarded.containsAll(List.of("--no-mirror", "--no-feature-cache", "--augment")),
                String.join(" ", forwarded));
        assertFalse(parse(forwarded.toArray(String[]::new)).mirror());
    }
}
