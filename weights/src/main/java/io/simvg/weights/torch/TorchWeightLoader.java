package io.simvg.weights.torch;

import io.simvg.zoo.GraphVariant;
import io.simvg.zoo.SimVGConfig;
import io.simvg.zoo.weights.LoadReport;
import io.simvg.zoo.weights.StateDictLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Loads PyTorch checkpoints into a SimVG graph, one tensor at a time (the checkpoint is never held in memory next to
 * the graph's parameters):
 * <ul>
 *   <li>{@link #load}: an official SimVG checkpoint ({@code vis_enc.beit3.…}, {@code head.…}, optionally under a
 *       {@code model.}/{@code module.} wrapper) into the whole model;</li>
 *   <li>{@link #loadBeit3}: a pretrained BEiT-3 checkpoint ({@code beit3.…}) into the encoder, with the 224/16 →
 *       S/P conversion of {@link Beit3Conversion}; the head keeps its initialisation, and tensors outside the
 *       backbone (BEiT-3's pretraining heads) are ignored with that reason.</li>
 * </ul>
 * Strict loads fail on any missing, unexpected or mis-shaped tensor, naming them all.
 */
public final class TorchWeightLoader {

    /** Where SimVG keeps the BEiT-3 backbone: official BEiT-3 name {@code beit3.x} → {@code vis_enc.beit3.x}. */
    public static final String ENCODER_PREFIX = "vis_enc.";
    private static final String BEIT3_PREFIX = "beit3.";
    private static final String HEAD_PREFIX = "head.";

    private TorchWeightLoader() {
    }

    public static LoadReport load(SameDiff sd, Path checkpoint, GraphVariant variant, boolean strict) {
        try (TorchCheckpoint ckpt = TorchCheckpoint.open(checkpoint)) {
            return load(sd, ckpt::forEach, checkpoint.toString(), variant, strict);
        }
    }

    /** From any tensor source: {@code tensors} hands every (name, value) pair to the visitor it is given. */
    public static LoadReport load(SameDiff sd, Consumer<BiConsumer<String, INDArray>> tensors, String source,
                                  GraphVariant variant, boolean strict) {
        StateDictLoader.Session session = StateDictLoader.begin(sd, variant, source);
        tensors.accept(session::accept);
        return session.finish(strict);
    }

    public static LoadReport loadBeit3(SameDiff sd, Path checkpoint, SimVGConfig config, boolean strict) {
        try (TorchCheckpoint ckpt = TorchCheckpoint.open(checkpoint)) {
            return loadBeit3(sd, ckpt::forEach, checkpoint.toString(), config, strict);
        }
    }

    public static LoadReport loadBeit3(SameDiff sd, Consumer<BiConsumer<String, INDArray>> tensors, String source,
                                       SimVGConfig config, boolean strict) {
        Beit3Conversion conversion = new Beit3Conversion(config.imgSize(), config.patchSize());
        StateDictLoader.Session session = StateDictLoader.begin(sd, GraphVariant.FULL, source);
        List<String> outside = new ArrayList<>();
        tensors.accept((name, value) -> {
            String bare = StateDictLoader.withoutWrappers(name);
            if (!bare.startsWith(BEIT3_PREFIX)) {
                outside.add(name);
                return;
            }
            session.accept(ENCODER_PREFIX + bare, conversion.apply(bare, value));
        });
        LoadReport report = session.finish(false);
        outside.forEach(n -> report.ignored(n, "not part of the BEiT-3 backbone (pretraining head or buffer)"));
        for (String name : List.copyOf(report.missing())) {
            if (name.startsWith(HEAD_PREFIX)) {
                report.resolveMissing(name, "SimVG head: not in a BEiT-3 checkpoint, keeps its initialisation");
            }
        }
        return strict ? report.requireComplete() : report;
    }
}
