package io.simvg.data.flickr;

import io.simvg.data.BoxXyxy;
import io.simvg.data.GroundingDataException;
import io.simvg.data.RecordSource;
import io.simvg.data.SampleChecks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Reads {@code Annotations/<id>.xml} with the JDK parser, as the official {@code get_annotations} does: the first
 * {@code size}, then for every {@code object} and each of its {@code name}s either the first {@code bndbox} (each
 * coordinate minus 1) or the {@code nobndbox}/{@code scene} flags.
 *
 * <p>DOCTYPE declarations are refused, so neither external entities nor entity expansion can be abused; the real files
 * have none. Chain ids are compared exactly as written (like the python util, no trimming); coordinates, like Python's
 * {@code int()}, may carry surrounding whitespace. The flags only explain exclusions, so a missing flag counts as 0.
 */
public final class FlickrAnnotationParser {

    private static final String[] CORNERS = {"xmin", "ymin", "xmax", "ymax"};

    private FlickrAnnotationParser() {
    }

    /** @throws GroundingDataException when the file is missing, not well-formed XML, or lacks a usable {@code size} */
    public static FlickrAnnotation read(Path file, String imageId) {
        Element root = parseXml(file, "image " + imageId).getDocumentElement();
        Element size = firstChild(root, "size");
        if (size == null) {
            throw new GroundingDataException(file, "image " + imageId, "missing field 'size'");
        }
        int width = positive(file, imageId, size, "width");
        int height = positive(file, imageId, size, "height");

        Map<String, List<BoxXyxy>> boxes = new LinkedHashMap<>();
        Set<String> scene = new HashSet<>();
        Set<String> noBox = new HashSet<>();
        Map<String, GroundingDataException> bad = new HashMap<>();
        List<Element> objects = children(root, "object");
        for (int k = 0; k < objects.size(); k++) {
            Element object = objects.get(k);
            List<String> names = new ArrayList<>();
            for (Element name : children(object, "name")) {
                names.add(name.getTextContent());
            }
            Element bndbox = firstChild(object, "bndbox");
            if (bndbox == null) {
                for (String name : names) {
                    if (flag(object, "nobndbox") > 0) {
                        noBox.add(name);
                    }
                    if (flag(object, "scene") > 0) {
                        scene.add(name);
                    }
                }
                continue;
            }
            RecordSource src = new RecordSource(file, "image " + imageId + ", object " + k + " ("
                    + String.join(", ", names.stream().map(n -> "EN#" + n).toList()) + ")");
            try {
                BoxXyxy box = box(src, bndbox);
                SampleChecks.checkBox(src, "bndbox (minus 1)", box, width, height);
                for (String name : names) {
                    boxes.computeIfAbsent(name, n -> new ArrayList<>()).add(box);
                }
            } catch (GroundingDataException e) {
                for (String name : names) {
                    bad.putIfAbsent(name, e);
                }
            }
        }
        return new FlickrAnnotation(width, height, boxes, scene, noBox, bad);
    }

    private static BoxXyxy box(RecordSource src, Element bndbox) {
        double[] v = new double[4];
        for (int i = 0; i < 4; i++) {
            Element e = firstChild(bndbox, CORNERS[i]);
            if (e == null) {
                throw new GroundingDataException(src, "missing field 'bndbox/" + CORNERS[i] + "'");
            }
            try {
                v[i] = Integer.parseInt(e.getTextContent().strip()) - 1; // the python util's 0-based boxes
            } catch (NumberFormatException ex) {
                throw new GroundingDataException(src,
                        "field 'bndbox/" + CORNERS[i] + "' is not an integer: '" + e.getTextContent() + "'");
            }
        }
        return new BoxXyxy(v[0], v[1], v[2], v[3]);
    }

    private static int positive(Path file, String imageId, Element size, String field) {
        Element e = firstChild(size, field);
        String text = e == null ? null : e.getTextContent().strip();
        try {
            int value = Integer.parseInt(text);
            if (value > 0) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new GroundingDataException(file, "image " + imageId,
                e == null ? "missing field 'size/" + field + "'" : "field 'size/" + field + "' is not a positive integer: '" + text + "'");
    }

    private static int flag(Element object, String field) {
        Element e = firstChild(object, field);
        try {
            return e == null ? 0 : Integer.parseInt(e.getTextContent().strip());
        } catch (NumberFormatException ex) {
            return 0;
        }
    }

    private static Document parseXml(Path file, String record) {
        if (!Files.isRegularFile(file)) {
            throw new GroundingDataException(file, record, "annotation file not found");
        }
        try {
            DocumentBuilder builder = secureFactory().newDocumentBuilder();
            builder.setErrorHandler(RAISE); // instead of printing "[Fatal Error]" to stderr
            return builder.parse(file.toFile());
        } catch (SAXParseException e) {
            throw new GroundingDataException(file, record, "malformed XML at line " + e.getLineNumber() + ", column "
                    + e.getColumnNumber() + ": " + e.getMessage(), e);
        } catch (SAXException | IOException e) {
            throw new GroundingDataException(file, record, "cannot read XML: " + e.getMessage(), e);
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK XML parser lacks a security feature", e);
        }
    }

    private static DocumentBuilderFactory secureFactory() throws ParserConfigurationException {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        f.setXIncludeAware(false);
        f.setExpandEntityReferences(false);
        f.setNamespaceAware(false);
        return f;
    }

    private static final ErrorHandler RAISE = new ErrorHandler() {
        @Override
        public void warning(SAXParseException e) {
        }

        @Override
        public void error(SAXParseException e) throws SAXException {
            throw e;
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
            throw e;
        }
    };

    private static Element firstChild(Element parent, String tag) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(tag)) {
                return e;
            }
        }
        return null;
    }

    private static List<Element> children(Element parent, String tag) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(tag)) {
                out.add(e);
            }
        }
        return out;
    }
}
