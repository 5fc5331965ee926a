package dev.twinroot.supervisor.apps;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reading untrusted JSON documents (target states, image manifests and configs) as trees, field by field, with
 * messages that name the path ({@code services.web.command[2]}) and what was expected, and never quote more
 * than a short, sanitised piece of the input. Unknown fields are refused where a document is ours (a misspelt
 * {@code restart} must not pass silently) and ignored where it is OCI's (registries add annotations).
 */
public final class JsonFields {

    static final int MAX_DEPTH = 32;
    static final int MAX_STRING = 64 * 1024;
    private static final ObjectReader TREE = JsonMapper.builder(JsonFactory.builder()
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH)
                            .maxStringLength(MAX_STRING).maxNumberLength(40).build())
                    .build())
            .build()
            .readerFor(JsonNode.class);

    private JsonFields() {
    }

    /** Parses {@code bytes} (at most {@code maxBytes}) into a tree; {@code what} names the document. */
    public static JsonNode tree(byte[] bytes, int maxBytes, String what) throws AppsFormatException {
        if (bytes.length > maxBytes) {
            throw new AppsFormatException(what + ": " + bytes.length + " bytes, at most " + maxBytes + " allowed");
        }
        try {
            try (JsonParser p = TREE.createParser(bytes)) {
                JsonNode root = TREE.readTree(p);
                if (root == null) {
                    throw new AppsFormatException(what + ": empty document");
                }
                if (p.nextToken() != null) {
                    throw new AppsFormatException(what + ": content after the JSON document");
                }
                return root;
            }
        } catch (AppsFormatException e) {
            throw e;
        } catch (JsonProcessingException e) {
            // The location only: Jackson's own message may quote the input.
            JsonLocation at = e.getLocation();
            throw new AppsFormatException(what + ": not valid JSON"
                    + (at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr()), e);
        } catch (IOException e) {
            throw new AppsFormatException(what + ": unreadable: " + e.getClass().getSimpleName(), e);
        }
    }

    public static JsonNode object(JsonNode n, String at) throws AppsFormatException {
        if (n == null || !n.isObject()) {
            throw new AppsFormatException(at + ": expected an object, found " + describe(n));
        }
        return n;
    }

    public static JsonNode array(JsonNode n, String at, int max) throws AppsFormatException {
        if (n == null || !n.isArray()) {
            throw new AppsFormatException(at + ": expected an array, found " + describe(n));
        }
        if (n.size() > max) {
            throw new AppsFormatException(at + ": at most " + max + " entries, found " + n.size());
        }
        return n;
    }

    public static String text(JsonNode n, String at, Pattern pattern) throws AppsFormatException {
        if (n == null || !n.isTextual()) {
            throw new AppsFormatException(at + ": expected a string, found " + describe(n));
        }
        if (!pattern.matcher(n.textValue()).matches()) {
            throw new AppsFormatException(at + ": expected " + pattern.pattern() + ", found " + quoted(n.textValue()));
        }
        return n.textValue();
    }

    /** A string of at most {@code max} characters without control characters (arguments, values). */
    public static String plain(JsonNode n, String at, int max) throws AppsFormatException {
        if (n == null || !n.isTextual()) {
            throw new AppsFormatException(at + ": expected a string, found " + describe(n));
        }
        String s = n.textValue();
        if (s.length() > max) {
            throw new AppsFormatException(at + ": at most " + max + " characters, found " + s.length());
        }
        if (s.indexOf('\0') >= 0) {
            throw new AppsFormatException(at + ": contains a NUL character");
        }
        return s;
    }

    public static long integer(JsonNode n, String at, long min, long max) throws AppsFormatException {
        if (n == null || !n.isIntegralNumber() || !n.canConvertToLong() || n.longValue() < min || n.longValue() > max) {
            throw new AppsFormatException(at + ": expected an integer in " + min + ".." + max + ", found " + describe(n));
        }
        return n.longValue();
    }

    /** Refuses a field {@code node} has that is not in {@code known}. */
    public static void onlyKnown(JsonNode node, String at, Set<String> known) throws AppsFormatException {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            String key = it.next().getKey();
            if (!known.contains(key)) {
                throw new AppsFormatException(at + ": unknown field " + quoted(key) + " (known: "
                        + String.join(", ", known.stream().sorted().toList()) + ")");
            }
        }
    }

    public static String describe(JsonNode n) {
        if (n == null || n.isMissingNode()) {
            return "nothing";
        }
        if (n.isTextual()) {
            return quoted(n.textValue());
        }
        if (n.isNumber() || n.isBoolean() || n.isNull()) {
            String s = n.asText();
            return s.length() > 32 ? s.substring(0, 32) + "..." : s;
        }
        return n.isArray() ? "an array" : "an object";
    }

    /** At most 64 characters of {@code s}, control characters replaced, in quotes. */
    public static String quoted(String s) {
        String cut = s.length() > 64 ? s.substring(0, 64) + "..." : s;
        StringBuilder sb = new StringBuilder("\"");
        cut.codePoints().forEach(c -> sb.append(c < 0x20 || c == 0x7f ? "?" : Character.toString(c)));
        return sb.append('"').toString();
    }
}
