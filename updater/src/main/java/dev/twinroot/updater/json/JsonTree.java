package dev.twinroot.updater.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.math.BigInteger;
import java.util.Optional;

/**
 * JSON bytes to a tree of {@code Map<String, Object>} (insertion-ordered), {@code List<Object>}, {@code String},
 * {@code Integer}/{@code Long}/{@code BigInteger}, {@code Double}, {@code Boolean} and {@code null}, and back.
 * Reading is bounded (nesting, string and number lengths); callers cap the input's size before reading it.
 */
public final class JsonTree {

    private static final JsonFactory FACTORY = factory(32, 64 * 1024);
    private static final JSON READER = reader(FACTORY);
    private static final JSON COMPACT = JSON.std.without(JSON.Feature.WRITE_NULL_PROPERTIES);
    private static final JSON WRITER = COMPACT.with(JSON.Feature.PRETTY_PRINT_OUTPUT);

    private JsonTree() {
    }

    /** Any bytes give a tree or a {@link JsonShapeException} saying where the JSON stops being valid. */
    public static Object read(byte[] bytes) throws JsonShapeException {
        return read(FACTORY, READER, bytes);
    }

    /**
     * As {@link #read(byte[])}, with other bounds: at most {@code maxNesting} arrays and objects inside each
     * other and strings of at most {@code maxStringLength} characters.
     */
    public static Object read(byte[] bytes, int maxNesting, int maxStringLength) throws JsonShapeException {
        JsonFactory factory = factory(maxNesting, maxStringLength);
        return read(factory, reader(factory), bytes);
    }

    private static JsonFactory factory(int maxNesting, int maxStringLength) {
        return JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(maxNesting)
                        .maxStringLength(maxStringLength).maxNumberLength(32).build())
                .build();
    }

    /** A key given twice is refused: two readers could otherwise disagree on which one counts. */
    private static JSON reader(JsonFactory factory) {
        return JSON.builder(factory).build().with(JSON.Feature.FAIL_ON_DUPLICATE_MAP_KEYS);
    }

    private static Object read(JsonFactory factory, JSON reader, byte[] bytes) throws JsonShapeException {
        try (JsonParser parser = factory.createParser(bytes)) {
            Object tree = reader.anyFrom(parser);
            if (parser.nextToken() != null) {
                throw new JsonShapeException("not valid JSON: more data after the document (line "
                        + parser.currentLocation().getLineNr() + ", column " + parser.currentLocation().getColumnNr()
                        + ")");
            }
            return tree;
        } catch (JsonShapeException e) {
            throw e;
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
            throw new JsonShapeException("not valid JSON: " + firstLine(e.getOriginalMessage()) + where);
        } catch (IOException | RuntimeException e) {
            throw new JsonShapeException("not valid JSON: " + firstLine(e.getMessage()));
        }
    }

    /**
     * A value of a tree as a whole number that fits a {@code long} ({@code Integer}, {@code Long}, or a
     * {@code BigInteger} under 64 bits); empty for anything else, {@code 1.0} and {@code 1e3} included.
     */
    public static Optional<Long> wholeNumber(Object value) {
        if (value instanceof Integer i) {
            return Optional.of(i.longValue());
        }
        if (value instanceof Long l) {
            return Optional.of(l);
        }
        if (value instanceof BigInteger b && b.bitLength() < 64) {
            return Optional.of(b.longValue());
        }
        return Optional.empty();
    }

    /** Reads a document that must be one JSON object. */
    public static JsonObject readObject(byte[] bytes) throws JsonShapeException {
        return JsonObject.root(read(bytes));
    }

    /** Writes a tree of the types {@link #read} gives (and {@code Long}s), pretty-printed; null fields left out. */
    public static byte[] write(Object tree) {
        try {
            return WRITER.asBytes(tree);
        } catch (IOException e) {
            throw new IllegalStateException("a JSON tree could not be written", e);
        }
    }

    /** As {@link #write}, on one line: for answers on the wire. */
    public static byte[] writeCompact(Object tree) {
        try {
            return COMPACT.asBytes(tree);
        } catch (IOException e) {
            throw new IllegalStateException("a JSON tree could not be written", e);
        }
    }

    static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        String line = nl < 0 ? s : s.substring(0, nl);
        line = line.length() > 200 ? line.substring(0, 200) + "..." : line;
        // The parser's message may quote the input: no control characters reach a log line or a terminal.
        StringBuilder sb = new StringBuilder(line.length());
        line.codePoints().forEach(c -> sb.appendCodePoint(c < 0x20 || c == 0x7f ? '?' : c));
        return sb.toString();
    }
}
