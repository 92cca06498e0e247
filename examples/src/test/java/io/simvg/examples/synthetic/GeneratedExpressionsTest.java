package io.simvg.examples.synthetic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simvg.data.text.Beit3Tokenizer;
import io.simvg.data.text.TokenizedExpression;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every generated expression, re-read from its text and evaluated on its scene: REC ones refer to exactly their one
 * target, multi-target ones to two or more, no-target ones to nothing; the words come from the tokenizer corpus
 * lists and tokenize without unknown pieces.
 */
class GeneratedExpressionsTest {

    private static List<AnnotatedImage> images;

    @BeforeAll
    static void generate() {
        SyntheticGroundingSet set = SyntheticGroundingSet.builder().seed(11).imageSize(128).images("train", 600)
                .images("val", 100).build();
        images = new ArrayList<>(set.generate("train"));
        images.addAll(set.generate("val"));
    }

    @Test
    void recExpressionsReferToExactlyTheirTarget() {
        for (AnnotatedImage img : images) {
            Set<Integer> targets = new HashSet<>();
            for (GroundedExpression e : img.rec()) {
                assertTrue(e.kind().rec(), e.text());
                assertEquals(1, e.targets().size(), e.text());
                assertEquals(e.targets(), evaluate(img, e), img.imageId() + ": " + e.text() + " on " + img.scene().shapes());
                assertTrue(targets.add(e.targets().get(0).index()), "one expression per target: " + e.text());
            }
            assertFalse(img.rec().isEmpty(), "image " + img.imageId() + " has no REC expression");
        }
    }

    @Test
    void theRecKindIsReadBackFromTheWords() {
        for (AnnotatedImage img : images) {
            for (GroundedExpression e : img.rec()) {
                assertEquals(e.kind(), ExpressionKind.ofRec(ExpressionParser.parse(e.text())), e.text());
            }
        }
        assertThrows(IllegalArgumentException.class,
                () -> ExpressionKind.ofRec(ExpressionParser.parse("all green triangles")));
    }

    @Test
    void grecExpressionsHaveTheTargetsTheirKindPromises() {
        Map<ExpressionKind, Integer> counts = new EnumMap<>(ExpressionKind.class);
        for (AnnotatedImage img : images) {
            for (GroundedExpression e : img.grec()) {
                List<PlacedShape> referents = evaluate(img, e);
                assertEquals(e.targets(), referents, img.imageId() + ": " + e.text() + " on " + img.scene().shapes());
                switch (e.kind()) {
                    case MULTI -> assertTrue(referents.size() >= 2, e.text());
                    case NO_TARGET -> assertTrue(referents.isEmpty(), e.text());
                    case SINGLE -> assertEquals(1, referents.size(), e.text());
                    default -> throw new AssertionError("REC kind among GREC expressions: " + e);
                }
                counts.merge(e.kind(), 1, Integer::sum);
            }
        }
        int total = counts.values().stream().mapToInt(Integer::intValue).sum();
        assertEquals(0.5, counts.get(ExpressionKind.MULTI) / (double) total, 0.03, counts.toString());
        assertEquals(0.25, counts.get(ExpressionKind.NO_TARGET) / (double) total, 0.03, counts.toString());
    }

    /** The text read back by the parser (not the generator's object) and evaluated; presuppositions must hold. */
    private static List<PlacedShape> evaluate(AnnotatedImage img, GroundedExpression e) {
        ReferringExpression parsed = ExpressionParser.parse(e.text());
        assertTrue(parsed.definite(img.scene()), "presupposition fails: " + e.text());
        return parsed.referents(img.scene());
    }

