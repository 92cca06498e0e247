package io.simvg.data.refer;

import io.simvg.data.ExpectedSamples;
import io.simvg.data.GroundingDatasetReader;
import io.simvg.data.grefcoco.GRefCocoReader;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** refer-toolkit and gRefCOCO readers against the official loaders' output, every dataset and split of the fixtures. */
class ReferReaderTest {

    private static final Pattern REFS_FILE = Pattern.compile("(.*)/([^/]+)/g?refs\\((\\w+)\\)\\.(p|json)");

    @TestFactory
    Stream<DynamicTest> referDatasetsMatchTheReferToolkit() {
        List<String> keys = ExpectedSamples.datasetKeys((k, d) -> d.path("format").asText().startsWith("refer "));
        return ExpectedSamples.splitTests(keys, ReferReaderTest::reader, "boxes_xyxy");
    }

    @TestFactory
    Stream<DynamicTest> gRefCocoMatchesGRefer() {
        List<String> keys = ExpectedSamples.datasetKeys((k, d) -> d.path("format").asText().startsWith("gRefCOCO"));
        return ExpectedSamples.splitTests(keys, ReferReaderTest::reader, "boxes_xyxy");
    }

    /** Builds the reader from the refs file named in the fixture's {@code files} list. */
    static GroundingDatasetReader reader(String key) {
        String refsFile = ExpectedSamples.dataset(key).get("files").get(0).asText();
        Matcher m = REFS_FILE.matcher(refsFile);
        if (!m.matches()) {
            throw new IllegalStateException(key + ": unexpected refs file " + refsFile);
        }
        Path root = ExpectedSamples.dir().resolve(m.group(1));
        return m.group(2).equals("grefcoco") ? new GRefCocoReader(root, m.group(3))
                : new ReferReader(root, m.group(2), m.group(3));
    }
}
