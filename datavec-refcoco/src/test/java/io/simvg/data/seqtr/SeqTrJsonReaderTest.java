package io.simvg.data.seqtr;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.simvg.data.ExpectedSamples;
import io.simvg.data.text.ExpressionCleaner;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.nd4j.shade.jackson.databind.JsonNode;

/** SeqTR/SimVG json against SimVG's own loader, every dataset and split of the fixtures. */
class SeqTrJsonReaderTest {

    @TestFactory
    Stream<DynamicTest> seqtrJsonMatchesSimVGLoader() {
        List<String> keys = ExpectedSamples.datasetKeys((k, d) -> k.startsWith("seqtr_json/"));
        return ExpectedSamples.splitTests(keys, SeqTrJsonReaderTest::reader, "boxes_xyxy");
    }

    @TestFactory
    Stream<DynamicTest> cleanedExpressionsMatchSimVG() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String key : ExpectedSamples.datasetKeys((k, d) -> k.startsWith("seqtr_json/"))) {
            tests.add(DynamicTest.dynamicTest(key, () -> {
                JsonNode splits = ExpectedSamples.dataset(key).get("splits");
                for (var it = splits.fieldNames(); it.hasNext(); ) {
                    for (JsonNode s : splits.get(it.next()).get("samples")) {
                        assertEquals(s.get("expression_clean").asText(), ExpressionCleaner.clean(s.get("expression").asText()));
                    }
                }
            }));
        }
        return tests.stream();
    }

    static SeqTrJsonReader reader(String key) {
        String file = ExpectedSamples.dataset(key).get("file").asText();   // seqtr/annotations/<name>/instances.json
        Path instances = ExpectedSamples.dir().resolve(file);
        Path seqtrRoot = instances.getParent().getParent().getParent();
        return new SeqTrJsonReader(seqtrRoot, key.substring("seqtr_json/".length()));
    }

}
