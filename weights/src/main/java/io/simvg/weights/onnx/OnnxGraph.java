package io.simvg.weights.onnx;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import onnx.Onnx;
import org.nd4j.shade.protobuf.CodedInputStream;

/** The node/tensor structure of an ONNX model, with the look-ups the weight mapper needs. */
public final class OnnxGraph {

    private final Path file;
    private final Map<String, Onnx.TensorProto> initializers = new LinkedHashMap<>();
    private final List<Onnx.NodeProto> nodes;
    private final Map<String, Onnx.NodeProto> producer = new HashMap<>();
    private final Map<String, List<Onnx.NodeProto>> consumers = new HashMap<>();

    private OnnxGraph(Path file, Onnx.ModelProto model) {
        this.file = file;
        Onnx.GraphProto g = model.getGraph();
        for (Onnx.TensorProto t : g.getInitializerList()) {
            initializers.put(t.getName(), t);
        }
        nodes = g.getNodeList();
        for (Onnx.NodeProto n : nodes) {
            for (String out : n.getOutputList()) {
                producer.put(out, n);
            }
            for (String in : n.getInputList()) {
                consumers.computeIfAbsent(in, k -> new ArrayList<>()).add(n);
            }
        }
    }

    public static OnnxGraph read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": no such ONNX file");
        }
        try (InputStream in = Files.newInputStream(file)) {
            CodedInputStream cis = CodedInputStream.newInstance(in);
            cis.setSizeLimit(Integer.MAX_VALUE);
            Onnx.ModelProto model = Onnx.ModelProto.parseFrom(cis);
            if (!model.hasGraph() || model.getGraph().getInitializerCount() == 0) {
                throw new IOException(file + ": not an ONNX model with initializers");
            }
            return new OnnxGraph(file, model);
        } catch (org.nd4j.shade.protobuf.InvalidProtocolBufferException e) {
            throw new IOException(file + ": not a valid ONNX protobuf: " + e.getMessage(), e);
        }
    }

    public Path file() {
        return file;
    }

    public Map<String, Onnx.TensorProto> initializers() {
        return initializers;
    }

    /**
     * The shape of the initializer named {@code name} or ending in {@code .name} (exports may keep a wrapper prefix),
     * or null when there is none.
     */
    public long[] initializerShape(String name) {
        for (Map.Entry<String, Onnx.TensorProto> e : initializers.entrySet()) {
            if (e.getKey().equals(name) || e.getKey().endsWith("." + name)) {
                return e.getValue().getDimsList().stream().mapToLong(Long::longValue).toArray();
            }
        }
        return null;
    }

    public List<Onnx.NodeProto> nodes() {
        return nodes;
    }

    public Onnx.NodeProto producer(String tensor) {
        return producer.get(tensor);
    }

    public List<Onnx.NodeProto> consumers(String tensor) {
        return consumers.getOrDefault(tensor, List.of());
    }

    /** Follows {@code Identity} nodes back to the tensor they forward. */
    public String resolve(String tensor) {
        String t = tensor;
        Onnx.NodeProto p;
        while ((p = producer.get(t)) != null && p.getOpType().equals("Identity")) {
            t = p.getInput(0);
        }
        return t;
    }

    /** The initializer a tensor refers to (through Identity nodes), or null. */
    public String initializerOf(String tensor) {
        String r = resolve(tensor);
        return initializers.containsKey(r) ? r : null;
    }

    /** Consumers of a tensor and of every Identity alias of it. */
    public List<Onnx.NodeProto> consumersThroughIdentity(String tensor) {
        List<Onnx.NodeProto> out = new ArrayList<>();
        for (Onnx.NodeProto n : consumers(tensor)) {
            if (n.getOpType().equals("Identity")) {
                out.addAll(consumersThroughIdentity(n.getOutput(0)));
            } else {
                out.add(n);
            }
        }
        return out;
    }

    /**
     * Breadth-first search upstream of {@code tensor}: the nearest producing node that satisfies {@code target},
     * not expanding through nodes that satisfy {@code stop}. Returns null when none is found.
     */
    public Onnx.NodeProto nearestUpstream(String tensor, Predicate<Onnx.NodeProto> target,
                                          Predicate<Onnx.NodeProto> stop) {
        Deque<String> queue = new ArrayDeque<>();
        Set<String> seen = new HashSet<>();
        queue.add(tensor);
        while (!queue.isEmpty()) {
            String t = queue.poll();
            Onnx.NodeProto p = producer.get(t);
            if (p == null || !seen.add(p.getName() + "|" + t)) {
                continue;
            }
            if (target.test(p)) {
                return p;
            }
            if (stop.test(p)) {
                continue;
            }
            queue.addAll(p.getInputList());
        }
        return null;
    }

    /** True when an initializer whose name ends with {@code suffix} lies upstream of {@code tensor}. */
    public boolean dependsOnInitializer(String tensor, String suffix) {
        Deque<String> queue = new ArrayDeque<>();
        Set<String> seen = new HashSet<>();
        queue.add(tensor);
        while (!queue.isEmpty()) {
            String t = queue.poll();
            if (!seen.add(t)) {
                continue;
            }
            if (initializers.containsKey(t) && t.endsWith(suffix)) {
                return true;
            }
            Onnx.NodeProto p = producer.get(t);
            if (p != null) {
                queue.addAll(p.getInputList());
            }
        }
        return false;
    }
}
