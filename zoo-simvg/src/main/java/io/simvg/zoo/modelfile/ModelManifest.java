package io.simvg.zoo.modelfile;

import io.simvg.zoo.GraphVariant;
import io.simvg.zoo.SimVGConfig;
import io.simvg.zoo.Task;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;

/**
 * What a SimVG model file holds, stored beside the graph as {@code manifest.json}: the architecture, the task, the
 * graph variant, the tokenizer the text ids come from, where the weights came from, and the Adler32 checksum of
 * every other entry (the SameDiff model and any extras such as a trainer's state).
 *
 * @param preset     preset name ({@code TINY}, {@code DEMO}, {@code BASE_32}, {@code LARGE_32}) or {@code custom}
 * @param config     the full architecture (the preset is only a label; this is what is checked)
 * @param task       REC or GREC (follows the config's query count)
 * @param variant    branches of the stored graph
 * @param tokenizer  the SentencePiece model the token ids belong to ({@code bundled:simvg-small.spm} or a file name)
 * @param source     the file the weights were imported or trained from, as given by the user
 * @param createdBy  the command (or API) that wrote the file
 * @param checksums  Adler32 of each stored entry by entry name, {@link SimVGModelFile#MODEL_ENTRY} included
 */
public record ModelManifest(String preset, SimVGConfig config, Task task, GraphVariant variant, String tokenizer,
                            String source, String createdBy, Map<String, Long> checksums) {

    /** The tokenizer string of models using the project's bundled SentencePiece model (802 ids). */
    public static final String BUNDLED_TOKENIZER = "bundled:simvg-small.spm";
    /** Vocabulary size of the bundled tokenizer. */
    public static final int BUNDLED_VOCABULARY = 802;

    /** Format identifier; readers refuse anything else. */
    public static final String FORMAT = "simvg-model/1";

    public ModelManifest {
        if (config == null || variant == null) {
            throw new IllegalArgumentException("a model manifest needs a config and a graph variant");
        }
        task = Task.forQueries(config.numQueries());
        preset = preset == null ? SimVGConfig.presetName(config) : preset;
        tokenizer = tokenizer == null ? "" : tokenizer;
        source = source == null ? "" : source;
        createdBy = createdBy == null ? "" : createdBy;
        checksums = Map.copyOf(checksums == null ? Map.of() : checksums);
    }

    /** A manifest for {@code config} without checksums (the writer fills them in). */
    public static ModelManifest of(SimVGConfig config, GraphVariant variant, String tokenizer, String source,
                                   String createdBy) {
        return new ModelManifest(null, config, null, variant, tokenizer, source, createdBy, Map.of());
    }

    public ModelManifest withChecksums(Map<String, Long> sums) {
        return new ModelManifest(preset, config, task, variant, tokenizer, source, createdBy, sums);
    }

    /**
     * Throws an {@link IOException} naming {@code file} unless it holds the architecture {@code expected}.
     *
     * @param who what expects it, completing "but … DEMO GREC" (e.g. "this run trains")
     */
    public void requireConfig(SimVGConfig expected, Object file, String who) throws IOException {
        if (config.equals(expected)) {
            return;
        }
        String want = SimVGConfig.presetName(expected);
        throw new IOException(file + ": holds a " + preset + " " + task + " model, but " + who + " " + want + " "
                + Task.forQueries(expected.numQueries()) + (preset.equals(want)
                ? " with different hyper-parameters (file " + config + ", expected " + expected + ")" : ""));
    }

    String toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", FORMAT);
        m.put("preset", preset);
        m.put("task", task.name());
        m.put("variant", variant.name());
        m.put("tokenizer", tokenizer);
        m.put("source", source);
        m.put("created_by", createdBy);
        m.put("config", config.toJsonMap());
        m.put("adler32", new TreeMap<>(checksums));
        try {
            return new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(m);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Parses {@code manifest.json}; {@code file} names the model file in every error. */
    static ModelManifest fromJson(byte[] json, String file) throws IOException {
        JsonNode n;
        try {
            n = new ObjectMapper().readTree(json);
        } catch (IOException e) {
            throw new IOException(file + ": manifest.json is not valid JSON: " + e.getMessage(), e);
        }
        String format = text(n, "format", file);
        if (!FORMAT.equals(format)) {
            throw new IOException(file + ": manifest.json field 'format' is '" + format + "', expected " + FORMAT);
        }
        try {
            SimVGConfig config = SimVGConfig.fromJson(field(n, "config", file));
            GraphVariant variant = GraphVariant.valueOf(text(n, "variant", file));
            Map<String, Long> sums = new LinkedHashMap<>();
            JsonNode a = field(n, "adler32", file);
            for (var it = a.fields(); it.hasNext(); ) {
                var e = it.next();
                if (!e.getValue().canConvertToLong()) {
                    throw new IOException(file + ": manifest.json adler32 of '" + e.getKey() + "' is not a number");
                }
                sums.put(e.getKey(), e.getValue().asLong());
            }
            ModelManifest m = new ModelManifest(text(n, "preset", file), config, null, variant,
                    optionalText(n, "tokenizer"), optionalText(n, "source"), optionalText(n, "created_by"), sums);
            String task = text(n, "task", file);
            if (!m.task().name().equals(task)) {
                throw new IOException(file + ": manifest.json field 'task' is " + task + " but the config has "
                        + config.numQueries() + " queries");
            }
            return m;
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": manifest.json: " + e.getMessage(), e);
        }
    }

    private static JsonNode field(JsonNode n, String name, String file) throws IOException {
        JsonNode v = n.get(name);
        if (v == null || v.isNull()) {
            throw new IOException(file + ": manifest.json has no field '" + name + "'");
        }
        return v;
    }

    private static String text(JsonNode n, String name, String file) throws IOException {
        return field(n, name, file).asText();
    }

    private static String optionalText(JsonNode n, String name) {
        JsonNode v = n.get(name);
        return v == null || v.isNull() ? "" : v.asText();
    }
}
