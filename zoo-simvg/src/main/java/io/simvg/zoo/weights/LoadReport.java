package io.simvg.zoo.weights;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a weight import did: which graph parameters were set, and every tensor that did not fit, by name. A strict
 * import fails on any entry of {@link #missing()}, {@link #unexpected()} or {@link #misShaped()}.
 */
public final class LoadReport {

    private final String source;
    private final List<String> loaded = new ArrayList<>();
    private final List<String> missing = new ArrayList<>();
    private final List<String> unexpected = new ArrayList<>();
    private final Map<String, String> misShaped = new LinkedHashMap<>();
    private final Map<String, String> ignored = new LinkedHashMap<>();
    private final Map<String, String> partial = new LinkedHashMap<>();

    public LoadReport(String source) {
        this.source = source;
    }

    public String source() {
        return source;
    }

    public void loaded(String name) {
        loaded.add(name);
    }

    public void missing(String name) {
        missing.add(name);
    }

    public void unexpected(String name) {
        unexpected.add(name);
    }

    public void misShaped(String name, String detail) {
        misShaped.put(name, detail);
    }

    /** A tensor deliberately not used (e.g. a loss buffer, or a parameter of a branch this graph lacks). */
    public void ignored(String name, String why) {
        ignored.put(name, why);
    }

    /** A parameter only partly present in the source, for a stated reason that makes the rest irrelevant. */
    public void partial(String name, String detail) {
        partial.put(name, detail);
    }

    /** Moves a parameter from {@link #missing()} to {@link #partial()}: it is accounted for by {@code detail}. */
    public void resolveMissing(String name, String detail) {
        if (missing.remove(name)) {
            partial.put(name, detail);
        }
    }

    public List<String> loaded() {
        return Collections.unmodifiableList(loaded);
    }

    public List<String> missing() {
        return Collections.unmodifiableList(missing);
    }

    public List<String> unexpected() {
        return Collections.unmodifiableList(unexpected);
    }

    public Map<String, String> misShaped() {
        return Collections.unmodifiableMap(misShaped);
    }

    public Map<String, String> ignored() {
        return Collections.unmodifiableMap(ignored);
    }

    public Map<String, String> partial() {
        return Collections.unmodifiableMap(partial);
    }

    /** True when nothing is missing, unexpected or mis-shaped. */
    public boolean isComplete() {
        return missing.isEmpty() && unexpected.isEmpty() && misShaped.isEmpty();
    }

    /** Throws {@link WeightLoadException} listing every problem unless {@link #isComplete()}. */
    public LoadReport requireComplete() {
        if (!isComplete()) {
            throw new WeightLoadException(this);
        }
        return this;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        sb.append(source).append(": ").append(loaded.size()).append(" tensors loaded");
        section(sb, "missing", missing);
        section(sb, "unexpected", unexpected);
        misShaped.forEach((k, v) -> sb.append("\n  mis-shaped: ").append(k).append(" (").append(v).append(')'));
        partial.forEach((k, v) -> sb.append("\n  partial: ").append(k).append(" (").append(v).append(')'));
        ignored.forEach((k, v) -> sb.append("\n  ignored: ").append(k).append(" (").append(v).append(')'));
        return sb.toString();
    }

    private static void section(StringBuilder sb, String label, List<String> names) {
        for (String n : names) {
            sb.append("\n  ").append(label).append(": ").append(n);
        }
    }
}
