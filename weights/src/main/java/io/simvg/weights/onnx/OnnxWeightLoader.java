package io.simvg.weights.onnx;

import io.simvg.weights.torch.Beit3Conversion;
import io.simvg.weights.torch.TorchWeightLoader;
import io.simvg.zoo.GraphVariant;
import io.simvg.zoo.SimVGConfig;
import io.simvg.zoo.weights.LoadReport;
import io.simvg.zoo.weights.StateDictLoader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
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
     * Loads a whole-SimVG export into the whole model.
     *
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
        mapped.rowBlocks().forEach((name, block) -> placeRows(params.get(name), block, report));
        return finish(params, report, strict);
    }

    /**
     * Loads a BEiT-3 encoder exported alone (initializers named {@code beit3.…}, e.g. by
     * {@code weights/scripts/export_beit3_onnx.py}) into SimVG's encoder, converting its patch kernel and vision
     * position table to {@code config}'s geometry as {@link TorchWeightLoader#loadBeit3} does for checkpoints. The
     * export's own image and patch size are read from the file. The head keeps its initialisation.
     *
     * <p>An export holds only the position rows the forward pass reads (from row 2); the vision table's rows 0–1,
     * which BEiT-3 never reads, are zero before the conversion.
     */
    public static LoadReport loadBeit3(SameDiff sd, Path onnx, SimVGConfig config, boolean strict) throws IOException {
        OnnxGraph graph = OnnxGraph.read(onnx);
        Map<String, SDVariable> params = StateDictLoader.parameters(sd);
        Map<String, long[]> sourceShapes = new LinkedHashMap<>();
        params.forEach((name, v) -> {
            if (name.startsWith(TorchWeightLoader.ENCODER_PREFIX)) {
                sourceShapes.put(name.substring(TorchWeightLoader.ENCODER_PREFIX.length()), v.getArr().shape());
            }
        });
        long[] table = sourceShapes.get(Beit3Conversion.POSITION_TABLE);
        if (table == null) {
            throw new IllegalArgumentException("the graph has no BEiT-3 vision position table");
        }
        // the export's geometry is its own: any row count for the vision table, the file's patch kernel shape
        sourceShapes.put(Beit3Conversion.POSITION_TABLE, new long[] {Integer.MAX_VALUE, table[1]});
        long[] kernel = graph.initializerShape(Beit3Conversion.PATCH_KERNEL);
        if (kernel != null) {
            sourceShapes.put(Beit3Conversion.PATCH_KERNEL, kernel);
        }

        OnnxWeightMapper.Result mapped = new OnnxWeightMapper(graph, sourceShapes).map();
        OnnxWeightMapper.RowBlock vision = mapped.rowBlocks().get(Beit3Conversion.POSITION_TABLE);
        if (vision != null) {
            INDArray rows = vision.rows();
            mapped.tensors().put(Beit3Conversion.POSITION_TABLE, Nd4j.concat(0,
                    Nd4j.zeros(rows.dataType(), vision.start(), rows.columns()), rows));
        }
        LoadReport report = TorchWeightLoader.loadBeit3(sd, v -> mapped.tensors().asMap().forEach(v),
                onnx.toString(), config, false);
        mapped.unexpected().forEach(report::unexpected);
        mapped.rowBlocks().forEach((name, block) -> {
            if (!name.equals(Beit3Conversion.POSITION_TABLE)) {
                placeRows(params.get(TorchWeightLoader.ENCODER_PREFIX + name), block, report);
            }
        });
        return finish(params, report, strict);
    }

    /** Writes the rows an export provides into a table parameter and records where the rest comes from. */
    private static void placeRows(SDVariable param, OnnxWeightMapper.RowBlock block, LoadReport report) {
        INDArray table = param.getArr();
        INDArray rows = block.rows();
        long start = block.start();
        table.get(NDArrayIndex.interval(start, start + rows.rows()), NDArrayIndex.all())
                .assign(rows.castTo(table.dataType()));
        report.resolveMissing(param.name(), "rows " + start + ".." + (start + rows.rows() - 1) + " of "
                + table.rows() + " from the export, which holds only the rows the forward pass reads");
    }

    private static LoadReport finish(Map<String, SDVariable> params, LoadReport report, boolean strict) {
        for (String name : params.keySet()) {
            if (name.endsWith("vision_embed.mask_token")) {
                report.resolveMissing(name, "not in the export: BEiT-3's mask token is unused by SimVG's forward pass");
            }
        }
        return strict ? report.requireComplete() : report;
    }
}
