package io.simvg.examples;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code simvg} command line. */
@Command(name = "simvg", mixinStandardHelpOptions = true, version = "simvg 0.1.0",
        description = "SimVG visual grounding for Deeplearning4j.",
        subcommands = {ConvertCommand.class, SynthCommand.class, TrainCommand.class, BenchCommand.class, MatcherBenchCommand.class,
            DataBenchCommand.class, CommandLine.HelpCommand.class})
public final class SimVGCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line: user errors print one message and exit 2, without a stack trace. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new SimVGCommand());
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            commandLine.getErr().println("simvg: " + (ex.getMessage() == null ? ex.toString() : ex.getMessage()));
            return ex instanceof IllegalArgumentException || ex instanceof java.io.IOException ? 2 : 1;
        });
        return cl;
    }
}
