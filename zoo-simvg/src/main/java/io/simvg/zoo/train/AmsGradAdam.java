package io.simvg.zoo.train;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * PyTorch's {@code torch.optim.Adam} (single-tensor path, {@code amsgrad} optional) with parameter groups, updating
 * ND4J arrays in place.
 *
 * <p>Why not SameDiff's updater: a SameDiff {@code TrainingConfig} has one updater for every parameter (SimVG trains
 * the BEiT-3 encoder at a tenth of the head's learning rate) and no global gradient clipping, and DL4J's
 * {@code AMSGrad} places ε differently (after the bias-correction factor is folded into the learning rate). The
 * trainer therefore computes gradients with {@code calculateGradients}, clips them itself and calls {@link #step}.
 *
 * <p>Per parameter with a gradient g, at its own step count t (PyTorch keeps no state for a parameter until it first
 * receives a gradient, and skips parameters without one):
 * <pre>
 *   g  ← g + weight_decay·p                      (only when weight_decay ≠ 0)
 *   m  ← lerp(m, g, 1−β1) = m + (1−β1)·(g − m)
 *   v  ← β2·v + (1−β2)·g·g
 *   v̂  ← max(v̂, v)                               (AMSGrad; v̂ starts at 0)
 *   p  ← p + (−lr/(1−β1^t))·m / (sqrt(v̂)/sqrt(1−β2^t) + ε)
 * </pre>
 * Computed element by element in the array's precision with PyTorch's operation order and rounding points (the
 * scalars are formed in double as Python does, then used in the tensor's precision as ATen does).
 */
public final class AmsGradAdam {

    /** Moments of one parameter; {@code maxExpAvgSq} is null without AMSGrad. */
    public static final class State {
        final INDArray expAvg;
        final INDArray expAvgSq;
        final INDArray maxExpAvgSq;
        long step;

        State(INDArray expAvg, INDArray expAvgSq, INDArray maxExpAvgSq, long step) {
            this.expAvg = expAvg;
            this.expAvgSq = expAvgSq;
            this.maxExpAvgSq = maxExpAvgSq;
            this.step = step;
        }

        public INDArray expAvg() {
            return expAvg;
        }

        public INDArray expAvgSq() {
            return expAvgSq;
        }

        public INDArray maxExpAvgSq() {
            return maxExpAvgSq;
        }

        public long step() {
            return step;
        }
    }

    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final double weightDecay;
    private final boolean amsgrad;
    private final Map<String, INDArray> params = new LinkedHashMap<>();
    private final Map<String, String> groupOf = new LinkedHashMap<>();
    private final Map<String, Double> groupLr = new LinkedHashMap<>();
    private final Map<String, State> state = new LinkedHashMap<>();

    public AmsGradAdam(double beta1, double beta2, double epsilon, double weightDecay, boolean amsgrad) {
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        this.weightDecay = weightDecay;
        this.amsgrad = amsgrad;
    }

    /** The optimizer of {@code recipe} (betas, ε, weight decay, AMSGrad), without parameters yet. */
    public static AmsGradAdam of(TrainingRecipe recipe) {
        return new AmsGradAdam(recipe.beta1(), recipe.beta2(), recipe.epsilon(), recipe.weightDecay(),
                recipe.amsgrad());
    }

    /** Declares a parameter group with its current learning rate. */
    public AmsGradAdam addGroup(String group, double learningRate) {
        if (groupLr.containsKey(group)) {
            throw new IllegalArgumentException("parameter group '" + group + "' already exists");
        }
        groupLr.put(group, learningRate);
        return this;
    }

    /** Registers {@code param} (updated in place) under {@code name} in an existing group. */
    public AmsGradAdam addParameter(String name, INDArray param, String group) {
        if (!groupLr.containsKey(group)) {
            throw new IllegalArgumentException("unknown parameter group '" + group + "'");
        }
        if (params.containsKey(name)) {
            throw new IllegalArgumentException("parameter '" + name + "' registered twice");
        }
        ElementwiseKernel.requireDirect(param, "parameter " + name);
        params.put(name, param);
        groupOf.put(name, group);
        return this;
    }

    public void setLearningRate(String group, double learningRate) {
        if (!groupLr.containsKey(group)) {
            throw new IllegalArgumentException("unknown parameter group '" + group + "'");
        }
        groupLr.put(group, learningRate);
    }

    public double learningRate(String group) {
        Double lr = groupLr.get(group);
        if (lr == null) {
            throw new IllegalArgumentException("unknown parameter group '" + group + "'");
        }
        return lr;
    }

    public Map<String, Double> learningRates() {
        return Collections.unmodifiableMap(groupLr);
    }

    public String groupOf(String name) {
        return groupOf.get(name);
    }

    public List<String> parameterNames() {
        return List.copyOf(params.keySet());
    }

    /** The moments by parameter (only parameters that have received a gradient). */
    public Map<String, State> state() {
        return Collections.unmodifiableMap(state);
    }

    /**
     * One update of every registered parameter that has a gradient in {@code grads} (others are left alone and keep
     * their step count, as in PyTorch). Gradients are read only; their shapes must match.
     */
    public void step(Map<String, INDArray> grads) {
        List<String> names = new ArrayList<>();
        List<INDArray> g = new ArrayList<>();
        for (Map.Entry<String, INDArray> e : grads.entrySet()) {
            INDArray p = params.get(e.getKey());
            if (p == null) {
                throw new IllegalArgumentException("gradient for unregistered parameter '" + e.getKey() + "'");
            }
            if (e.getValue() == null) {
                continue;
            }
            if (!java.util.Arrays.equals(p.shape(), e.getValue().shape())) {
                throw new IllegalArgumentException("gradient of " + e.getKey() + " has shape "
                        + java.util.Arrays.toString(e.getValue().shape()) + ", parameter "
                        + java.util.Arrays.toString(p.shape()));
            }
            names.add(e.getKey());
            g.add(ElementwiseKernel.contiguous(e.getValue().castTo(p.dataType())));
        }
        long[] lengths = new long[names.size()];
        Scalars[] scalars = new Scalars[names.size()];
        State[] states = new State[names.size()];
        for (int i = 0; i < names.size(); i++) {
            String n = names.get(i);
            INDArray p = params.get(n);
            State s = state.computeIfAbsent(n, k -> new State(Nd4j.zeros(p.dataType(), p.shape()),
                    Nd4j.zeros(p.dataType(), p.shape()), amsgrad ? Nd4j.zeros(p.dataType(), p.shape()) : null, 0));
            s.step++;
            states[i] = s;
            scalars[i] = scalars(groupLr.get(groupOf.get(n)), s.step);
            lengths[i] = p.length();
        }
        ElementwiseKernel.forEach(ElementwiseKernel.ranges(lengths), r -> {
            INDArray p = params.get(names.get(r.tensor()));
            if (p.dataType() == DataType.DOUBLE) {
                updateDouble(p, g.get(r.tensor()), states[r.tensor()], scalars[r.tensor()], r.from(), r.to());
            } else {
                updateFloat(p, g.get(r.tensor()), states[r.tensor()], scalars[r.tensor()], r.from(), r.to());
            }
        });
    }

    /** The step's scalars, formed in double as PyTorch's Python code does. */
    private record Scalars(double oneMinusBeta1, double beta2, double oneMinusBeta2, double stepSize,
                           double biasCorrection2Sqrt, double epsilon, double weightDecay) {
    }

    private Scalars scalars(double lr, long step) {
        double bc1 = 1 - Math.pow(beta1, step);
        double bc2 = 1 - Math.pow(beta2, step);
        return new Scalars(1 - beta1, beta2, 1 - beta2, lr / bc1, Math.sqrt(bc2), epsilon, weightDecay);
    }

    private void updateFloat(INDArray param, INDArray grad, State s, Scalars c, int from, int to) {
        FloatBuffer p = ElementwiseKernel.floats(param);
        FloatBuffer g = ElementwiseKernel.floats(grad);
        FloatBuffer m = ElementwiseKernel.floats(s.expAvg);
        FloatBuffer v = ElementwiseKernel.floats(s.expAvgSq);
        FloatBuffer vMax = amsgrad ? ElementwiseKernel.floats(s.maxExpAvgSq) : null;
        float w1 = (float) c.oneMinusBeta1;
        float b2 = (float) c.beta2;
        float w2 = (float) c.oneMinusBeta2;
        float negStep = (float) -c.stepSize;
        float bc2 = (float) c.biasCorrection2Sqrt;
        float eps = (float) c.epsilon;
        float wd = (float) c.weightDecay;
        boolean decay = c.weightDecay != 0;
        for (int i = from; i < to; i++) {
            float pi = p.get(i);
            float gi = g.get(i);
            if (decay) {
                gi = gi + wd * pi;
            }
            float mi = m.get(i);
            mi = mi + w1 * (gi - mi);
            float vi = v.get(i) * b2;
            vi = vi + w2 * gi * gi;
            m.put(i, mi);
            v.put(i, vi);
            float second = vi;
            if (vMax != null) {
                second = Math.max(vMax.get(i), vi);
                vMax.put(i, second);
            }
            float denom = (float) Math.sqrt(second) / bc2 + eps;
            p.put(i, pi + negStep * mi / denom);
        }
    }

    private void updateDouble(INDArray param, INDArray grad, State s, Scalars c, int from, int to) {
        DoubleBuffer p = ElementwiseKernel.doubles(param);
        DoubleBuffer g = ElementwiseKernel.doubles(grad);
        DoubleBuffer m = ElementwiseKernel.doubles(s.expAvg);
        DoubleBuffer v = ElementwiseKernel.doubles(s.expAvgSq);
        DoubleBuffer vMax = amsgrad ? ElementwiseKernel.doubles(s.maxExpAvgSq) : null;
        for (int i = from; i < to; i++) {
            double pi = p.get(i);
            double gi = g.get(i);
            if (c.weightDecay != 0) {
                gi = gi + c.weightDecay * pi;
            }
            double mi = m.get(i);
            mi = mi + c.oneMinusBeta1 * (gi - mi);
            double vi = v.get(i) * c.beta2;
            vi = vi + c.oneMinusBeta2 * gi * gi;
            m.put(i, mi);
            v.put(i, vi);
            double second = vi;
            if (vMax != null) {
                second = Math.max(vMax.get(i), vi);
                vMax.put(i, second);
            }
            double denom = Math.sqrt(second) / c.biasCorrection2Sqrt + c.epsilon;
            p.put(i, pi + -c.stepSize * mi / denom);
        }
    }

    /**
     * Replaces the state of {@code name} (resuming from a checkpoint). Arrays of the parameter's type that are directly
     * accessible are taken over (the caller must not use them afterwards), others are copied; {@code maxExpAvgSq} must
     * be given exactly when AMSGrad is on.
     */
    public void restoreState(String name, INDArray expAvg, INDArray expAvgSq, INDArray maxExpAvgSq, long step) {
        INDArray p = params.get(name);
        if (p == null) {
            throw new IllegalArgumentException("optimizer state for unknown parameter '" + name + "'");
        }
        if ((maxExpAvgSq != null) != amsgrad) {
            throw new IllegalArgumentException("optimizer state of '" + name + "' " + (amsgrad
                    ? "lacks the AMSGrad maximum" : "has an AMSGrad maximum but AMSGrad is off"));
        }
        if (step < 1) {
            throw new IllegalArgumentException("optimizer state of '" + name + "' has step " + step);
        }
        state.put(name, new State(copyLike(expAvg, p, name), copyLike(expAvgSq, p, name),
                maxExpAvgSq == null ? null : copyLike(maxExpAvgSq, p, name), step));
    }

    private static INDArray copyLike(INDArray value, INDArray param, String name) {
        if (!java.util.Arrays.equals(value.shape(), param.shape())) {
            throw new IllegalArgumentException("optimizer state of '" + name + "' has shape "
                    + java.util.Arrays.toString(value.shape()) + ", parameter " + java.util.Arrays.toString(param.shape()));
        }
        if (value.dataType() == param.dataType() && ElementwiseKernel.direct(value)) {
            return value;                                   // a fresh array read from a file: no second copy
        }
        return value.castTo(param.dataType()).dup('c');
    }
}
