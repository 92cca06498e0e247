package io.simvg.examples;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.nd4j.autodiff.listeners.At;
import org.nd4j.autodiff.listeners.BaseListener;
import org.nd4j.autodiff.listeners.Operation;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/** A SameDiff listener that adds up wall time per op type (e.g. {@code matmul}, {@code add}). */
final class OpTimer extends BaseListener {

    private final Map<String, long[]> byType = new HashMap<>();
    private long start;

    @Override
    public boolean isActive(Operation operation) {
        return true;
    }

    @Override
    public void preOpExecution(SameDiff sd, At at, SameDiffOp op, OpContext opContext) {
        start = System.nanoTime();
    }

    @Override
    public void opExecution(SameDiff sd, At at, MultiDataSet batch, SameDiffOp op, OpContext opContext,
                            INDArray[] outputs) {
        String key = op.getOp().opName();
        if (key.equals("matmul") && opContext != null && opContext.getInputArrays().size() == 2) {
            key += " " + java.util.Arrays.toString(opContext.getInputArray(0).shape()) + "x"
                    + java.util.Arrays.toString(opContext.getInputArray(1).shape());
        }
        long[] acc = byType.computeIfAbsent(key, k -> new long[2]);
        acc[0] += System.nanoTime() - start;
        acc[1]++;
    }

    void reset() {
        byType.clear();
    }

    /** The op types taking the most time, per pass ({@code unit} names a pass: "pass", "step"). */
    String report(int passes, int top, String unit) {
        StringBuilder sb = new StringBuilder();
        long total = byType.values().stream().mapToLong(a -> a[0]).sum();
        sb.append(String.format(Locale.ROOT, "op time per %s: %.3f s%n", unit, total / 1e9 / passes));
        byType.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0])).limit(top)
                .forEach(e -> sb.append(String.format(Locale.ROOT, "  %-28s %8.1f ms  %5d calls%n", e.getKey(),
                        e.getValue()[0] / 1e6 / passes, e.getValue()[1] / passes)));
        return sb.toString();
    }
}