    @Test
    void recKindsFollowTheirShares() {
        Map<ExpressionKind, Integer> counts = new EnumMap<>(ExpressionKind.class);
        images.forEach(img -> img.rec().forEach(e -> counts.merge(e.kind(), 1, Integer::sum)));
        double total = counts.values().stream().mapToInt(Integer::intValue).sum();
        assertEquals(0.50, counts.get(ExpressionKind.COLOUR_SHAPE) / total, 0.04, counts.toString());
        assertEquals(0.20, counts.get(ExpressionKind.SIZE) / total, 0.04, counts.toString());
        assertEquals(0.15, counts.get(ExpressionKind.RELATION) / total, 0.04, counts.toString());
        assertEquals(0.15, counts.get(ExpressionKind.POSITION) / total, 0.04, counts.toString());
    }

    @Test
    void shapesAreInsideTheImageAndApart() {
        for (AnnotatedImage img : images) {
            Scene s = img.scene();
            assertTrue(s.shapes().size() >= SceneSampler.MIN_SHAPES && s.shapes().size() <= SceneSampler.MAX_SHAPES);
            for (PlacedShape p : s.shapes()) {
                assertTrue(p.w() >= 10 && p.h() >= 10, "tiny shape " + p);
                assertTrue(p.x() >= 0 && p.y() >= 0 && p.x2() <= s.width() && p.y2() <= s.height(), "outside: " + p);
                for (PlacedShape q : s.shapes()) {
                    assertTrue(p == q || !p.crowds(q, 0), "overlap: " + p + " and " + q);
                }
            }
        }
    }

    @Test
    void wordsComeFromTheTokenizerCorpusLists() throws IOException {
        Set<String> vocabulary = corpusWords();
        vocabulary.addAll(List.of("the", "a", "all", "of", "and", "shape", "shapes"));
        for (AnnotatedImage img : images) {
            for (GroundedExpression e : expressions(img)) {
                List<String> words = Arrays.asList(e.text().split(" "));
                assertTrue(words.size() <= 12, e.text());
                assertEquals(e.text().toLowerCase(Locale.ROOT), e.text());
                for (String w : words) {
                    assertTrue(vocabulary.contains(w), "'" + w + "' of '" + e.text() + "' is not in the corpus lists");
                }
            }
        }
    }

    @Test
    void expressionsTokenizeWithoutUnknownPieces() {
        try (Beit3Tokenizer tok = Beit3Tokenizer.bundled()) {
            Set<String> seen = new HashSet<>();
            for (AnnotatedImage img : images) {
                for (GroundedExpression e : expressions(img)) {
                    if (seen.add(e.text())) {
                        TokenizedExpression t = tok.encode(e.text());
                        assertTrue(t.pieces().size() <= 18, e.text() + " -> " + t.pieces());
                        assertFalse(Arrays.stream(t.ids()).anyMatch(id -> id == Beit3Tokenizer.UNK_ID), t.toString());
                    }
                }
            }
        }
    }

    private static List<GroundedExpression> expressions(AnnotatedImage img) {
        List<GroundedExpression> out = new ArrayList<>(img.rec());
        out.addAll(img.grec());
        return out;
    }

    /** Words of the lists COLOURS, SHAPES, SIZES, RELATIONS, PLACES, SUPERLATIVES and QUANTIFIERS of make_corpus.py. */
    private static Set<String> corpusWords() throws IOException {
        Path script = Path.of("..", "datavec-refcoco", "scripts", "tokenizer", "make_corpus.py");
        String py = Files.readString(script);
        Set<String> words = new HashSet<>();
        for (String list : List.of("COLOURS", "SHAPES", "SIZES", "RELATIONS", "PLACES", "SUPERLATIVES", "QUANTIFIERS")) {
            Matcher m = Pattern.compile("(?m)^" + list + " = ([\\[{].*?[\\]}])\\s*$", Pattern.DOTALL).matcher(py);
            assertTrue(m.find(), "list " + list + " not found in " + script);
            Matcher q = Pattern.compile("\"([^\"]*)\"").matcher(m.group(1));
            while (q.find()) {
                words.addAll(Arrays.asList(q.group(1).split(" ")));
            }
        }
        return words;
    }
}
