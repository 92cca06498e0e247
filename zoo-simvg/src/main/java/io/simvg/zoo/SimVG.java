package io.simvg.zoo;

import io.simvg.zoo.graph.SimVGGraph;
import io.simvg.zoo.modelfile.SimVGModelFile;
import io.simvg.zoo.predict.Branch;
import io.simvg.zoo.predict.SimVGPredictor;
import io.simvg.zoo.weights.LoadReport;
import io.simvg.zoo.weights.StateDict;
import io.simvg.zoo.weights.StateDictLoader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.Adler32;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * SimVG as a zoo model for SameDiff, mirroring DL4J's {@code ZooModel} contract (which is bound to
 * {@code org.deeplearning4j.nn.api.Model} and cannot return a {@code SameDiff}):
 *
 * <pre>{@code
 * SimVG zoo = SimVG.builder().config(SimVGConfig.BASE_32).task(Task.REC).build();
 * SameDiff sd = zoo.init();                                  // random weights, trainable
 * SameDiff sd = zoo.initPretrained(Path.of("simvg.npz"));    // weights from a converted state dict
 * }</pre>
 */
public final class SimVG {

    private final SimVGConfig config;
    private final GraphVariant variant;
    private final DataType dataType;
    private final long seed;

    private SimVG(Builder b) {
        this.config = b.task == null ? b.config : b.config.withTask(b.task);
        this.variant = b.variant;
        this.dataType = b.dataType;
        this.seed = b.seed;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The effective configuration (the task already applied). */
    public SimVGConfig config() {
        return config;
    }

    public GraphVariant variant() {
        return variant;
    }

    /** Builds the graph with freshly initialised parameters (seeded). */
    public SameDiff init() {
        return SimVGGraph.build(config, variant, dataType, seed);
    }

    /**
     * Builds the graph and loads pretrained weights from {@code weights}: a SimVG model file (written by
     * {@code simvg convert} or {@code simvg train}; its Adler32 checksums are verified and its configuration must be
     * this one's) or an {@code .npz} state dict with official parameter names. Strict: every parameter must be present
     * with its shape, and nothing may be left over (loss buffers and parameters of a branch this variant lacks are
     * ignored explicitly).
     */
    public SameDiff initPretrained(Path weights) throws IOException {
        if (SimVGModelFile.isModelFile(weights)) {
            SimVGModelFile.Loaded file = SimVGModelFile.read(weights);
            file.manifest().requireConfig(config, weights, "this SimVG is configured as");
            return adopt(file, weights);
        }
        SameDiff sd = init();
        StateDict dict = StateDict.readNpz(weights);
        StateDictLoader.load(sd, dict, variant, true, weights.toString());
        return sd;
    }

    /**
     * Opens a SimVG model file with the architecture, task and tokenizer recorded in it, as graph {@code variant}.
     * Checksums are verified; a damaged file is an {@link IOException} naming it.
     */
    public static PretrainedModel load(Path modelFile, GraphVariant variant) throws IOException {
        SimVGModelFile.Loaded file = SimVGModelFile.read(modelFile);
        SimVG zoo = builder().config(file.manifest().config()).variant(variant).build();
        return new PretrainedModel(zoo, zoo.adopt(file, modelFile), file.manifest());
    }

    /** {@link #load(Path, GraphVariant)} with the full graph (both branches). */
    public static PretrainedModel load(Path modelFile) throws IOException {
        return load(modelFile, GraphVariant.FULL);
    }

    /**
     * The stored graph itself when it is this variant (no second copy of the weights in memory); otherwise this
     * variant's graph with every parameter copied from it by name (strict).
     */
    private SameDiff adopt(SimVGModelFile.Loaded file, Path source) {
        if (file.manifest().variant() == variant) {
            return file.graph();
        }
        SameDiff sd = init();
        StateDictLoader.copy(file.graph(), sd, variant, source.toString(), true);
        return sd;
    }

    /**
     * As {@link #initPretrained(Path)}, after checking the file's Adler32 checksum as DL4J's zoo does; a mismatch is
     * an {@link IOException} naming the file and both checksums (the file is left alone).
     */
    public SameDiff initPretrained(Path weights, long expectedAdler32) throws IOException {
        long actual = adler32(weights);
        if (actual != expectedAdler32) {
            throw new IOException(weights + ": Adler32 checksum " + actual + " does not match the expected "
                    + expectedAdler32 + " (corrupt or different file)");
        }
        return initPretrained(weights);
    }

    /** Like {@link #initPretrained(Path)}, returning the load report instead of failing on mismatches. */
    public LoadReport loadLenient(SameDiff sd, Path weights) throws IOException {
        return StateDictLoader.load(sd, StateDict.readNpz(weights), variant, false, weights.toString());
    }

    /** A predictor on the token branch (decoder branch for a decoder-only graph). */
    public SimVGPredictor predictor(SameDiff sd) {
        return new SimVGPredictor(sd, config);
    }

    public SimVGPredictor predictor(SameDiff sd, Branch branch, double threshold) {
        return new SimVGPredictor(sd, config, branch, Task.forQueries(config.numQueries()), threshold);
    }

    public String modelName() {
        return "simvg";
    }

    /** Where the published source weights of {@code type} are downloaded from (by the user, never by this code). */
    public String pretrainedUrl(PretrainedType type) {
        return type.url();
    }

    /**
     * The Adler32 of the published file, or 0 when none is recorded (then {@link #initPretrained(Path, long)} cannot
     * be used with it; the strict name/shape check of {@link #initPretrained(Path)} still applies).
     */
    public long pretrainedChecksum(PretrainedType type) {
        return 0L;
    }

    public boolean pretrainedAvailable(PretrainedType type) {
        return pretrainedUrl(type) != null;
    }

    public SimVGMetaData metaData() {
        long s = config.imgSize();
        List<String> outputs = new ArrayList<>(List.of(SimVGGraph.ENCODER_OUT, SimVGGraph.QUERY_EMBED));
        if (variant.hasTokenBranch()) {
            outputs.addAll(List.of(SimVGGraph.TOK_LOGITS, SimVGGraph.TOK_BOXES));
        }
        if (variant.hasDecoderBranch()) {
            outputs.addAll(List.of(SimVGGraph.DECODER_HS, SimVGGraph.DEC_LOGITS, SimVGGraph.DEC_BOXES));
        }
        return new SimVGMetaData(List.of(SimVGGraph.IMAGE, SimVGGraph.TOKEN_IDS, SimVGGraph.PADDING_MASK),
                new long[][] {{config.inChans(), s, s}, {config.maxToken()}, {config.maxToken()}}, outputs);
    }

    /** Adler32 of a file's bytes (DL4J's zoo checksum). */
    public static long adler32(Path file) throws IOException {
        Adler32 a = new Adler32();
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                a.update(buf, 0, n);
            }
        }
        return a.getValue();
    }

    /** Hyper-parameters with defaults: BASE_32 (REC, one query), full graph, float32, seed 1234. */
    public static final class Builder {
        private SimVGConfig config = SimVGConfig.BASE_32;
        private Task task;
        private GraphVariant variant = GraphVariant.FULL;
        private DataType dataType = DataType.FLOAT;
        private long seed = 1234;

        /** The architecture; its query count stands unless {@link #task(Task)} is set. */
        public Builder config(SimVGConfig config) {
            this.config = config;
            return this;
        }

        /** REC (1 query) or GREC (10 queries); overrides the configuration's query count. */
        public Builder task(Task task) {
            this.task = task;
            return this;
        }

        public Builder variant(GraphVariant variant) {
            this.variant = variant;
            return this;
        }

        public Builder dataType(DataType dataType) {
            this.dataType = dataType;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public SimVG build() {
            return new SimVG(this);
        }
    }
}
