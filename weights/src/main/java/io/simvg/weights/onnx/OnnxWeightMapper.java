package io.simvg.weights.onnx;

import io.simvg.zoo.weights.StateDict;
import io.simvg.zoo.weights.StateDictLoader;
import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import onnx.Onnx;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Recovers SimVG state-dict tensors from the initializers of a PyTorch ONNX export.
 *
 * <p>{@code torch.onnx.export} keeps the state-dict name only for tensors it uses as they are (biases, LayerNorm
 * parameters, conv kernels, embeddings; an optional wrapper prefix such as {@code model.} is stripped). Everything
 * it rewrote gets a generated name ({@code onnx::MatMul_123}) and is found by following the graph:
 * <ul>
 *   <li>a Linear weight is the transposed right operand of a MatMul whose result is added to a named
 *   {@code <module>.bias};</li>
 *   <li>{@code nn.MultiheadAttention}'s packed {@code in_proj_weight/bias} are re-assembled from the three
 *   projections found upstream of the attention, starting at the named {@code <attn>.out_proj.bias}: q and k feed
 *   the score MatMul before the Softmax, v is the right operand of the MatMul after it;</li>
 *   <li>the learned query embedding is the constant query of the first TQG self-attention (zero queries plus
 *   query position, folded by the exporter);</li>
 *   <li>position tables appear only as the rows the forward pass reads (from row 2), folded into constants added to
 *   the patch/CLS concatenation (vision) and to the text-embedding lookup (text).</li>
 * </ul>
 */
public final class OnnxWeightMapper {

    private static final String TQG_FIRST_SELF_ATTENTION =
            "head.text_guided_query_generation_transformer.layers.0.attentions.0.attn.";
    private static final String QUERY_EMBED = "head.query_embed.weight";

    /** Rows {@code [start, start + rows)} of a parameter. */
    public record RowBlock(long start, INDArray rows) {
    }

    /** What the export provides: whole tensors, row blocks of tensors, and initializers that fit nothing. */
    public record Result(StateDict tensors, Map<String, RowBlock> rowBlocks, List<String> unexpected) {
    }

    private final OnnxGraph graph;
    private final Map<String, long[]> params;
    private final StateDict out = new StateDict();
    private final Map<String, RowBlock> rowBlocks = new LinkedHashMap<>();
    private final Set<String> used = new LinkedHashSet<>();
    private final Map<String, String> initToParam = new LinkedHashMap<>();
    private final Map<String, INDArray> decoded = new java.util.HashMap<>();

    /** @param params the model's parameter names and shapes */
    public OnnxWeightMapper(OnnxGraph graph, Map<String, long[]> params) {
        this.graph = graph;
        this.params = params;
    }

    public Result map() throws IOException {
        namedInitializers();
        linearWeights();
        attentionProjections();
        positionTables();
        queryEmbeddingFallback();
        List<String> unexpected = graph.initializers().keySet().stream().filter(n -> !used.contains(n)).toList();
        return new Result(out, rowBlocks, unexpected);
    }

    // ------------------------------------------------------------------------------------------ rules

    private void namedInitializers() throws IOException {
        for (String name : graph.initializers().keySet()) {
            String p = StateDictLoader.canonicalName(name, params.keySet());
            if (params.containsKey(p)) {
                put(p, tensor(name), name);
                initToParam.put(name, p);
            }
        }
    }

    /** MatMul(x, W) + named {@code <m>.bias} → {@code <m>.weight = Wᵀ}. */
    private void linearWeights() throws IOException {
        for (Onnx.NodeProto n : graph.nodes()) {
            if (!n.getOpType().equals("MatMul") || n.getInputCount() != 2) {
                continue;
            }
            String w = graph.initializerOf(n.getInput(1));
            if (w == null || used.contains(w)) {
                continue;
            }
            String bias = biasOf(n);
            String biasParam = bias == null ? null : initToParam.get(bias);
            if (biasParam != null && biasParam.endsWith(".bias")) {
                String weight = biasParam.substring(0, biasParam.length() - ".bias".length()) + ".weight";
                if (params.containsKey(weight)) {
                    put(weight, tensor(w).transpose().dup('c'), w);
                }
            }
        }
    }

