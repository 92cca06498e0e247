package io.simvg.data.text;

import ai.djl.sentencepiece.SpProcessor;
import ai.djl.sentencepiece.SpTokenizer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * SimVG's BEiT-3 text tokenizer ({@code use_token_type="beit3"}): HF {@code XLMRobertaTokenizer} (the slow,
 * SentencePiece one) over {@link ExpressionCleaner#clean(String) clean_string}, then {@code <s> … </s>}, truncation
 * to {@code maxTokens − 2} tokens and padding with id 1, as {@code _load_expression_tokenize_beit3} does (spec §1.3).
 *
 * <p>Ids follow fairseq/XLM-R: {@code <s>}=0, {@code <pad>}=1, {@code </s>}=2, {@code <unk>}=3, a piece with
 * SentencePiece id {@code p > 0} gets {@code p + 1}, an unknown piece (SentencePiece id 0) gets 3, and
 * {@code <mask>} is {@code pieces + 1}. Like the HF tokenizer, the literal strings {@code <s> <pad> </s> <unk> <mask>}
 * in the cleaned text are taken as those tokens rather than spelled out by SentencePiece.
 *
 * <p>Use {@link #load(Path)} with BEiT-3's {@code beit3.spm} for SimVG checkpoints, or {@link #bundled()} for the
 * project's small English model ({@code simvg-small.spm}, 800 pieces, trained by
 * {@code datavec-refcoco/scripts/tokenizer/train_tokenizer.py}) for models trained from scratch here.
 *
 * <p>{@link #encode(String)} may be called from several threads at once: SentencePiece's encoder is const and
 * documented as safe to call concurrently (google/sentencepiece issues 207 and 657), and DJL's JNI layer keeps no
 * per-call state in the processor. A read-write lock only keeps {@link #close()} from freeing the native processor
 * under a running encode.
 *
 * <p>Nothing is downloaded: DJL copies its bundled native library into its cache directory ({@code ~/.djl.ai}, or
 * {@code DJL_CACHE_DIR}) on first use.
 */
public final class Beit3Tokenizer implements AutoCloseable {

    public static final int DEFAULT_MAX_TOKENS = 20;
    public static final int BOS_ID = 0;
    public static final int PAD_ID = 1;
    public static final int EOS_ID = 2;
    public static final int UNK_ID = 3;
    /** Classpath location of the project's small model. */
    public static final String BUNDLED_MODEL = "/io/simvg/data/text/simvg-small.spm";

    private static final List<String> SPECIAL_TOKENS = List.of("<s>", "<pad>", "</s>", "<unk>", "<mask>");

    static {
        // DJL pings a usage endpoint (EC2 metadata) when it creates a processor; a data loader must not touch the
        // network, so opt out unless the user has decided otherwise.
        if (System.getenv("OPT_OUT_TRACKING") == null && System.getProperty("OPT_OUT_TRACKING") == null) {
            System.setProperty("OPT_OUT_TRACKING", "true");
        }
    }

    private final String source;
    private final SpTokenizer tokenizer;
    private final SpProcessor processor;
    private final int pieceCount;
    private final int maxTokens;
    private final Map<String, Integer> specialIds;
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private boolean closed;

    private Beit3Tokenizer(byte[] model, String source, int maxTokens) throws IOException {
        if (maxTokens < 3) {
            throw new IllegalArgumentException("maxTokens must be at least 3 (<s>, one token, </s>), got " + maxTokens);
        }
        try {
            this.pieceCount = SentencePieceModelFile.pieceCount(model);
        } catch (IllegalArgumentException e) {
            throw new IOException("not a SentencePiece model: " + source + " (" + e.getMessage() + ")", e);
        }
        if (pieceCount < 3) {
            throw new IOException("SentencePiece model " + source + " has " + pieceCount
                    + " pieces; the XLM-R layout needs <unk>, <s>, </s> first");
        }
        try {
            this.tokenizer = new SpTokenizer(model);
        } catch (RuntimeException e) {   // DJL reports native load failures as EngineException
            throw new IOException("SentencePiece could not load " + source + ": " + e.getMessage(), e);
        }
        this.processor = tokenizer.getProcessor();
        this.source = source;
        this.maxTokens = maxTokens;
        this.specialIds = Map.of("<s>", BOS_ID, "<pad>", PAD_ID, "</s>", EOS_ID, "<unk>", UNK_ID,
                "<mask>", pieceCount + 1);
    }

    /** Loads a SentencePiece model file (e.g. BEiT-3's {@code beit3.spm}) with {@value #DEFAULT_MAX_TOKENS} tokens. */
    public static Beit3Tokenizer load(Path model) throws IOException {
        return load(model, DEFAULT_MAX_TOKENS);
    }

    /**
     * @throws IOException naming the file when it is missing, unreadable or not a SentencePiece model
     */
    public static Beit3Tokenizer load(Path model, int maxTokens) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(model);
        } catch (NoSuchFileException e) {
            throw new IOException("SentencePiece model not found: " + model.toAbsolutePath(), e);
        } catch (IOException e) {
            throw new IOException("cannot read SentencePiece model " + model.toAbsolutePath() + ": " + e, e);
        }
        return new Beit3Tokenizer(bytes, model.toAbsolutePath().toString(), maxTokens);
    }

    /** The project's small English model (see the class comment) with {@value #DEFAULT_MAX_TOKENS} tokens. */
    public static Beit3Tokenizer bundled() {
        return bundled(DEFAULT_MAX_TOKENS);
    }

    public static Beit3Tokenizer bundled(int maxTokens) {
        try (InputStream in = Beit3Tokenizer.class.getResourceAsStream(BUNDLED_MODEL)) {
            if (in == null) {
                throw new IllegalStateException("bundled tokenizer model missing from the classpath: " + BUNDLED_MODEL);
            }
            return new Beit3Tokenizer(in.readAllBytes(), "classpath:" + BUNDLED_MODEL, maxTokens);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the bundled tokenizer model " + BUNDLED_MODEL, e);
        }
    }

    /**
     * Tokenizes one referring expression.
     *
     * @throws IllegalArgumentException quoting the expression when nothing is left to tokenize after cleaning
     *                                  (SimVG raises there too); callers add the file and record
     */
    public TokenizedExpression encode(String expression) {
        String cleaned = ExpressionCleaner.clean(expression);
        List<String> pieces = new ArrayList<>();
        List<Integer> tokenIds = new ArrayList<>();
        lock.readLock().lock();
        try {
            if (closed) {
                throw new IllegalStateException("tokenizer closed: " + source);
            }
            tokenize(cleaned, pieces, tokenIds);
        } finally {
            lock.readLock().unlock();
        }
        if (tokenIds.isEmpty()) {
            throw new IllegalArgumentException("referring expression has no tokens after cleaning: \""
                    + expression + "\"");
        }
        int kept = Math.min(tokenIds.size(), maxTokens - 2);
        int[] ids = new int[maxTokens];
        Arrays.fill(ids, PAD_ID);
        ids[0] = BOS_ID;
        for (int i = 0; i < kept; i++) {
            ids[i + 1] = tokenIds.get(i);
        }
        ids[kept + 1] = EOS_ID;
        return new TokenizedExpression(cleaned, pieces, ids, kept + 2);
    }

    /** Splits on the special-token strings (as the HF tokenizer does), SentencePiece for the text in between. */
    private void tokenize(String text, List<String> pieces, List<Integer> ids) {
        int chunkStart = 0;
        int i = text.indexOf('<');
        while (i >= 0) {
            String special = specialAt(text, i);
            if (special != null) {
                encodeChunk(text.substring(chunkStart, i), pieces, ids);
                pieces.add(special);
                ids.add(specialIds.get(special));
                chunkStart = i + special.length();
            }
            i = text.indexOf('<', special != null ? chunkStart : i + 1);
        }
        encodeChunk(text.substring(chunkStart), pieces, ids);
    }

    private static String specialAt(String text, int i) {
        for (String token : SPECIAL_TOKENS) {
            if (text.startsWith(token, i)) {
                return token;
            }
        }
        return null;
    }

    private void encodeChunk(String chunk, List<String> pieces, List<Integer> ids) {
        if (chunk.isEmpty()) {
            return;
        }
        for (String piece : processor.tokenize(chunk)) {
            int spmId = processor.getId(piece);
            pieces.add(piece);
            ids.add(spmId > 0 ? spmId + 1 : UNK_ID);
        }
    }

    public int maxTokens() {
        return maxTokens;
    }

    /** Number of pieces in the SentencePiece model. */
    public int pieceCount() {
        return pieceCount;
    }

    /**
     * Number of distinct ids this tokenizer can produce, {@code pieceCount() + 2} (ids 0 … pieces + 1, the last being
     * {@code <mask>}); equals {@code len(XLMRobertaTokenizer(model))}. A model's text-embedding table needs at least
     * this many rows. BEiT-3's table has 64010 rows, enough for {@code beit3.spm} (64000 pieces as commonly reported;
     * the spec lists the exact count as unverified, so check this value when loading it); the bundled model gives 802.
     */
    public int vocabularySize() {
        return pieceCount + 2;
    }

    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            if (!closed) {
                closed = true;
                tokenizer.close();
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public String toString() {
        return "Beit3Tokenizer[" + source + ", " + pieceCount + " pieces, maxTokens " + maxTokens + "]";
    }
}
