package io.simvg.zoo.train;

import io.simvg.zoo.SimVGConfig;
import io.simvg.zoo.modelfile.ModelManifest;
import io.simvg.zoo.modelfile.SimVGModelFile;
import io.simvg.zoo.weights.Npy;
import io.simvg.zoo.weights.StateDictLoader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;

/**
 * A training checkpoint is a SimVG model file ({@link SimVGModelFile}: the trained weights, the manifest, Adler32 of
 * every entry) with the trainer's state as extra entries, so {@code SimVG.load(checkpoint)} and
 * {@code SimVG.initPretrained(checkpoint)} open it like any model file, and {@link #resume(Path)} continues the run
 * exactly where it stopped:
 * <ul>
 *   <li>{@value #STATE_ENTRY}: the recipe, the progress (epoch, batch within it, global step, data seed, best
 *   metric) and the EMA update count;</li>
 *   <li>{@value #OPTIMIZER_ENTRY}: an {@code .npz} with {@code exp_avg/<param>}, {@code exp_avg_sq/<param>},
 *   {@code max_exp_avg_sq/<param>} and {@code step/<param>} (int64) for every parameter the optimizer has state for
 *   (PyTorch's names);</li>
 *   <li>{@value #EMA_ENTRY} (EMA on): an {@code .npz} of the averaged weights by parameter name.</li>
 * </ul>
 * Written atomically (temporary file + rename). Per-step random numbers are derived from (seed, step), so no
 * generator state needs saving.
 */
public final class TrainingCheckpoint {

    public static final String STATE_ENTRY = "trainer/state.json";
    public static final String OPTIMIZER_ENTRY = "trainer/optimizer.npz";
    public static final String EMA_ENTRY = "trainer/ema.npz";
    /** Format identifier of the trainer state. */
    public static final String FORMAT = "simvg-trainer/1";
    /** The checkpoint every epoch also refreshes, and the default of {@code --resume}. */
    public static final String LATEST = "latest.zip";

    private TrainingCheckpoint() {
    }

    /** The file name of the checkpoint written after {@code epochs} finished epochs. */
    public static String epochFileName(int epochs) {
        return String.format(Locale.ROOT, "epoch-%d.zip", epochs);
    }

    /**
     * Writes {@code trainer}'s weights and state to {@code file}.
     *
     * @param tokenizer the tokenizer the token ids came from (recorded in the manifest)
     * @param source    where the initial weights came from, or "" for a fresh initialisation
     */
    public static ModelManifest write(Path file, SimVGTrainer trainer, String tokenizer, String source)
            throws IOException {
        Map<String, SimVGModelFile.EntryWriter> extras = new LinkedHashMap<>();
        extras.put(STATE_ENTRY, out -> out.write(stateJson(trainer).getBytes(StandardCharsets.UTF_8)));
        extras.put(OPTIMIZER_ENTRY, out -> writeNpz(out, optimizerTensors(trainer.optimizer())));
        if (trainer.ema() != null) {
            extras.put(EMA_ENTRY, out -> writeNpz(out, trainer.ema().shadow()));
        }
        return SimVGModelFile.write(file, trainer.modelGraph(),
                trainer.manifest(tokenizer, source, "simvg train"), extras);
    }

    /**
     * Writes the end-of-epoch checkpoint {@code dir/epoch-<n>.zip} ({@code n} = finished epochs) and refreshes
     * {@code dir/latest.zip} with a copy; returns the epoch file.
     */
    public static Path writeEpoch(Path dir, SimVGTrainer trainer, String tokenizer, String source)
            throws IOException {
        Path file = dir.resolve(epochFileName(trainer.progress().epoch()));
        write(file, trainer, tokenizer, source);
        copyAtomically(file, dir.resolve(LATEST));
        return file;
    }

