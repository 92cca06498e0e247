package io.simvg.data.pipeline;

import io.simvg.data.GroundingDataException;
import io.simvg.data.GroundingSample;
import io.simvg.data.InvalidRecords;
import io.simvg.data.image.SimVGPreprocessor;
import io.simvg.data.text.Beit3Tokenizer;
import io.simvg.data.text.TokenizedExpression;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.nd4j.linalg.dataset.api.MultiDataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator;

/**
 * SimVG's inputs and targets, batch by batch, from any reader's samples. Features: {@code img [B,3,S,S]} (float32,
 * normalised RGB), {@code ref_expr_inds [B,L]} (int64 token ids) and {@code text_attention_mask [B,L]} (float32,
 * 1 = padding). Labels: {@code gt_boxes [B,G,4]} (cxcywh normalised by S, zero-padded) and {@code gt_box_mask [B,G]}
 * (1 = a real box; all 0 for no target). Each batch carries a {@link SampleMetadata} per row as example metadata.
 *
 * <p>Samples are decoded, resized and tokenized by {@code workers} threads, one batch ahead. Jitter is reproducible:
 * each sample's random numbers depend only on the seed, the epoch and its index, not on thread timing. Bad samples
 * (unreadable image, box outside the decoded image, empty expression) fail the batch or, with
 * {@link InvalidRecords#skipAndLog()}, are left out with a warning and counted.
 */
public final class SimVGBatchIterator implements MultiDataSetIterator, AutoCloseable {

    public static final int IMAGE = 0;
    public static final int TOKENS = 1;
    public static final int TEXT_MASK = 2;
    public static final int BOXES = 0;
    public static final int BOX_MASK = 1;

    private final List<GroundingSample> samples;
    private final Beit3Tokenizer tokenizer;
    private final SimVGPreprocessor preprocessor;
    private final int batchSize;
    private final int maxBoxes;
    private final boolean shuffle;
    private final long seed;
    private final InvalidRecords invalid;
    private final ExecutorService workers;
    private final int prefetch;
    private final Deque<List<Future<Row>>> inFlight = new ArrayDeque<>();

    private MultiDataSetPreProcessor preProcessor;
    private int[] order;
    private int epoch;
    private int skip;
    private int submitted;
    private org.nd4j.linalg.dataset.api.MultiDataSet ready;
    private boolean summarised;

    private SimVGBatchIterator(Builder b) {
        this.samples = List.copyOf(b.samples);
        this.tokenizer = b.tokenizer;
        this.preprocessor = b.preprocessor;
        this.batchSize = b.batchSize;
        this.maxBoxes = b.maxBoxes;
        this.shuffle = b.shuffle;
        this.seed = b.seed;
        this.invalid = b.invalid;
        this.prefetch = b.prefetchBatches;
        this.epoch = b.firstEpoch;
        this.skip = b.skipBatches;
        this.workers = Executors.newFixedThreadPool(b.workers, r -> {
            Thread t = new Thread(r, "simvg-data");
            t.setDaemon(true);
            return t;
        });
        startEpoch();
    }

    public static Builder builder(List<GroundingSample> samples, Beit3Tokenizer tokenizer) {
        return new Builder(samples, tokenizer);
    }

    /** One prepared row, or the problem that kept it out. */
    private record Row(BatchAssembler.Row prepared, GroundingDataException problem) {
    }

    @Override
    public boolean hasNext() {
        while (ready == null && !inFlight.isEmpty()) {
            ready = assemble(inFlight.poll());
            fill();
        }
        if (ready == null && !summarised) {
            invalid.logSummary("epoch " + epoch);
            summarised = true;
        }
        return ready != null;
    }

    @Override
    public org.nd4j.linalg.dataset.api.MultiDataSet next() {
        if (!hasNext()) {
            throw new NoSuchElementException("epoch " + epoch + " is exhausted; call reset()");
        }
        org.nd4j.linalg.dataset.api.MultiDataSet out = ready;
        ready = null;
        if (preProcessor != null) {
            preProcessor.preProcess(out);
        }
        return out;
    }

    @Override
    public org.nd4j.linalg.dataset.api.MultiDataSet next(int num) {
        throw new UnsupportedOperationException("batch size is fixed at " + batchSize);
    }

    @Override
    public void reset() {
        for (List<Future<Row>> batch : inFlight) {
            batch.forEach(f -> f.cancel(true));
        }
        inFlight.clear();
        ready = null;
        epoch++;
        startEpoch();
    }

    /** The number of batches per epoch before any invalid sample is skipped. */
    public int batchesPerEpoch() {
        return batchesPerEpoch(samples.size(), batchSize);
    }

    /** Batches per epoch of {@code samples} samples: the last, smaller batch is kept. */
    public static int batchesPerEpoch(int samples, int batchSize) {
        return (samples + batchSize - 1) / batchSize;
    }

    public int epoch() {
        return epoch;
    }

    public InvalidRecords invalidRecords() {
        return invalid;
    }

    @Override
    public boolean resetSupported() {
        return true;
    }

    @Override
    public boolean asyncSupported() {
        return false;   // already prepares ahead on its own threads
    }

    @Override
    public void setPreProcessor(MultiDataSetPreProcessor preProcessor) {
        this.preProcessor = preProcessor;
    }

    @Override
    public MultiDataSetPreProcessor getPreProcessor() {
        return preProcessor;
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }

