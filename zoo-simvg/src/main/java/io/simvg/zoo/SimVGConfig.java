package io.simvg.zoo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;

/**
 * Every hyper-parameter of a SimVG model: the BEiT-3 multiway encoder and the text-guided-query DETR head.
 *
 * <p>Field names follow the peer fixtures' {@code config.json} (snake_case there, camelCase here). Three presets are
 * provided: {@link #TINY} (the parity fixture), {@link #BASE_32} (ViT-B/32 at 640) and {@link #LARGE_32} (ViT-L/32).
 *
 * @param imgSize            input side length S (square input; SimVG stretches every image to S×S)
 * @param patchSize          ViT patch size P (32 for every SimVG config)
 * @param inChans            image channels
 * @param vocabSize          rows of the text embedding (64010 for BEiT-3's XLM-R SentencePiece vocabulary)
 * @param embedDim           encoder width D
 * @param depth              encoder layers
 * @param numHeads           encoder attention heads
 * @param mlpRatio           encoder FFN width = D·mlpRatio
 * @param maxSourcePositions rows of the text position table
 * @param layerNormEps       epsilon of every LayerNorm (encoder and head)
 * @param maxToken           text length T including {@code <s>} and {@code </s>}
 * @param headDim            head width C (input projections, TQG, decoder)
 * @param headHeads          attention heads of the TQG and decoder
 * @param numQueries         object queries Nq (1 = REC, 10 = GREC)
 * @param numClasses         object classes (1; logits have numClasses+1 entries, the last = no-object)
 * @param decLayers          DETR decoder layers
 * @param decFfn             DETR decoder FFN width
 * @param tqgLayers          text-guided query generation layers
 * @param tqgFfn             text-guided query generation FFN width
 * @param numTokenMlpLayers  Linear layers of the token branch (1 = a single Linear without activation)
 * @param textPooling        text max-pool behaviour of the TQG
 * @param textPositionCode   1-D position code of the TQG text keys
 * @param dropPathRate       stochastic-depth rate of the last encoder layer (linearly increasing from 0)
 * @param headDropout        dropout of the TQG/decoder attention weights and FFNs
 */
