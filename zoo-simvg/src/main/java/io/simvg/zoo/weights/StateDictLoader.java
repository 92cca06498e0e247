package io.simvg.zoo.weights;

import io.simvg.zoo.GraphVariant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Copies a {@link StateDict} into the parameters of a SimVG graph by official name. Wrapper prefixes such as
 * {@code model.} or {@code module.} are stripped; loss buffers ({@code criterion.empty_weight}, …) are recognised and
 * ignored; parameters of a branch the graph variant does not contain are ignored with that reason.
 */
public final class StateDictLoader {

    private static final Set<String> WRAPPERS = Set.of("model.", "module.", "ema.", "state_dict.");

    private StateDictLoader() {
    }

    /** The graph's trainable parameters by name, in graph order. */
    public static Map<String, SDVariable> parameters(SameDiff sd) {
        Map<String, SDVariable> out = new LinkedHashMap<>();
        for (SDVariable v : sd.variables()) {
            if (v.getVariableType() == VariableType.VARIABLE) {
                out.put(v.name(), v);
            }
        }
        return out;
    }

    /**
     * Loads {@code dict} into {@code sd}.
     *
     * @param strict when true, throws {@link WeightLoadException} unless every parameter was set and every tensor
     *               placed; when false, sets what fits and lists the rest in the report
     */
    public static LoadReport load(SameDiff sd, StateDict dict, GraphVariant variant, boolean strict, String source) {
        Session session = begin(sd, variant, source);
        dict.asMap().forEach(session::accept);
        return session.finish(strict);
    }

    /**
     * Copies every parameter of {@code from} (a graph read from a model file or checkpoint) into the same-named
     * parameter of {@code to}; {@code strict} as in {@link #load}.
     */
    public static LoadReport copy(SameDiff from, SameDiff to, GraphVariant variant, String source, boolean strict) {
        Session session = begin(to, variant, source);
        parameters(from).forEach((name, v) -> session.accept(name, v.getArr()));
        return session.finish(strict);
    }

    /** A load fed one tensor at a time, so a large checkpoint never needs a second full copy in memory. */
    public static Session begin(SameDiff sd, GraphVariant variant, String source) {
        return new Session(sd, variant, source);
    }

    /** Places tensors as they arrive and keeps the {@link LoadReport}. */
    public static final class Session {
        private final Map<String, SDVariable> params;
        private final GraphVariant variant;
        private final LoadReport report;
        private final Set<String> seen = new HashSet<>();

        private Session(SameDiff sd, GraphVariant variant, String source) {
            this.params = parameters(sd);
            this.variant = variant;
            this.report = new LoadReport(source);
        }

        /** The graph's parameter names, in graph order. */
        public Set<String> parameterNames() {
            return params.keySet();
        }

        public LoadReport report() {
            return report;
        }

        /** Copies {@code value} into the parameter named (after wrapper stripping) {@code fileName}, or reports it. */
        public void accept(String fileName, INDArray value) {
            String name = canonicalName(fileName, params.keySet());
            SDVariable target = params.get(name);
            if (target == null) {
                String why = ignoreReason(name, variant);
                if (why != null) {
                    report.ignored(fileName, why);
                } else {
                    report.unexpected(fileName);
                }
                return;
            }
            INDArray current = target.getArr();
            seen.add(name); // placed or mis-shaped: either way not "missing"
            if (!Arrays.equals(current.shape(), value.shape())) {
                report.misShaped(fileName, "model " + Arrays.toString(current.shape()) + ", file "
                        + Arrays.toString(value.shape()));
                return;
            }
            current.assign(value.castTo(current.dataType()));
            report.loaded(name);
        }

        /** Lists the parameters nothing was given for; strict: throws unless the report is complete. */
        public LoadReport finish(boolean strict) {
            for (String name : params.keySet()) {
                if (!seen.contains(name)) {
                    report.missing(name);
                }
            }
            return strict ? report.requireComplete() : report;
        }
    }

    /** {@code name} without any leading wrapper prefixes ({@code model.}, {@code module.}, …). */
    public static String withoutWrappers(String name) {
        String n = name;
        for (boolean stripped = true; stripped; ) {
            stripped = false;
            for (String w : WRAPPERS) {
                if (n.startsWith(w)) {
                    n = n.substring(w.length());
                    stripped = true;
                }
            }
        }
        return n;
    }

    /** The graph name for a file name: exact, or with wrapper prefixes removed. */
    public static String canonicalName(String name, Set<String> graphNames) {
        String n = name;
        while (!graphNames.contains(n)) {
            String stripped = null;
            for (String w : WRAPPERS) {
                if (n.startsWith(w)) {
                    stripped = n.substring(w.length());
                }
            }
            if (stripped == null) {
                return name;
            }
            n = stripped;
        }
        return n;
    }

    /** Why a tensor that is not a graph parameter may be skipped, or null when it is unexpected. */
    static String ignoreReason(String name, GraphVariant variant) {
        if (name.endsWith("empty_weight") && name.contains("criterion")) {
            return "loss buffer (no-object class weight), not a model parameter";
        }
        if (name.endsWith("num_batches_tracked")) {
            return "bookkeeping buffer";
        }
        if (variant != null && variant.excludes(name)) {
            return "belongs to a branch the " + variant + " graph does not contain";
        }
        return null;
    }
}