    private void startEpoch() {
        List<Integer> idx = new ArrayList<>(IntStream.range(0, samples.size()).boxed().toList());
        if (shuffle) {
            Collections.shuffle(idx, new Random(seed * 31 + epoch));
        }
        order = idx.stream().mapToInt(Integer::intValue).toArray();
        submitted = (int) Math.min(order.length, (long) skip * batchSize);
        skip = 0;
        summarised = false;
        fill();
    }

    private void fill() {
        while (inFlight.size() < prefetch && submitted < order.length) {
            int end = Math.min(submitted + batchSize, order.length);
            List<Future<Row>> batch = new ArrayList<>(end - submitted);
            for (int i = submitted; i < end; i++) {
                int sampleIndex = order[i];
                Random random = new Random(mix(seed, epoch, sampleIndex));
                batch.add(workers.submit(() -> prepare(samples.get(sampleIndex), random)));
            }
            submitted = end;
            inFlight.add(batch);
        }
    }

    private Row prepare(GroundingSample s, Random random) {
        try {
            if (s.boxes().size() > maxBoxes) {
                throw new GroundingDataException(s.source(), s.boxes().size() + " target boxes, more than maxBoxes = "
                        + maxBoxes);
            }
            TokenizedExpression tokens;
            try {
                tokens = tokenizer.encode(s.expression());
            } catch (IllegalArgumentException e) {
                throw new GroundingDataException(s.source(), e.getMessage(), e);
            }
            return new Row(new BatchAssembler.Row(s, preprocessor.prepare(s, random), tokens), null);
        } catch (GroundingDataException e) {
            return new Row(null, e);
        }
    }

    /** Builds the batch from its finished rows; {@code null} when every row was skipped. */
    private org.nd4j.linalg.dataset.api.MultiDataSet assemble(List<Future<Row>> futures) {
        List<BatchAssembler.Row> rows = new ArrayList<>(futures.size());
        for (Future<Row> f : futures) {
            Row row = await(f);
            if (row.problem() != null) {
                invalid.handle(row.problem());
            } else {
                rows.add(row.prepared());
            }
        }
        return rows.isEmpty() ? null
                : BatchAssembler.assemble(rows, preprocessor.size(), tokenizer.maxTokens(), maxBoxes);
    }

    private static Row await(Future<Row> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while preparing a batch", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("preparing a sample failed: " + e.getCause(), e.getCause());
        }
    }

    private static long mix(long seed, int epoch, int index) {
        long h = seed * 0x9E3779B97F4A7C15L + epoch;
        h = h * 0xBF58476D1CE4E5B9L + index;
        return h ^ (h >>> 31);
    }

    /** Settings with SimVG's defaults: batch 32 (SimVG's eval batch), 1 box (REC), no shuffle, 2 workers, fail fast. */
    public static final class Builder {
        private final List<GroundingSample> samples;
        private final Beit3Tokenizer tokenizer;
        private SimVGPreprocessor preprocessor = new SimVGPreprocessor(640);
        private int batchSize = 32;
        private int maxBoxes = 1;
        private boolean shuffle;
        private long seed;
        private int workers = 2;
        private int prefetchBatches = 2;
        private InvalidRecords invalid = InvalidRecords.failFast();
        private int firstEpoch;
        private int skipBatches;

        private Builder(List<GroundingSample> samples, Beit3Tokenizer tokenizer) {
            this.samples = samples;
            this.tokenizer = tokenizer;
        }

        public Builder preprocessor(SimVGPreprocessor p) {
            this.preprocessor = p;
            return this;
        }

        public Builder batchSize(int n) {
            this.batchSize = positive(n, "batchSize");
            return this;
        }

        /** G: boxes per row (1 for REC; at least the largest target set for GREC). */
        public Builder maxBoxes(int n) {
            this.maxBoxes = positive(n, "maxBoxes");
            return this;
        }

        public Builder shuffle(boolean shuffle) {
            this.shuffle = shuffle;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder workers(int n) {
            this.workers = positive(n, "workers");
            return this;
        }

        public Builder prefetchBatches(int n) {
            this.prefetchBatches = positive(n, "prefetchBatches");
            return this;
        }

        public Builder invalidRecords(InvalidRecords policy) {
            this.invalid = policy;
            return this;
        }

        /**
         * Starts at epoch {@code epoch} (0-based) instead of 0: the same order and jitter as an iterator reset that
         * many times, without preparing the earlier epochs (a resumed training run).
         */
        public Builder firstEpoch(int epoch) {
            if (epoch < 0) {
                throw new IllegalArgumentException("firstEpoch must be >= 0: " + epoch);
            }
            this.firstEpoch = epoch;
            return this;
        }

        /**
         * Leaves out the first {@code batches} batches of the first epoch without preparing them (a training run
         * resumed in the middle of an epoch continues with the batch that would have come next). Later epochs are
         * complete.
         */
        public Builder skipBatches(int batches) {
            if (batches < 0) {
                throw new IllegalArgumentException("skipBatches must be >= 0: " + batches);
            }
            this.skipBatches = batches;
            return this;
        }

        public SimVGBatchIterator build() {
            return new SimVGBatchIterator(this);
        }

        private static int positive(int n, String what) {
            if (n <= 0) {
                throw new IllegalArgumentException(what + " must be positive: " + n);
            }
            return n;
        }
    }
}
