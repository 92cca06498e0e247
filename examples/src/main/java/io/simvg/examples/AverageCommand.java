package io.simvg.examples;

import io.simvg.zoo.modelfile.ModelManifest;
import io.simvg.zoo.modelfile.SimVGModelFile;
import io.simvg.zoo.modelfile.WeightAverage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code simvg average}: one model file holding the mean weights of several (checkpoint averaging, model soups). */
@Command(name = "average", mixinStandardHelpOptions = true,
        description = {"Average the weights of two or more model files or training checkpoints of one architecture "
            + "into one model file (written without trainer state).",
            "Meant for related weights: checkpoints of one run, or runs fine-tuned from one starting point."})
final class AverageCommand implements Callable<Integer> {

    @Parameters(arity = "2..*", paramLabel = "MODEL", description = "model files or checkpoints to average")
    List<Path> models;

    @Option(names = "--out", required = true, description = "model file to write")
    Path out;

    @Override
    public Integer call() throws IOException {
        for (Path m : models) {
            if (!Files.isRegularFile(m)) {
                throw new IOException(m + ": model file not found");
            }
        }
        String command = "simvg average --out " + out.getFileName() + " "
                + models.stream().map(p -> p.getFileName().toString()).collect(Collectors.joining(" "));
        SimVGModelFile.Loaded avg = WeightAverage.of(models, command);
        ModelManifest m = SimVGModelFile.write(out, avg.graph(), avg.manifest());
        System.out.printf("%s: %s %s, %s, model Adler32 %d%n", out, m.preset(), m.task(), m.source(),
                m.checksums().get(SimVGModelFile.MODEL_ENTRY));
        return 0;
    }
}
