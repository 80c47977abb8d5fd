package dev.graft.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code graft} command line: everything the workbench does, headless. */
@Command(name = "graft", mixinStandardHelpOptions = true, version = "graft " + dev.graft.core.util.GraftVersion.VERSION,
        description = "Transfer learning for image classifiers: train, evaluate, predict, export.",
        subcommands = {
            ModelsCommand.class, InspectCommand.class, TrainCommand.class, DiffCommand.class,
            dev.graft.cli.bench.BenchCommand.class, EvalCommand.class, CalibrateCommand.class, PredictCommand.class,
            ExplainCommand.class, ImportCommand.class,
            CheckCommand.class, ExportCommand.class, ServeCommand.class,
            DownloadCommand.class, DatasetsCommand.class, EngineCommand.class,
            TrainWorkerCommand.class,
            CommandLine.HelpCommand.class
        })
public final class GraftCli implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /**
     * Runs the command line.
     *
     * @param args arguments
     */
    public static void main(String[] args) {
        System.exit(newCommandLine().execute(args));
    }

    /** @return the configured command line (tests call {@code execute} on it) */
    public static CommandLine newCommandLine() {
        CommandLine cli = new CommandLine(new GraftCli());
        cli.setExecutionExceptionHandler((ex, cmd, parseResult) -> {
            cmd.getErr().println("graft: " + dev.graft.core.run.Failures.describe(ex));
            return 1;
        });
        return cli;
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
