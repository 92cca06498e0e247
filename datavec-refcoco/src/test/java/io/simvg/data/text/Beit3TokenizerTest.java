package io.simvg.data.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;

/**
 * Checks {@link Beit3Tokenizer} against {@code tokenizer_cases.json}, written by
 * {@code scripts/tokenizer/train_tokenizer.py} with SimVG's own tokenizer (transformers' slow XLMRobertaTokenizer)
 * over the bundled model. No expected value here comes from the Java code.
 */
class Beit3TokenizerTest {

    private static JsonNode reference;
    private static Beit3Tokenizer tokenizer;

    @BeforeAll
    static void load() throws IOException {
        try (InputStream in = Beit3TokenizerTest.class.getResourceAsStream("tokenizer_cases.json")) {
            reference = new ObjectMapper().readTree(in);
        }
        tokenizer = Beit3Tokenizer.bundled();
    }

    @AfterAll
    static void close() {
        tokenizer.close();
    }

    private static List<JsonNode> cases() {
        List<JsonNode> cases = new ArrayList<>();
        reference.get("cases").forEach(cases::add);
        return cases;
    }

    private static int[] ints(JsonNode array) {
        int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).intValue();
        }
        return out;
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.textValue()));
        return out;
    }

    @Test
    void referencesWereMadeWithTheBundledModel() throws Exception {
        byte[] model;
        try (InputStream in = Beit3Tokenizer.class.getResourceAsStream(Beit3Tokenizer.BUNDLED_MODEL)) {
            model = in.readAllBytes();
        }
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(model));
        assertEquals(reference.get("model_sha256").textValue(), sha, "retrained model: rerun train_tokenizer.py");
    }

    @Test
    void sizesMatchTheReference() {
        assertEquals(Beit3Tokenizer.DEFAULT_MAX_TOKENS, reference.get("max_token").intValue());
        assertEquals(20, tokenizer.maxTokens());
        assertEquals(reference.get("spm_pieces").intValue(), tokenizer.pieceCount());
        assertEquals(reference.get("vocabulary_size").intValue(), tokenizer.vocabularySize());
    }

    @TestFactory
    Stream<DynamicTest> everyReferenceCase() {
        return cases().stream().map(c -> DynamicTest.dynamicTest(c.get("expression").textValue(), () -> {
            TokenizedExpression t = tokenizer.encode(c.get("expression").textValue());
            assertEquals(c.get("cleaned").textValue(), t.cleanedText(), "cleaned text");
            assertEquals(strings(c.get("pieces")), t.pieces(), "pieces");
            assertArrayEquals(ints(c.get("ids")), t.ids(), "ids");
            assertArrayEquals(ints(c.get("mask")), t.paddingMask(), "mask");
            assertEquals(c.get("length").intValue(), t.length(), "length");
        }));
    }

    @Test
    void truncatesToEighteenTokensBetweenBosAndEos() {
        int truncatedCases = 0;
        int exactlyFull = 0;
        for (JsonNode c : cases()) {
            int[] tokenIds = ints(c.get("token_ids"));
            TokenizedExpression t = tokenizer.encode(c.get("expression").textValue());
            assertEquals(tokenIds.length > 18, t.truncated(), c.get("expression").textValue());
            if (tokenIds.length >= 18) {
                assertEquals(20, t.length());
                int[] ids = t.ids();
                assertArrayEquals(Arrays.copyOf(tokenIds, 18), Arrays.copyOfRange(ids, 1, 19));
                assertEquals(Beit3Tokenizer.EOS_ID, ids[19]);
                assertArrayEquals(new int[20], t.paddingMask());
                truncatedCases += tokenIds.length > 18 ? 1 : 0;
                exactlyFull += tokenIds.length == 18 ? 1 : 0;
            }
        }
        assertTrue(truncatedCases >= 3, "the reference needs expressions longer than 18 tokens");
        assertTrue(exactlyFull >= 1, "the reference needs an expression of exactly 18 tokens");
    }

    @Test
    void otherMaxTokensTruncateAndPadTheReferenceTokens() {
        try (Beit3Tokenizer short8 = Beit3Tokenizer.bundled(8)) {
            for (JsonNode c : cases()) {
                int[] tokenIds = ints(c.get("token_ids"));
                int kept = Math.min(tokenIds.length, 6);
                int[] expected = new int[8];
                Arrays.fill(expected, Beit3Tokenizer.PAD_ID);
                expected[0] = Beit3Tokenizer.BOS_ID;
                System.arraycopy(tokenIds, 0, expected, 1, kept);
                expected[kept + 1] = Beit3Tokenizer.EOS_ID;
                TokenizedExpression t = short8.encode(c.get("expression").textValue());
                assertArrayEquals(expected, t.ids(), c.get("expression").textValue());
                assertEquals(kept + 2, t.length());
            }
        }
        assertThrows(IllegalArgumentException.class, () -> Beit3Tokenizer.bundled(2));
    }

    @Test
    void maskAndIdsAgree() {
        for (JsonNode c : cases()) {
            TokenizedExpression t = tokenizer.encode(c.get("expression").textValue());
            int[] ids = t.ids();
            int[] mask = t.paddingMask();
            assertEquals(20, ids.length);
            assertEquals(20, mask.length);
            assertEquals(Beit3Tokenizer.BOS_ID, ids[0]);
            assertEquals(Beit3Tokenizer.EOS_ID, ids[t.length() - 1]);
            for (int i = 0; i < 20; i++) {
                assertEquals(i < t.length() ? 0 : 1, mask[i]);
                if (i >= t.length()) {
                    assertEquals(Beit3Tokenizer.PAD_ID, ids[i]);
                }
                assertTrue(ids[i] >= 0 && ids[i] < tokenizer.vocabularySize(), "id " + ids[i] + " out of range");
            }
        }
    }

    @Test
    void expressionsWithoutTokensAreRejectedWithTheExpressionQuoted() {
        List<String> errors = strings(reference.get("error_cases"));
        assertFalse(errors.isEmpty());
        for (String expression : errors) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> tokenizer.encode(expression), expression);
            assertTrue(e.getMessage().contains("\"" + expression + "\""), e.getMessage());
        }
    }

    @Test
    void missingModelFileIsNamed(@TempDir Path dir) {
        Path missing = dir.resolve("beit3.spm");
        IOException e = assertThrows(IOException.class, () -> Beit3Tokenizer.load(missing));
        assertTrue(e.getMessage().contains(missing.toAbsolutePath().toString()), e.getMessage());
        assertTrue(e.getMessage().contains("not found"), e.getMessage());
    }

    @Test
    void corruptModelFilesAreNamed(@TempDir Path dir) throws IOException {
        byte[] model;
        try (InputStream in = Beit3Tokenizer.class.getResourceAsStream(Beit3Tokenizer.BUNDLED_MODEL)) {
            model = in.readAllBytes();
        }
        List<byte[]> corrupt = List.of(new byte[0], "this is a text file\n".getBytes(StandardCharsets.UTF_8),
                Arrays.copyOf(model, model.length / 2));
        for (int i = 0; i < corrupt.size(); i++) {
            Path file = Files.write(dir.resolve("corrupt" + i + ".spm"), corrupt.get(i));
            IOException e = assertThrows(IOException.class, () -> Beit3Tokenizer.load(file));
            assertTrue(e.getMessage().contains(file.toAbsolutePath().toString()), e.getMessage());
        }
    }

    @Test
    void aModelFileOnDiskEncodesLikeTheBundledOne(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("copy.model");
        try (InputStream in = Beit3Tokenizer.class.getResourceAsStream(Beit3Tokenizer.BUNDLED_MODEL)) {
            Files.copy(in, file);
        }
        try (Beit3Tokenizer fromFile = Beit3Tokenizer.load(file)) {
            assertEquals(tokenizer.vocabularySize(), fromFile.vocabularySize());
            for (JsonNode c : cases()) {
                assertArrayEquals(ints(c.get("ids")), fromFile.encode(c.get("expression").textValue()).ids());
            }
        }
    }

    @Test
    void concurrentEncodingMatchesSequential() throws Exception {
        List<String> expressions = new ArrayList<>();
        for (int r = 0; r < 150; r++) {
            cases().forEach(c -> expressions.add(c.get("expression").textValue()));
        }
        Collections.shuffle(expressions, new Random(7));
        List<int[]> sequential = expressions.stream().map(e -> tokenizer.encode(e).ids()).toList();
        int threads = 4;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<List<int[]>>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int offset = t * 97;   // threads walk the list from different points, so different inputs overlap
                results.add(pool.submit(() -> {
                    start.await();
                    return IntStream.range(0, expressions.size())
                            .mapToObj(i -> tokenizer.encode(expressions.get((i + offset) % expressions.size())).ids())
                            .toList();
                }));
            }
            start.countDown();
            for (int t = 0; t < threads; t++) {
                List<int[]> got = results.get(t).get(2, TimeUnit.MINUTES);
                for (int i = 0; i < got.size(); i++) {
                    int j = (i + t * 97) % expressions.size();
                    assertArrayEquals(sequential.get(j), got.get(i), expressions.get(j));
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void encodingAfterCloseFails() {
        Beit3Tokenizer t = Beit3Tokenizer.bundled();
        assertEquals(3, t.encode("circle").length());
        t.close();
        t.close();
        assertThrows(IllegalStateException.class, () -> t.encode("circle"));
    }
}
