package io.simvg.zoo.graph;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.random.impl.GaussianDistribution;
import org.nd4j.linalg.api.ops.random.impl.TruncatedNormalDistribution;
import org.nd4j.linalg.api.ops.random.impl.UniformDistribution;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Creates the trainable variables of the graph under their official state-dict names (e.g.
 * {@code vis_enc.beit3.encoder.layers.0.self_attn.q_proj.A.weight}) and with their official shapes, initialised from
 * one seeded generator so that {@code init()} is reproducible.
 */
public final class ParameterFactory {

    private final SameDiff sd;
    private final DataType dataType;
    private final Random rng;
    private final List<String> names = new ArrayList<>();

    public ParameterFactory(SameDiff sd, DataType dataType, long seed) {
        this.sd = sd;
        this.dataType = dataType;
        this.rng = Nd4j.getRandomFactory().getNewRandomInstance(seed);
    }

    /** The names of all parameters created so far, in creation order. */
    public List<String> names() {
        return Collections.unmodifiableList(names);
    }

    /** A weight tensor; {@code shape[1..]} multiply to the fan-in, {@code shape[0]} is the fan-out. */
    public SDVariable weight(String name, Init init, long... shape) {
        long fanOut = shape[0];
        long fanIn = 1;
        for (int i = 1; i < shape.length; i++) {
            fanIn *= shape[i];
        }
        INDArray a = Nd4j.create(dataType, shape);
        switch (init) {
            case TRUNC_NORMAL -> truncNormal(a, 0.02);
            case TORCH_DEFAULT -> uniform(a, 1.0 / Math.sqrt(fanIn));
            case XAVIER, ATTENTION -> uniform(a, Math.sqrt(6.0 / (fanIn + fanOut)));
            case NORMAL -> Nd4j.getExecutioner().exec(new GaussianDistribution(a, 0.0, 1.0), rng);
        }
        return register(name, a);
    }

    /** A bias of a layer with the given fan-in. */
    public SDVariable bias(String name, Init init, long size, long fanIn) {
        INDArray a = Nd4j.zeros(dataType, size);
        if (init == Init.TORCH_DEFAULT || init == Init.XAVIER) {
            uniform(a, 1.0 / Math.sqrt(fanIn));
        }
        return register(name, a);
    }

    /** A tensor drawn from the truncated normal N(0, std) (cut at ±2 std). */
    public SDVariable truncNormal(String name, double std, long... shape) {
        INDArray a = Nd4j.create(dataType, shape);
        truncNormal(a, std);
        return register(name, a);
    }

    public SDVariable ones(String name, long size) {
        return register(name, Nd4j.ones(dataType, size));
    }

    public SDVariable zeros(String name, long... shape) {
        return register(name, Nd4j.zeros(dataType, shape));
    }

    private SDVariable register(String name, INDArray value) {
        if (sd.hasVariable(name)) {
            throw new IllegalStateException("parameter " + name + " created twice");
        }
        names.add(name);
        return sd.var(name, value);
    }

    private void uniform(INDArray a, double bound) {
        Nd4j.getExecutioner().exec(new UniformDistribution(a, -bound, bound), rng);
    }

    private void truncNormal(INDArray a, double std) {
        Nd4j.getExecutioner().exec(new TruncatedNormalDistribution(a, 0.0, std), rng);
    }
}