public record SimVGConfig(
        int imgSize, int patchSize, int inChans, int vocabSize, int embedDim, int depth, int numHeads,
        double mlpRatio, int maxSourcePositions, double layerNormEps, int maxToken,
        int headDim, int headHeads, int numQueries, int numClasses, int decLayers, int decFfn,
        int tqgLayers, int tqgFfn, int numTokenMlpLayers,
        TextPooling textPooling, TextPositionCode textPositionCode, double dropPathRate, double headDropout) {

    /** The tiny model of the peer parity fixture ({@code shared/fixtures/peer/tiny/config.json}). */
    public static final SimVGConfig TINY = new SimVGConfig(64, 32, 3, 1000, 64, 2, 4, 4.0, 64, 1e-5, 8,
            32, 8, 1, 1, 1, 64, 2, 48, 1, TextPooling.AS_IMPLEMENTED, TextPositionCode.AS_IMPLEMENTED, 0.0, 0.0);

    /** ViT-B/32 at 640×640, 20 text tokens, REC (SimVG's {@code *_onestage.py} ViT-base configs). */
    public static final SimVGConfig BASE_32 = new SimVGConfig(640, 32, 3, 64010, 768, 12, 12, 4.0, 1024, 1e-5, 20,
            256, 8, 1, 1, 3, 2048, 2, 512, 1, TextPooling.AS_IMPLEMENTED, TextPositionCode.AS_IMPLEMENTED, 0.1, 0.1);

    /**
     * ViT-L/32 at 640×640. Drop-path is 0: the official {@code beit3.py} misspells the keyword that would pass it on,
     * so no ViT-L run ever used stochastic depth.
     */
    public static final SimVGConfig LARGE_32 = new SimVGConfig(640, 32, 3, 64010, 1024, 24, 16, 4.0, 1024, 1e-5,
            20, 256, 8, 1, 1, 3, 2048, 2, 512, 1, TextPooling.AS_IMPLEMENTED, TextPositionCode.AS_IMPLEMENTED, 0.0,
            0.1);

    /**
     * The embedded demo model: ViT-style 16-pixel patches on 128×128 images, 4 layers 128 wide, the project's bundled
     * 802-piece SentencePiece vocabulary, 16 text tokens and 10 queries (GREC; REC reads the best query). Small enough
     * to train on two CPU cores from scratch on the synthetic shapes set.
     */
    public static final SimVGConfig DEMO = new SimVGConfig(128, 16, 3, 802, 128, 4, 4, 4.0, 64, 1e-5, 16,
            128, 4, 10, 1, 2, 512, 1, 256, 1, TextPooling.AS_IMPLEMENTED, TextPositionCode.AS_IMPLEMENTED, 0.0, 0.0);

    /** The presets by name, in size order. */
    public static final Map<String, SimVGConfig> PRESETS = presets();

    private static Map<String, SimVGConfig> presets() {
        Map<String, SimVGConfig> m = new LinkedHashMap<>();
        m.put("TINY", TINY);
        m.put("DEMO", DEMO);
        m.put("BASE_32", BASE_32);
        m.put("LARGE_32", LARGE_32);
        return java.util.Collections.unmodifiableMap(m);
    }

    /** The name of the preset {@code config} was made from (its task aside), or {@code custom}. */
    public static String presetName(SimVGConfig config) {
        for (Map.Entry<String, SimVGConfig> e : PRESETS.entrySet()) {
            if (e.getValue().withQueries(config.numQueries()).equals(config)) {
                return e.getKey();
            }
        }
        return "custom";
    }

    public SimVGConfig {
        requirePositive("img_size", imgSize);
        requirePositive("patch_size", patchSize);
        requirePositive("in_chans", inChans);
        requirePositive("vocab_size", vocabSize);
        requirePositive("embed_dim", embedDim);
        requirePositive("depth", depth);
        requirePositive("num_heads", numHeads);
        requirePositive("max_token", maxToken);
        requirePositive("head_dim", headDim);
        requirePositive("head_heads", headHeads);
        requirePositive("num_queries", numQueries);
        requirePositive("num_classes", numClasses);
        requirePositive("dec_layers", decLayers);
        requirePositive("dec_ffn", decFfn);
        requirePositive("tqg_layers", tqgLayers);
        requirePositive("tqg_ffn", tqgFfn);
        requirePositive("num_token_mlp_layers", numTokenMlpLayers);
        if (imgSize % patchSize != 0) {
            throw new IllegalArgumentException("img_size " + imgSize + " is not a multiple of patch_size " + patchSize);
        }
        if (embedDim % numHeads != 0) {
            throw new IllegalArgumentException("embed_dim " + embedDim + " is not divisible by num_heads " + numHeads);
        }
        if (headDim % headHeads != 0) {
            throw new IllegalArgumentException("head_dim " + headDim + " is not divisible by head_heads " + headHeads);
        }
        if (headDim % 2 != 0) {
            throw new IllegalArgumentException("head_dim " + headDim + " must be even (sine position codes)");
        }
        if (maxToken < 2) {
            throw new IllegalArgumentException("max_token " + maxToken + " leaves no room for <s> and </s>");
        }
        if (maxToken + 2 > maxSourcePositions) {
            throw new IllegalArgumentException("max_source_positions " + maxSourcePositions
                    + " is too small for max_token " + maxToken + " (positions start at row 2)");
        }
        if (!(mlpRatio > 0) || !(layerNormEps > 0)) {
            throw new IllegalArgumentException("mlp_ratio and layernorm_eps must be positive");
        }
        if (dropPathRate < 0 || dropPathRate >= 1 || headDropout < 0 || headDropout >= 1) {
            throw new IllegalArgumentException("drop_path_rate and head_dropout must lie in [0, 1)");
        }
        if (textPooling == null || textPositionCode == null) {
            throw new IllegalArgumentException("tqg_pool and text_pos_code must be set");
        }
    }

    private static void requirePositive(String field, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(field + " must be positive, got " + value);
        }
    }

    /** Patches per side: S/P. */
    public int gridSize() {
        return imgSize / patchSize;
    }

    /** Image patches: (S/P)². */
    public int numPatches() {
        return gridSize() * gridSize();
    }

    /** Vision tokens: the object (CLS) token plus the patches. */
    public int visionTokens() {
        return numPatches() + 1;
    }

    /** Rows of the vision position table: 2 unused Fairseq rows + CLS + patches. */
    public int visionPositions() {
        return numPatches() + 3;
    }

    /** Encoder FFN width. */
    public int ffnDim() {
        return (int) (embedDim * mlpRatio);
    }

    /** Total encoder sequence length. */
    public int sequenceLength() {
        return visionTokens() + maxToken;
    }

    public SimVGConfig withTask(Task task) {
        return withQueries(task.numQueries());
    }

    private SimVGConfig withQueries(int queries) {
        return queries == numQueries ? this : toBuilder().numQueries(queries).build();
    }

    public SimVGConfig withTextPooling(TextPooling pooling) {
        return toBuilder().textPooling(pooling).build();
    }

    /** A copy without any dropout or drop-path (deterministic training, gradient checks). */
    public SimVGConfig withoutDropout() {
        return toBuilder().dropPathRate(0).headDropout(0).build();
    }

    // ------------------------------------------------------------------------------------------------ JSON

    /**
     * Reads a configuration from a JSON file: either the object itself or a fixture file with the object under
     * {@code "config"}. Missing optional fields ({@code drop_path_rate}, {@code head_dropout}, {@code text_pos_code})
     * default to 0, 0 and {@code official}.
     */
    public static SimVGConfig fromJson(Path file) throws IOException {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new IOException(file + ": not valid JSON: " + e.getMessage(), e);
        }
        try {
            return fromJson(root.has("config") ? root.get("config") : root);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    public static SimVGConfig fromJson(JsonNode n) {
        return new SimVGConfig(
                intField(n, "img_size"), intField(n, "patch_size"), intField(n, "in_chans"),
                intField(n, "vocab_size"), intField(n, "embed_dim"), intField(n, "depth"), intField(n, "num_heads"),
                doubleField(n, "mlp_ratio"), intField(n, "max_source_positions"), doubleField(n, "layernorm_eps"),
                intField(n, "max_token"), intField(n, "head_dim"), intField(n, "head_heads"),
                intField(n, "num_queries"), intField(n, "num_classes"), intField(n, "dec_layers"),
                intField(n, "dec_ffn"), intField(n, "tqg_layers"), intField(n, "tqg_ffn"),
                intField(n, "num_token_mlp_layers"),
                TextPooling.fromJson(n.has("tqg_pool") ? n.get("tqg_pool").asText() : "official"),
                TextPositionCode.fromJson(n.has("text_pos_code") ? n.get("text_pos_code").asText() : "official"),
                n.has("drop_path_rate") ? doubleField(n, "drop_path_rate") : 0.0,
                n.has("head_dropout") ? doubleField(n, "head_dropout") : 0.0);
    }

    /** The configuration as a JSON-ready map with the fixture's field names. */
    public Map<String, Object> toJsonMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("img_size", imgSize);
        m.put("patch_size", patchSize);
        m.put("in_chans", inChans);
        m.put("vocab_size", vocabSize);
        m.put("embed_dim", embedDim);
        m.put("depth", depth);
        m.put("num_heads", numHeads);
        m.put("mlp_ratio", mlpRatio);
        m.put("max_source_positions", maxSourcePositions);
        m.put("layernorm_eps", layerNormEps);
        m.put("max_token", maxToken);
        m.put("head_dim", headDim);
        m.put("head_heads", headHeads);
        m.put("num_queries", numQueries);
        m.put("num_classes", numClasses);
        m.put("dec_layers", decLayers);
        m.put("dec_ffn", decFfn);
        m.put("tqg_layers", tqgLayers);
        m.put("tqg_ffn", tqgFfn);
        m.put("num_token_mlp_layers", numTokenMlpLayers);
        m.put("tqg_pool", textPooling.jsonName());
        m.put("text_pos_code", textPositionCode.jsonName());
        m.put("drop_path_rate", dropPathRate);
        m.put("head_dropout", headDropout);
        return m;
    }

    public String toJson() {
        try {
            return new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(toJsonMap());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int intField(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isNumber()) {
            throw new IllegalArgumentException("config field '" + field + "' is missing or not a number");
        }
        if (!v.canConvertToInt() || v.asDouble() != v.asInt()) {
            throw new IllegalArgumentException("config field '" + field + "' must be an integer, got " + v);
        }
        return v.asInt();
    }

    private static double doubleField(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isNumber()) {
            throw new IllegalArgumentException("config field '" + field + "' is missing or not a number");
        }
        return v.asDouble();
    }

    // ------------------------------------------------------------------------------------------------ builder

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Mutable copy-builder; start from a preset: {@code SimVGConfig.BASE_32.toBuilder().imgSize(512).build()}. */
    public static final class Builder {
        private int imgSize, patchSize, inChans, vocabSize, embedDim, depth, numHeads, maxSourcePositions, maxToken;
        private int headDim, headHeads, numQueries, numClasses, decLayers, decFfn, tqgLayers, tqgFfn;
        private int numTokenMlpLayers;
        private double mlpRatio, layerNormEps, dropPathRate, headDropout;
        private TextPooling textPooling;
        private TextPositionCode textPositionCode;

        private Builder(SimVGConfig c) {
            imgSize = c.imgSize; patchSize = c.patchSize; inChans = c.inChans; vocabSize = c.vocabSize;
            embedDim = c.embedDim; depth = c.depth; numHeads = c.numHeads; mlpRatio = c.mlpRatio;
            maxSourcePositions = c.maxSourcePositions; layerNormEps = c.layerNormEps; maxToken = c.maxToken;
            headDim = c.headDim; headHeads = c.headHeads; numQueries = c.numQueries; numClasses = c.numClasses;
            decLayers = c.decLayers; decFfn = c.decFfn; tqgLayers = c.tqgLayers; tqgFfn = c.tqgFfn;
            numTokenMlpLayers = c.numTokenMlpLayers; textPooling = c.textPooling;
            textPositionCode = c.textPositionCode; dropPathRate = c.dropPathRate; headDropout = c.headDropout;
        }

        public Builder imgSize(int v) { imgSize = v; return this; }
        public Builder patchSize(int v) { patchSize = v; return this; }
        public Builder inChans(int v) { inChans = v; return this; }
        public Builder vocabSize(int v) { vocabSize = v; return this; }
        public Builder embedDim(int v) { embedDim = v; return this; }
        public Builder depth(int v) { depth = v; return this; }
        public Builder numHeads(int v) { numHeads = v; return this; }
        public Builder mlpRatio(double v) { mlpRatio = v; return this; }
        public Builder maxSourcePositions(int v) { maxSourcePositions = v; return this; }
        public Builder layerNormEps(double v) { layerNormEps = v; return this; }
        public Builder maxToken(int v) { maxToken = v; return this; }
        public Builder headDim(int v) { headDim = v; return this; }
        public Builder headHeads(int v) { headHeads = v; return this; }
        public Builder numQueries(int v) { numQueries = v; return this; }
        public Builder numClasses(int v) { numClasses = v; return this; }
        public Builder decLayers(int v) { decLayers = v; return this; }
        public Builder decFfn(int v) { decFfn = v; return this; }
        public Builder tqgLayers(int v) { tqgLayers = v; return this; }
        public Builder tqgFfn(int v) { tqgFfn = v; return this; }
        public Builder numTokenMlpLayers(int v) { numTokenMlpLayers = v; return this; }
        public Builder textPooling(TextPooling v) { textPooling = v; return this; }
        public Builder textPositionCode(TextPositionCode v) { textPositionCode = v; return this; }
        public Builder dropPathRate(double v) { dropPathRate = v; return this; }
        public Builder headDropout(double v) { headDropout = v; return this; }

        public SimVGConfig build() {
            return new SimVGConfig(imgSize, patchSize, inChans, vocabSize, embedDim, depth, numHeads, mlpRatio,
                    maxSourcePositions, layerNormEps, maxToken, headDim, headHeads, numQueries, numClasses,
                    decLayers, decFfn, tqgLayers, tqgFfn, numTokenMlpLayers, textPooling, textPositionCode,
                    dropPathRate, headDropout);
        }
    }
}
