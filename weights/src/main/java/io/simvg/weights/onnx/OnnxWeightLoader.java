package io.simvg.weights.onnx;

import io.simvg.zoo.GraphVariant;
import io.simvg.zoo.weights.LoadReport;
import io.simvg.zoo.weights.StateDictLoader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Loads SimVG weights from the initializers of an ONNX export into a hand-built SimVG graph (M2.1 cannot import the
 * PyTorch graph itself, but reads its initializers). See {@link OnnxWeightMapper} for how generated names are
 * traced back to state-dict names.
 */
public final class OnnxWeightLoader {

    private OnnxWeightLoader() {
    }

    /**
     * @param strict when true, any parameter left unset, initializer left over or shape mismatch throws
     *               {@link io.simvg.zoo.weights.WeightLoadException} naming each of them
     */
    public static LoadReport load(SameDiff sd, Path onnx, GraphVariant variant, boolean strict) throws IOException {
        Map<String, SDVariable> params = StateDictLoader.parameters(sd);
        Map<String, long[]> shapes = new LinkedHashMap<>();
        params.forEach((name, v) -> shapes.put(name, v.getArr().shape()));

        OnnxWeightMapper.Result mapped = new OnnxWeightMapper(OnnxGraph.read(onnx), shapes).map();
        LoadReport report = StateDictLoader.load(sd, mapped.tensors(), variant, false, onnx.toString());
        mapped.unexpected().forEach(report::unexpected);
        for (Map.Entry<String, OnnxWeightMapper.RowBlock> e : mapped.rowBlocks().entrySet()) {
            INDArray table = params.get(e.getKey()).getArr();
            INDArray rows = e.getValue().rows();
            long start = e.getValue().start();
            table.get(NDArrayIndex.interval(start, start + rows.rows()), NDArrayIndex.all())
                    .assign(rows.castTo(table.dataType()));
            report.resolveMissing(e.getKey(), "rows " + start + ".." + (start + rows.rows() - 1) + " of "
                    + table.rows() + " from the export, which holds only the rows the forward pass reads");
        }
        for (String name : params.keySet()) {
            if (name.endsWith("vision_embed.mask_token")) {
                report.resolveMissing(name, "not in the export: BEiT-3's mask token is unused by SimVG's forward pass");
            }
        }
        return strict ? report.requireComplete() : report;
    }
}