    /** Re-assembles {@code in_proj_weight/bias} of every {@code nn.MultiheadAttention}. */
    private void attentionProjections() throws IOException {
        for (Map.Entry<String, String> e : Map.copyOf(initToParam).entrySet()) {
            String param = e.getValue();
            if (!param.endsWith(".attn.out_proj.bias")) {
                continue;
            }
            String attn = param.substring(0, param.length() - "out_proj.bias".length());
            Onnx.NodeProto outProj = matMulFeeding(e.getKey());
            if (outProj == null) {
                continue;
            }
            Onnx.NodeProto context = graph.nearestUpstream(outProj.getInput(0), this::isActivationMatMul,
                    n -> false);
            if (context == null) {
                continue;
            }
            Onnx.NodeProto softmax = graph.nearestUpstream(context.getInput(0), n -> n.getOpType().equals("Softmax"),
                    this::isActivationMatMul);
            Onnx.NodeProto scores = softmax == null ? null
                    : graph.nearestUpstream(softmax.getInput(0), this::isActivationMatMul, n -> false);
            if (scores == null) {
                continue;
            }
            Projection q = projectionUpstream(scores.getInput(0));
            Projection k = projectionUpstream(scores.getInput(1));
            Projection v = projectionUpstream(context.getInput(1));
            if (q == null || k == null || v == null) {
                continue;
            }
            INDArray w = Nd4j.concat(0, tensor(q.weight).transpose(), tensor(k.weight).transpose(),
                    tensor(v.weight).transpose());
            INDArray b = Nd4j.concat(0, tensor(q.bias), tensor(k.bias), tensor(v.bias));
            put(attn + "in_proj_weight", w, q.weight, k.weight, v.weight);
            put(attn + "in_proj_bias", b, q.bias, k.bias, v.bias);
            String constantQuery = graph.initializerOf(q.input);
            if (attn.equals(TQG_FIRST_SELF_ATTENTION) && constantQuery != null) {
                putQueryEmbedding(constantQuery);
            }
        }
    }

    /** Constants added to the vision concat (has the CLS token upstream) and the text lookup (text table). */
    private void positionTables() throws IOException {
        String visionTable = paramEndingWith("embed_positions.A.weight");
        String textTable = paramEndingWith("embed_positions.B.weight");
        for (Onnx.NodeProto n : graph.nodes()) {
            if (!n.getOpType().equals("Add") || n.getInputCount() != 2) {
                continue;
            }
            for (int i = 0; i < 2; i++) {
                String init = graph.initializerOf(n.getInput(i));
                if (init == null || used.contains(init)) {
                    continue;
                }
                String other = n.getInput(1 - i);
                if (visionTable != null && graph.dependsOnInitializer(other, "vision_embed.cls_token")) {
                    rows(visionTable, init);
                } else if (textTable != null && graph.dependsOnInitializer(other, "text_embed.weight")) {
                    rows(textTable, init);
                }
            }
        }
    }

    /** If no attention revealed it: the one unused constant shaped like the query embedding. */
    private void queryEmbeddingFallback() throws IOException {
        long[] shape = params.get(QUERY_EMBED);
        if (shape == null || out.contains(QUERY_EMBED)) {
            return;
        }
        for (String name : graph.initializers().keySet()) {
            if (!used.contains(name) && elements(name) == shape[0] * shape[1]
                    && squeezedShapeMatches(tensor(name).shape(), shape)) {
                putQueryEmbedding(name);
                return;
            }
        }
    }

    // ------------------------------------------------------------------------------------------ helpers

    private record Projection(String weight, String bias, String input) {
    }

    /** The nearest {@code Add(bias, MatMul(x, W))} upstream of a tensor, both constants being initializers. */
    private Projection projectionUpstream(String tensor) {
        Onnx.NodeProto add = graph.nearestUpstream(tensor, n -> asProjection(n) != null,
                this::isActivationMatMul);
        return add == null ? null : asProjection(add);
    }

