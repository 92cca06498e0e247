package io.simvg.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simvg.zoo.GraphVariant;
import io.simvg.zoo.SimVGConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input to {@code simvg eval} and {@code simvg predict}: exit 2 and one message naming the problem, no trace. */
class BadInputTest {

    @TempDir
    static Path dir;
    static Path model;
    static Path image;

    @BeforeAll
    static void setUp() throws IOException {
        model = TestModels.write(dir, "tiny.simvg", SimVGConfig.TINY);
        image = TestModels.datasets().resolve("seqtr/images/mscoco/train2014/COCO_train2014_000000100001.jpg");
    }

    static void assertUserError(TestModels.Run r, String... expected) {
        assertEquals(2, r.exitCode(), r.err());
        for (String e : expected) {
            assertTrue(r.err().contains(e), "expected '" + e + "' in: " + r.err());
        }
        assertFalse(r.err().contains("\tat ") || r.err().contains("Exception"), "no stack trace: " + r.err());
        assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
    }

    static TestModels.Run predict(Path modelFile, Path imageFile, String text) {
        return TestModels.run("predict", "--model", modelFile.toString(), "--image", imageFile.toString(), "--text",
                text);
    }

    @Test
    void missingModelFile() {
        Path missing = dir.resolve("nope.simvg");
        assertUserError(predict(missing, image, "left woman"), "model file not found", missing.toString());
        assertUserError(TestModels.run("eval", "--model", missing.toString(), "--data",
                TestModels.refcoco().toString(), "--split", "val"), "model file not found");
    }

    @Test
    void fileThatIsNotAModelFile() throws IOException {
        Path text = Files.writeString(dir.resolve("notes.txt"), "not a model");
        assertUserError(predict(text, image, "left woman"), "not a SimVG model file", text.toString());
    }

    @Test
    void missingCorruptAndUnreadableImages() throws IOException {
        Path missing = dir.resolve("missing.jpg");
        assertUserError(predict(model, missing, "left woman"), "image not found", missing.toString());
        Path corrupt = Files.write(dir.resolve("corrupt.jpg"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        assertUserError(predict(model, corrupt, "left woman"), "corrupt or unsupported image", corrupt.toString());
    }

    @Test
    void emptyExpressionAfterCleaning() {
        assertUserError(predict(model, image, "   "), "no tokens after cleaning");
    }

    @Test
    void badBatchFileItemIsNamed() throws IOException {
        Path list = Files.writeString(dir.resolve("list.json"),
                "[{\"image\": \"" + image + "\", \"text\": \"dog\"}, {\"image\": \"gone.jpg\", \"text\": \"dog\"}]");
        assertUserError(TestModels.run("predict", "--model", model.toString(), "--batch-file", list.toString(),
                "--out-dir", dir.resolve("out").toString()), "item 1", "image not found");
    }

    @Test
    void missingDatasetAndUnknownSplit() {
        Path missing = dir.resolve("instances.json");
        assertUserError(TestModels.run("eval", "--model", model.toString(), "--data", missing.toString()),
                "dataset not found", missing.toString());
        assertUserError(TestModels.run("eval", "--model", model.toString(), "--data", TestModels.refcoco().toString(),
                "--split", "nosuchsplit"), "no split 'nosuchsplit'");
    }

    @Test
    void tokenizerLargerThanTheModelVocabulary() throws IOException {
        Path small = TestModels.write(dir, "small-vocab.simvg", SimVGConfig.TINY.toBuilder().vocabSize(500).build());
        assertUserError(predict(small, image, "left woman"), "802 distinct ids", "500");
    }

    @Test
    void branchTheGraphDoesNotHaveAndBothBranchesForPredict() throws IOException {
        assertUserError(TestModels.run("predict", "--model", model.toString(), "--image", image.toString(), "--text",
                "dog", "--branch", "both"), "one branch");
        Path tokenOnly = TestModels.write(dir, "token-only.simvg", SimVGConfig.TINY, GraphVariant.TOKEN_BRANCH);
        assertUserError(TestModels.run("predict", "--model", tokenOnly.toString(), "--image", image.toString(),
                "--text", "dog", "--branch", "decoder"), "TOKEN_BRANCH graph without the decoder branch");
    }

    @Test
    void recScoringOfNoTargetExpressions() {
        assertUserError(TestModels.run("eval", "--model", model.toString(), "--data", TestModels.grefcoco().toString(),
                "--split", "val", "--task", "rec"), "no target box", "--task GREC");
    }
}
