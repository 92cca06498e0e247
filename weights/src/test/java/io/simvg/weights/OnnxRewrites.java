package io.simvg.weights;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import onnx.Onnx;

/** Rewrites the peer ONNX exports into the other layouts users meet: external data, a BEiT-3 encoder alone. */
final class OnnxRewrites {

    private OnnxRewrites() {
    }

    static String dataFile(String modelName) {
        return modelName + ".data";
    }

    /**
     * Writes {@code dir/name} with every raw-data initializer moved to {@code dir/name.data}, as
     * {@code onnx.save_model(..., save_as_external_data=True, all_tensors_to_one_file=True)} lays it out; returns how
     * many initializers moved.
     */
    static int externalise(Path onnx, Path dir, String name) throws IOException {
        Onnx.ModelProto.Builder model = Onnx.ModelProto.parseFrom(Files.readAllBytes(onnx)).toBuilder();
        Onnx.GraphProto.Builder graph = model.getGraphBuilder();
        String data = dataFile(name);
        int moved = 0;
        try (OutputStream out = Files.newOutputStream(dir.resolve(data))) {
            long offset = 0;
            for (int i = 0; i < graph.getInitializerCount(); i++) {
                Onnx.TensorProto t = graph.getInitializer(i);
                if (t.getRawData().isEmpty()) {
                    continue;
                }
                byte[] raw = t.getRawData().toByteArray();
                out.write(raw);
                graph.setInitializer(i, t.toBuilder().clearRawData()
                        .setDataLocation(Onnx.TensorProto.DataLocation.EXTERNAL)
                        .addExternalData(entry("location", data))
                        .addExternalData(entry("offset", Long.toString(offset)))
                        .addExternalData(entry("length", Integer.toString(raw.length)))
                        .build());
                offset += raw.length;
                moved++;
            }
        }
        Files.write(dir.resolve(name), model.build().toByteArray());
        return moved;
    }

    /**
     * Cuts a whole-SimVG export down to the subgraph computing {@code encoder_out} and renames the backbone's
     * initializers from SimVG's {@code [model.]vis_enc.beit3.} to BEiT-3's own {@code beit3.}: what exporting the
     * BEiT-3 encoder alone produces (like {@code onnx.utils.extract_model} plus a rename).
     */
    static void encoderOnly(Path onnx, Path out) throws IOException {
        Onnx.GraphProto g = Onnx.ModelProto.parseFrom(Files.readAllBytes(onnx)).getGraph();
        Map<String, Onnx.NodeProto> producer = new HashMap<>();
        g.getNodeList().forEach(n -> n.getOutputList().forEach(o -> producer.put(o, n)));
        Set<Onnx.NodeProto> kept = new HashSet<>();
        Set<String> tensors = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>(Set.of("encoder_out"));
        while (!todo.isEmpty()) {
            String t = todo.pop();
            if (!tensors.add(t)) {
                continue;
            }
            Onnx.NodeProto n = producer.get(t);
            if (n != null && kept.add(n)) {
                todo.addAll(n.getInputList());
            }
        }
        Onnx.ModelProto.Builder model = Onnx.ModelProto.parseFrom(Files.readAllBytes(onnx)).toBuilder();
        Onnx.GraphProto.Builder graph = model.getGraphBuilder().clearNode().clearInitializer().clearOutput()
                .clearInput().clearValueInfo();
        for (Onnx.NodeProto n : g.getNodeList()) {
            if (kept.contains(n)) {
                Onnx.NodeProto.Builder b = n.toBuilder().clearInput();
                n.getInputList().forEach(i -> b.addInput(rename(i)));
                graph.addNode(b);
            }
        }
        g.getInitializerList().stream().filter(t -> tensors.contains(t.getName()))
                .forEach(t -> graph.addInitializer(t.toBuilder().setName(rename(t.getName()))));
        g.getInputList().stream().filter(i -> tensors.contains(i.getName())).forEach(graph::addInput);
        g.getOutputList().stream().filter(o -> o.getName().equals("encoder_out")).forEach(graph::addOutput);
        Files.write(out, model.build().toByteArray());
    }

    private static String rename(String name) {
        for (String prefix : new String[] {"model.vis_enc.beit3.", "vis_enc.beit3."}) {
            if (name.startsWith(prefix)) {
                return "beit3." + name.substring(prefix.length());
            }
        }
        return name;
    }

    private static Onnx.StringStringEntryProto entry(String key, String value) {
        return Onnx.StringStringEntryProto.newBuilder().setKey(key).setValue(value).build();
    }
}