    private Projection asProjection(Onnx.NodeProto add) {
        if (!add.getOpType().equals("Add") || add.getInputCount() != 2) {
            return null;
        }
        for (int i = 0; i < 2; i++) {
            String bias = graph.initializerOf(add.getInput(i));
            Onnx.NodeProto mm = graph.producer(add.getInput(1 - i));
            if (bias != null && mm != null && mm.getOpType().equals("MatMul")) {
                String w = graph.initializerOf(mm.getInput(1));
                if (w != null) {
                    return new Projection(w, bias, mm.getInput(0));
                }
            }
        }
        return null;
    }

    /** A MatMul of two computed tensors (attention scores or context), not a projection by a constant. */
    private boolean isActivationMatMul(Onnx.NodeProto n) {
        return n.getOpType().equals("MatMul") && graph.initializerOf(n.getInput(0)) == null
                && graph.initializerOf(n.getInput(1)) == null;
    }

    /** The MatMul whose output is added to the given (bias) initializer. */
    private Onnx.NodeProto matMulFeeding(String biasInit) {
        for (Onnx.NodeProto add : graph.consumersThroughIdentity(biasInit)) {
            if (add.getOpType().equals("Add")) {
                for (String in : add.getInputList()) {
                    Onnx.NodeProto p = graph.producer(in);
                    if (p != null && p.getOpType().equals("MatMul")) {
                        return p;
                    }
                }
            }
        }
        return null;
    }

    /** The initializer added to the output of a MatMul node, or null. */
    private String biasOf(Onnx.NodeProto matMul) {
        for (Onnx.NodeProto c : graph.consumers(matMul.getOutput(0))) {
            if (c.getOpType().equals("Add")) {
                for (String in : c.getInputList()) {
                    String init = graph.initializerOf(in);
                    if (init != null) {
                        return init;
                    }
                }
            }
        }
        return null;
    }

    private void rows(String table, String init) throws IOException {
        INDArray t = tensor(init);
        long[] shape = params.get(table);
        long cols = t.size(t.rank() - 1);
        long n = t.length() / cols;
        if (cols != shape[1] || 2 + n > shape[0]) {
            return; // not this table; stays unexpected
        }
        rowBlocks.put(table, new RowBlock(2, t.reshape(n, cols)));
        used.add(init);
    }

    private void putQueryEmbedding(String init) throws IOException {
        long[] shape = params.get(QUERY_EMBED);
        INDArray t = tensor(init);
        if (shape != null && !out.contains(QUERY_EMBED) && t.length() == shape[0] * shape[1]
                && squeezedShapeMatches(t.shape(), shape)) {
            put(QUERY_EMBED, t.reshape(shape), init);
        }
    }

    /** [Nq, 1, C], [1, Nq, C] and [Nq, C] all hold the [Nq, C] embedding in the same order. */
    private static boolean squeezedShapeMatches(long[] actual, long[] expected) {
        long[] squeezed = Arrays.stream(actual).filter(d -> d != 1).toArray();
        long[] want = Arrays.stream(expected).filter(d -> d != 1).toArray();
        return Arrays.equals(squeezed, want);
    }

    private String paramEndingWith(String suffix) {
        return params.keySet().stream().filter(p -> p.endsWith(suffix)).findFirst().orElse(null);
    }

    private void put(String param, INDArray value, String... sources) {
        out.put(param, value);
        used.addAll(Arrays.asList(sources));
    }

    private INDArray tensor(String init) throws IOException {
        INDArray t = decoded.get(init);
        if (t == null) {
            t = OnnxTensors.toFloat(graph.initializers().get(init), graph.file().toAbsolutePath().getParent());
            decoded.put(init, t);
        }
        return t;
    }

    private long elements(String init) {
        return graph.initializers().get(init).getDimsList().stream().mapToLong(Long::longValue).reduce(1, (a, b) -> a * b);
    }
}
