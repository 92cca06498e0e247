package io.simvg.examples;

import io.simvg.zoo.train.StepResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.autodiff.listeners.At;
import org.nd4j.autodiff.listeners.Loss;
import org.nd4j.autodiff.listeners.Operation;
import org.nd4j.autodiff.listeners.impl.UIListener;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * Feeds SameDiff's {@link UIListener} from the training loop, since the trainer does not run {@code sd.fit()}: the
 * listener writes the graph structure and, per step, the top-level loss terms ({@code loss_dgt}, {@code loss_tgt},
 * {@code loss_kd}) and their sum ({@code totalLoss}) into a stats file that the DL4J UI server
 * ({@code deeplearning4j-ui}, page {@code /samediff}) displays. An existing file of the same graph is appended to
 * (UIListener's CREATE_OR_APPEND), so a resumed run continues its curves.
 *
 * <p>Not in the file: the learning rate (UIListener reads it from a SameDiff {@code TrainingConfig} updater, which this
 * trainer replaces by its own optimizer), W_dt and the gradient norm; they are in {@code train-log.jsonl}.
 */
final class UiStats {

    private final UIListener listener;

    UiStats(Path file) {
        this.listener = UIListener.builder(file.toFile()).plotLosses(1).learningRate(0).build();
    }

    private static At at(int epoch, long step) {
        return At.builder().epoch(epoch).iteration((int) step).trainingThreadNum(0)
                .javaThreadNum(Thread.currentThread().getId()).operation(Operation.TRAINING).build();
    }

    void epochStart(SameDiff sd, int epoch, long step) {
        listener.epochStart(sd, at(epoch, step));
    }

    /** Records one finished step ({@code result.globalStep()} is 1-based; the UI counts iterations from 0). */
    void step(SameDiff sd, MultiDataSet batch, StepResult result, List<String> terms, long dataMillis) {
        At at = at(result.epoch(), result.globalStep() - 1);
        listener.iterationStart(sd, at, batch, dataMillis);
        List<String> names = new ArrayList<>(terms);
        double[] values = names.stream().mapToDouble(result::term).toArray();
        listener.iterationDone(sd, at, batch, new Loss(names, values));
    }

    void epochEnd(SameDiff sd, int epoch, long step, long millis) {
        listener.epochEnd(sd, at(epoch, step), null, millis);
    }
}
