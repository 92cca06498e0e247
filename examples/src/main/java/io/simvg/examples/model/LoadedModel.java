package io.simvg.examples.model;

import io.simvg.data.text.Beit3Tokenizer;
import io.simvg.zoo.GraphVariant;
import io.simvg.zoo.PretrainedModel;
import io.simvg.zoo.SimVG;
import io.simvg.zoo.SimVGConfig;
import io.simvg.zoo.modelfile.ModelManifest;
import io.simvg.zoo.modelfile.SimVGModelFile;
import io.simvg.zoo.predict.Branch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;

/**
 * A model file opened for inference together with the tokenizer its token ids come from. The commands that run a
 * model share this so they refuse the same bad inputs with the same one-line messages: a missing file, a file that is
 * not a model file, a branch the stored graph lacks, an unnamed tokenizer, a vocabulary larger than the model's
 * embedding table.
 */
public record LoadedModel(PretrainedModel model, Beit3Tokenizer tokenizer, List<Branch> branches)
        implements AutoCloseable {

    /**
     * Opens {@code modelFile} with only the parts {@code branches} need (the token branch alone skips the decoder).
     *
     * @param tokenizerFile a SentencePiece model overriding the manifest's tokenizer, or {@code null}
     * @param branches      the branches to run, or {@code null} for every branch the stored graph has
     * @throws IllegalArgumentException for input the user has to fix
     * @throws IOException              for a file that cannot be read as a model file
     */
    public static LoadedModel open(Path modelFile, Path tokenizerFile, Collection<Branch> branches) throws IOException {
        if (!Files.isRegularFile(modelFile)) {
            throw new IllegalArgumentException("model file not found: " + modelFile);
        }
        ModelManifest manifest = SimVGModelFile.readManifest(modelFile);
        List<Branch> use = branches != null ? List.copyOf(branches) : BranchChoice.allOf(manifest.variant());
        GraphVariant variant = variantFor(manifest.variant(), EnumSet.copyOf(use), modelFile);
        Beit3Tokenizer tokenizer = tokenizer(manifest, tokenizerFile, modelFile);
        try {
            checkVocabulary(tokenizer, manifest.config(), modelFile);
            return new LoadedModel(SimVG.load(modelFile, variant), tokenizer, use);
        } catch (IOException | RuntimeException e) {
            tokenizer.close();
            throw e;
        }
    }

    public SimVGConfig config() {
        return model.config();
    }

    /** The smallest graph variant holding {@code branches}, refusing a branch the stored graph does not have. */
    static GraphVariant variantFor(GraphVariant stored, EnumSet<Branch> branches, Path file) {
        for (Branch b : branches) {
            boolean present = b == Branch.TOKEN ? stored.hasTokenBranch() : stored.hasDecoderBranch();
            if (!present) {
                throw new IllegalArgumentException(file + " holds a " + stored + " graph without the "
                        + b.name().toLowerCase(java.util.Locale.ROOT) + " branch");
            }
        }
        if (branches.size() > 1) {
            return GraphVariant.FULL;
        }
        return branches.contains(Branch.TOKEN) ? GraphVariant.TOKEN_BRANCH : GraphVariant.DECODER_BRANCH;
    }

    private static Beit3Tokenizer tokenizer(ModelManifest manifest, Path file, Path modelFile) throws IOException {
        int maxTokens = manifest.config().maxToken();
        if (file != null) {
            return Beit3Tokenizer.load(file, maxTokens);
        }
        if (ModelManifest.BUNDLED_TOKENIZER.equals(manifest.tokenizer())) {
            return Beit3Tokenizer.bundled(maxTokens);
        }
        throw new IllegalArgumentException(modelFile + " expects token ids from "
                + (manifest.tokenizer().isEmpty() ? "an unnamed tokenizer" : "'" + manifest.tokenizer() + "'")
                + "; pass that SentencePiece model with --tokenizer FILE");
    }

    private static void checkVocabulary(Beit3Tokenizer tokenizer, SimVGConfig config, Path modelFile) {
        if (tokenizer.vocabularySize() > config.vocabSize()) {
            throw new IllegalArgumentException(tokenizer + " produces " + tokenizer.vocabularySize()
                    + " distinct ids but " + modelFile + " embeds only " + config.vocabSize()
                    + " (wrong tokenizer for this model)");
        }
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
