package io.simvg.data.flickr;

import io.simvg.data.GroundingDataException;
import io.simvg.data.InvalidRecords;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads {@code Sentences/<id>.txt} the way the official {@code get_sentence_data} does: split the file on newlines
 * (after Python's universal-newline translation), skip empty lines, tokenise on whitespace; a token starting with
 * {@code [} opens a phrase ({@code [/EN#<id>/<type>/...}), a token ending with {@code ]} closes it.
 *
 * <p>Where the python util silently produces shifted or truncated phrases (a bracket left open at the end of the line,
 * a {@code [} inside an open phrase, markup without {@code /EN#<id>}), this parser reports the sentence as invalid.
 */
public final class FlickrSentenceParser {

    private FlickrSentenceParser() {
    }

    /**
     * The sentences of {@code file}; an invalid sentence goes to {@code invalid} (and is left out when skipping).
     *
     * @throws GroundingDataException when the file is missing or not UTF-8
     */
    public static List<FlickrSentence> read(Path file, String imageId, InvalidRecords invalid) {
        String[] lines = readText(file, imageId).replace("\r\n", "\n").replace('\r', '\n').split("\n", -1);
        List<FlickrSentence> sentences = new ArrayList<>();
        int index = 0;
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].isEmpty()) {
                continue;
            }
            int sentenceIndex = index++;
            try {
                sentences.add(parse(lines[i], sentenceIndex, i + 1));
            } catch (IllegalArgumentException e) {
                invalid.handle(new GroundingDataException(file,
                        "image " + imageId + ", sentence " + sentenceIndex + " (line " + (i + 1) + ")", e.getMessage()));
            }
        }
        return sentences;
    }

    /** One caption line; {@link IllegalArgumentException} for broken phrase markup. */
    public static FlickrSentence parse(String line, int index, int lineNumber) {
        List<String> words = new ArrayList<>();
        List<FlickrPhrase> phrases = new ArrayList<>();
        List<String> current = null; // words of the open phrase, null when none is open
        String openToken = null;
        int firstWord = 0;
        String phraseId = null;
        List<String> types = null;
        for (String token : tokens(line)) {
            if (current != null) {
                if (token.startsWith("[")) {
                    throw new IllegalArgumentException("phrase '" + openToken + "' is not closed before '" + token + "'");
                }
                boolean closes = token.endsWith("]");
                String word = closes ? token.substring(0, token.length() - 1) : token;
                current.add(word);
                words.add(word);
                if (closes) {
                    phrases.add(new FlickrPhrase(firstWord, String.join(" ", current), phraseId, types));
                    current = null;
                }
            } else if (token.startsWith("[")) {
                // "[/EN#11/people" splits on '/' into "[", "EN#11", "people": the id is field 1 minus "EN#".
                String[] parts = token.split("/", -1);
                if (parts.length < 2 || !parts[1].startsWith("EN#") || parts[1].length() == 3) {
                    throw new IllegalArgumentException("phrase markup '" + token + "' lacks '/EN#<chain id>'");
                }
                openToken = token;
                firstWord = words.size();
                phraseId = parts[1].substring(3);
                types = Arrays.asList(parts).subList(2, parts.length);
                current = new ArrayList<>();
            } else {
                words.add(token);
            }
        }
        if (current != null) {
            throw new IllegalArgumentException("phrase '" + openToken + "' is not closed by ']' before the end of the line");
        }
        return new FlickrSentence(index, lineNumber, String.join(" ", words), phrases);
    }

    /** Python's {@code str.split()}: runs of Unicode whitespace separate tokens. */
    static List<String> tokens(String line) {
        List<String> out = new ArrayList<>();
        int start = -1;
        for (int i = 0; i <= line.length(); i++) {
            boolean space = i == line.length() || isPythonSpace(line.charAt(i));
            if (space && start >= 0) {
                out.add(line.substring(start, i));
                start = -1;
            } else if (!space && start < 0) {
                start = i;
            }
        }
        return out;
    }

    private static boolean isPythonSpace(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '\u0085';
    }

    private static String readText(Path file, String imageId) {
        String record = "image " + imageId;
        try {
            byte[] bytes = Files.readAllBytes(file);
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (NoSuchFileException e) {
            throw new GroundingDataException(file, record, "sentence file not found");
        } catch (CharacterCodingException e) {
            throw new GroundingDataException(file, record, "not valid UTF-8 text", e);
        } catch (IOException e) {
            throw new GroundingDataException(file, record, "cannot read sentence file: " + e, e);
        }
    }
}
