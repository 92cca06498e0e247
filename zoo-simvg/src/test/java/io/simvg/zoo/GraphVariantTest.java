package io.simvg.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simvg.zoo.graph.SimVGGraph;
import io.simvg.zoo.weights.LoadReport;
import io.simvg.zoo.weights.StateDict;
import io.simvg.zoo.weights.StateDictLoader;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The token-branch-only and decoder-branch-only graphs contain nothing of the other branch and agree with FULL. */
class GraphVariantTest {

    static final List<String> DECODER_PARTS = List.of("head.transformer.", "head.input_proj.",
            "head.class_embed_decoder.", "head.bbox_embed_decoder.", "head.image_position_code", "dec_", "decoder_hs");
    static final List<String> TOKEN_PARTS = List.of("head.input_cls_proj.", "head.mlp.", "head.class_embed_token.",
            "head.bbox_embed_token.", "tok_");

    @Test
    void tokenBranchGraphHasNoDecoderOpsAndSameOutputs() throws Exception {
        check(GraphVariant.TOKEN_BRANCH, DECODER_PARTS, List.of("tok_logits", "tok_boxes"));
    }

    @Test
    void decoderBranchGraphHasNoTokenOpsAndSameOutputs() throws Exception {
        check(GraphVariant.DECODER_BRANCH, TOKEN_PARTS, List.of("dec_logits", "dec_boxes", "decoder_hs"));
    }

    static void check(GraphVariant variant, List<String> absent, List<String> outputs) throws Exception {
        PeerFixture f = PeerFixture.all().get(0);
        SameDiff full = SimVGGraph.build(f.config, GraphVariant.FULL, DataType.FLOAT, 1);
        SameDiff part = SimVGGraph.build(f.config, variant, DataType.FLOAT, 1);
        StateDict dict = StateDict.readRaw(f.dir.resolve("weights.bin"), f.dir.resolve("weights.json"));
        StateDictLoader.load(full, dict, GraphVariant.FULL, true, "weights.bin");
        LoadReport report = StateDictLoader.load(part, dict, variant, true, "weights.bin");
        assertFalse(report.ignored().isEmpty(), "the other branch's tensors are reported as ignored");

        for (String name : part.getVariables().keySet()) {
            for (String prefix : absent) {
                assertFalse(name.startsWith(prefix), variant + " graph has variable " + name);
            }
        }
        for (SameDiffOp op : part.getOps().values()) {
            for (String in : op.getInputsToOp()) {
                for (String prefix : absent) {
                    assertFalse(in.startsWith(prefix), variant + " graph has op " + op.getName() + " reading " + in);
                }
            }
        }
        assertTrue(part.getOps().size() < full.getOps().size());

        Map<String, INDArray> a = full.output(f.placeholders(DataType.FLOAT), outputs.toArray(new String[0]));
        Map<String, INDArray> b = part.output(f.placeholders(DataType.FLOAT), outputs.toArray(new String[0]));
        for (String o : outputs) {
            assertEquals(a.get(o), b.get(o), o);
        }
    }
}
