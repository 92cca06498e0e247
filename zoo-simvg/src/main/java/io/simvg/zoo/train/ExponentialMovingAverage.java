package io.simvg.zoo.train;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * SimVG's {@code ExponentialMovingAverage} ({@code simvg/models/utils.py}): a shadow copy of every parameter taken
 * when the average is created, updated after every optimizer step with
 * <pre>
 *   decay  = min(maxDecay, (step + 1) / (step + 10))      step = number of earlier updates (0 first)
 *   shadow = decay·shadow + (1 − decay)·param
 * </pre>
 * The short warm-up of the decay lets the average follow the weights closely at first. The average is only used
 * for evaluation and "best" selection (official recipe: on for REC two-stage step 1), never for training itself.
 * Rounded as the PyTorch expression is: both products in the tensor's precision, then their sum.
 */
public final class ExponentialMovingAverage {

    private final double maxDecay;
    private final Map<String, INDArray> params;
    private final Map<String, INDArray> shadow = new LinkedHashMap<>();
    private long step;

    /** Starts the average at the current values of {@code params} (which are read, never written). */
    public ExponentialMovingAverage(Map<String, INDArray> params, double maxDecay) {
        this.maxDecay = maxDecay;
        this.params = new LinkedHashMap<>(params);
        params.forEach((name, p) -> {
            ElementwiseKernel.requireDirect(p, "parameter " + name);
            shadow.put(name, p.dup('c'));
        });
    }

    /** The decay the update after {@code step} earlier updates uses. */
    public static double decay(double maxDecay, long step) {
        return Math.min(maxDecay, (step + 1) / (double) (step + 10));
    }

    public long step() {
        return step;
    }

    /** The averaged weights by parameter name. */
    public Map<String, INDArray> shadow() {
        return Collections.unmodifiableMap(shadow);
    }

    /** One update from the parameters' current values. */
    public void update() {
        double d = decay(maxDecay, step);
        List<String> names = List.copyOf(shadow.keySet());
        long[] lengths = names.stream().mapToLong(n -> shadow.get(n).length()).toArray();
        ElementwiseKernel.forEach(ElementwiseKernel.ranges(lengths), r -> {
            INDArray s = shadow.get(names.get(r.tensor()));
            INDArray p = params.get(names.get(r.tensor()));
            if (s.dataType() == DataType.DOUBLE) {
                DoubleBuffer sb = ElementwiseKernel.doubles(s);
                DoubleBuffer pb = ElementwiseKernel.doubles(p);
                for (int i = r.from(); i < r.to(); i++) {
                    sb.put(i, d * sb.get(i) + (1 - d) * pb.get(i));
                }
            } else {
                FloatBuffer sb = ElementwiseKernel.floats(s);
                FloatBuffer pb = ElementwiseKernel.floats(p);
                float df = (float) d;
                float rest = (float) (1 - d);
                for (int i = r.from(); i < r.to(); i++) {
                    sb.put(i, df * sb.get(i) + rest * pb.get(i));
                }
            }
        });
        step++;
    }

    /** Replaces the average (resuming): every parameter's shadow and the update count. */
    public void restore(Map<String, INDArray> values, long updates) {
        if (!values.keySet().equals(shadow.keySet())) {
            throw new IllegalArgumentException("EMA state holds " + values.size() + " tensors, the model "
                    + shadow.size() + (values.keySet().containsAll(shadow.keySet()) ? "" : "; missing e.g. "
                    + shadow.keySet().stream().filter(k -> !values.containsKey(k)).findFirst().orElse("")));
        }
        values.forEach((name, v) -> {
            INDArray s = shadow.get(name);
            if (!java.util.Arrays.equals(s.shape(), v.shape())) {
                throw new IllegalArgumentException("EMA state of '" + name + "' has shape "
                        + java.util.Arrays.toString(v.shape()) + ", parameter " + java.util.Arrays.toString(s.shape()));
            }
            s.assign(v.castTo(s.dataType()));
        });
        this.step = updates;
    }
}