    /** Copies {@code from} to {@code to} through a temporary file in the target directory and a rename. */
    public static void copyAtomically(Path from, Path to) throws IOException {
        Path dir = to.toAbsolutePath().getParent();
        Path temp = Files.createTempFile(dir, ".simvg-copy-", ".part");
        try {
            Files.copy(from, temp, StandardCopyOption.REPLACE_EXISTING);
            Files.move(temp, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Whether {@code file} is a model file with trainer state (not just weights). */
    public static boolean isCheckpoint(Path file) {
        if (!SimVGModelFile.isModelFile(file)) {
            return false;
        }
        try {
            return SimVGModelFile.readManifest(file).checksums().containsKey(STATE_ENTRY);
        } catch (IOException e) {
            return false;
        }
    }

    /** What a checkpoint says about its run, read without loading the weights. */
    public record Info(ModelManifest manifest, TrainingRecipe recipe, TrainingProgress progress, long emaUpdates) {
    }

    /** Reads the manifest and the trainer state; a file without trainer state is an {@link IOException}. */
    public static Info readInfo(Path file) throws IOException {
        ModelManifest manifest = SimVGModelFile.readManifest(file);
        if (!manifest.checksums().containsKey(STATE_ENTRY)) {
            throw new IOException(file + ": a model file without trainer state (written by " + (manifest.createdBy()
                    .isEmpty() ? "an unknown tool" : manifest.createdBy()) + "), not a training checkpoint; use it "
                    + "as initial weights instead");
        }
        JsonNode n = SimVGModelFile.readExtra(file, STATE_ENTRY, in -> new ObjectMapper().readTree(in.readAllBytes()));
        try {
            if (!FORMAT.equals(n.path("format").asText())) {
                throw new IllegalArgumentException("format is '" + n.path("format").asText() + "', expected " + FORMAT);
            }
            if (n.get("recipe") == null || n.get("progress") == null) {
                throw new IllegalArgumentException("no 'recipe' or 'progress'");
            }
            TrainingRecipe recipe = TrainingRecipe.fromJson(n.get("recipe"));
            if (SimVGTrainer.variantFor(recipe) != manifest.variant()) {
                throw new IllegalArgumentException("stage " + recipe.stage() + " does not train a "
                        + manifest.variant() + " graph");
            }
            return new Info(manifest, recipe, TrainingProgress.fromJson(n.get("progress")),
                    n.path("ema_updates").asLong(0));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + STATE_ENTRY + ": " + e.getMessage(), e);
        }
    }

    /**
     * A trainer continuing the run of checkpoint {@code file}: same configuration, recipe, weights, optimizer
     * moments and step counts, EMA, and progress (the next step is the one that would have followed).
     */
    public static SimVGTrainer resume(Path file) throws IOException {
        return resume(file, null);
    }

    /**
     * As {@link #resume(Path)}, with {@code recipe} replacing the stored one (e.g. more epochs); it must train the
     * same graph variant and keep AMSGrad and EMA as they were.
     */
    public static SimVGTrainer resume(Path file, TrainingRecipe recipe) throws IOException {
        Info info = readInfo(file);
        TrainingRecipe use = recipe == null ? info.recipe() : recipe;
        if (use.amsgrad() != info.recipe().amsgrad() || use.ema() != info.recipe().ema()
                || SimVGTrainer.variantFor(use) != info.manifest().variant()) {
            throw new IllegalArgumentException(file + ": cannot resume with a recipe that changes AMSGrad, EMA or "
                    + "the trained branches (checkpoint: stage " + info.recipe().stage() + ", AMSGrad "
                    + info.recipe().amsgrad() + ", EMA " + info.recipe().ema() + ")");
        }
        SimVGTrainer trainer = SimVGTrainer.create(info.manifest().config(), use);
        SimVGModelFile.Loaded loaded = SimVGModelFile.read(file);
        copyParameters(loaded.graph(), trainer, file);
        Map<String, INDArray> opt = SimVGModelFile.readExtra(file, OPTIMIZER_ENTRY, TrainingCheckpoint::readNpz);
        try {
            restoreOptimizer(trainer.optimizer(), opt);
            if (trainer.ema() != null) {
                trainer.ema().restore(SimVGModelFile.readExtra(file, EMA_ENTRY, TrainingCheckpoint::readNpz),
                        info.emaUpdates());
            }
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
        trainer.setProgress(info.progress());
        return trainer;
    }

    private static void copyParameters(SameDiff from, SimVGTrainer to, Path file) {
        StateDictLoader.copy(from, to.graph(), to.variant(), file.toString(), true);
    }

    // ------------------------------------------------------------------------------------------------ state

    private static String stateJson(SimVGTrainer trainer) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", FORMAT);
        m.put("preset", SimVGConfig.presetName(trainer.config()));
        m.put("recipe", trainer.recipe().toJsonMap());
        m.put("progress", trainer.progress().toJsonMap());
        m.put("ema_updates", trainer.ema() == null ? 0 : trainer.ema().step());
        m.put("learning_rates", trainer.optimizer().learningRates());
        return new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(m);
    }

    static Map<String, INDArray> optimizerTensors(AmsGradAdam optimizer) {
        Map<String, INDArray> out = new LinkedHashMap<>();
        optimizer.state().forEach((name, s) -> {
            out.put("exp_avg/" + name, s.expAvg());
            out.put("exp_avg_sq/" + name, s.expAvgSq());
            if (s.maxExpAvgSq() != null) {
                out.put("max_exp_avg_sq/" + name, s.maxExpAvgSq());
            }
            out.put("step/" + name, Nd4j.scalar(s.step()));
        });
        return out;
    }

    static void restoreOptimizer(AmsGradAdam optimizer, Map<String, INDArray> tensors) {
        for (Map.Entry<String, INDArray> e : tensors.entrySet()) {
            String key = e.getKey();
            if (!key.startsWith("step/")) {
                if (!(key.startsWith("exp_avg/") || key.startsWith("exp_avg_sq/")
                        || key.startsWith("max_exp_avg_sq/"))) {
                    throw new IllegalArgumentException(OPTIMIZER_ENTRY + ": unexpected tensor '" + key + "'");
                }
                continue;
            }
            String name = key.substring("step/".length());
            INDArray m = tensors.get("exp_avg/" + name);
            INDArray v = tensors.get("exp_avg_sq/" + name);
            if (m == null || v == null) {
                throw new IllegalArgumentException(OPTIMIZER_ENTRY + ": moments of '" + name + "' are missing");
            }
            optimizer.restoreState(name, m, v, tensors.get("max_exp_avg_sq/" + name), e.getValue().getLong(0));
        }
    }

    // ------------------------------------------------------------------------------------------------ npz

    /** Writes {@code tensors} as an {@code .npz} (a stored zip of {@code .npy}) to {@code out}, leaving it open. */
    static void writeNpz(OutputStream out, Map<String, INDArray> tensors) throws IOException {
        ZipOutputStream zip = new ZipOutputStream(new NonClosing(out));
        zip.setLevel(java.util.zip.Deflater.NO_COMPRESSION);
        for (Map.Entry<String, INDArray> e : tensors.entrySet()) {
            zip.putNextEntry(new ZipEntry(e.getKey() + ".npy"));
            writeNpy(zip, e.getValue());
            zip.closeEntry();
        }
        zip.finish();
    }

    /**
     * A float32 array straight from its native memory in 4 MB pieces (the optimizer state of BASE_32 is 2.8 GB: no
     * full-size copy on or off the heap); anything else through {@link Npy#write}.
     */
    private static void writeNpy(OutputStream out, INDArray a) throws IOException {
        if (a.dataType() != org.nd4j.linalg.api.buffer.DataType.FLOAT || !ElementwiseKernel.direct(a)) {
            out.write(Npy.write(a));
            return;
        }
        out.write(npyHeader(a.shape()));
        java.nio.FloatBuffer src = ElementwiseKernel.floats(a);
        int chunk = 1 << 20;
        java.nio.ByteBuffer bb = java.nio.ByteBuffer.allocate(chunk * 4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        long n = a.length();
        for (int from = 0; from < n; from += chunk) {
            int to = (int) Math.min(n, (long) from + chunk);
            bb.clear();
            for (int i = from; i < to; i++) {
                bb.putFloat(src.get(i));
            }
            out.write(bb.array(), 0, bb.position());
        }
    }

    /** The {@code .npy} 1.0 header of a C-ordered little-endian float32 array (as {@link Npy#write} writes it). */
    static byte[] npyHeader(long[] shape) {
        StringBuilder dims = new StringBuilder();
        for (int i = 0; i < shape.length; i++) {
            dims.append(shape[i]).append(shape.length == 1 ? "," : i < shape.length - 1 ? ", " : "");
        }
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + dims + "), }";
        int total = 10 + dict.length() + 1;
        dict = dict + " ".repeat((64 - total % 64) % 64) + "\n";
        java.nio.ByteBuffer bb = java.nio.ByteBuffer.allocate(10 + dict.length()).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        bb.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) dict.length());
        bb.put(dict.getBytes(StandardCharsets.ISO_8859_1));
        return bb.array();
    }

    /** Reads an {@code .npz} from a stream (to its end, so that the caller's checksum sees every byte). */
    static Map<String, INDArray> readNpz(InputStream in) throws IOException {
        Map<String, INDArray> out = new LinkedHashMap<>();
        ZipInputStream zip = new ZipInputStream(in);
        ZipEntry e;
        while ((e = zip.getNextEntry()) != null) {
            String name = e.getName();
            if (!name.endsWith(".npy")) {
                throw new IOException("entry '" + name + "' is not a .npy array");
            }
            out.put(name.substring(0, name.length() - 4), Npy.read(zip.readAllBytes()));
        }
        return out;
    }

    /** Keeps the nested zip from closing the entry stream it writes into. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
