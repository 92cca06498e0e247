package io.simvg.examples;

import io.simvg.data.GroundingDataException;
import io.simvg.examples.demo.DemoCommand;
import io.simvg.examples.eval.EvalCommand;
import io.simvg.examples.predict.PredictCommand;
import io.simvg.zoo.weights.WeightLoadException;
import java.io.IOException;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code simvg} command line. */
@Command(name = "simvg", mixinStandardHelpOptions = true, version = "simvg 0.1.0",
        description = "SimVG visual grounding for Deeplearning4j.",
        subcommands = {DemoCommand.class, TrainCommand.class, EvalCommand.class, PredictCommand.class,
            ConvertCommand.class, AverageCommand.class, SynthCommand.class, BenchCommand.class,
            MatcherBenchCommand.class, DataBenchCommand.class, CommandLine.HelpCommand.class})
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

    /**
     * The configured command line: user errors (bad arguments, unreadable files, bad dataset records, weights that do not fit the model) print one message
     * and exit 2, without a stack trace. Enum options accept any case ({@code --branch token}).
     */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new SimVGCommand());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            commandLine.getErr().println("simvg: " + (ex.getMessage() == null ? ex.toString() : ex.getMessage()));
            return isUserError(ex) ? 2 : 1;
        });
        return cl;
    }

    private static boolean isUserError(Exception ex) {
        return ex instanceof IllegalArgumentException || ex instanceof IOException
                || ex instanceof UncheckedIOException || ex instanceof GroundingDataException
                || ex instanceof WeightLoadException;
    }
}
