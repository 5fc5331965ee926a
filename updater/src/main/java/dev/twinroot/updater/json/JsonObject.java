package dev.twinroot.updater.json;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A JSON object of a {@link JsonTree}, with typed access to its fields. Every error names the field's path from
 * the document's root ({@code health.commands[0].name}), what was expected and what was found. A field that is
 * {@code null} counts as absent.
 */
public final class JsonObject {

    private final Map<String, Object> fields;
    private final String path;

    private JsonObject(Map<String, Object> fields, String path) {
        this.fields = fields;
        this.path = path;
    }

    /** The document's root, which must be an object. */
    public static JsonObject root(Object tree) throws JsonShapeException {
        if (!(tree instanceof Map<?, ?>)) {
            throw new JsonShapeException("the document: expected a JSON object, found " + describe(tree));
        }
        return new JsonObject(cast(tree), "");
    }

    /** This object's path from the root, empty for the root itself. */
    public String path() {
        return path;
    }

    /** The path of one of this object's fields. */
    public String pathOf(String field) {
        return path.isEmpty() ? field : path + "." + field;
    }

    /** The field names, in the document's order. */
    public Set<String> fieldNames() {
        return Collections.unmodifiableSet(fields.keySet());
    }

    public int size() {
        return fields.size();
    }

    /** Present and not {@code null}. */
    public boolean has(String field) {
        return fields.get(field) != null;
    }

    /** A misspelt key must not pass silently, selecting a default: any field not in {@code known} is an error. */
    public void onlyFields(Set<String> known) throws JsonShapeException {
        for (String name : fields.keySet()) {
            if (!known.contains(name)) {
                throw new JsonShapeException("unknown field '" + shorten(pathOf(name)) + "'");
            }
        }
    }

    public Optional<String> text(String field) throws JsonShapeException {
        Object v = fields.get(field);
        if (v == null) {
            return Optional.empty();
        }
        if (!(v instanceof String s)) {
            throw expected(pathOf(field), "a string", v);
        }
        return Optional.of(s);
    }

    public String requiredText(String field) throws JsonShapeException {
        return text(field).orElseThrow(() -> missing(field, "a string"));
    }

    /** A whole number that fits a {@code long}; {@code 1.0} is not one. */
    public Optional<Long> wholeNumber(String field) throws JsonShapeException {
        Object v = fields.get(field);
        if (v == null) {
            return Optional.empty();
        }
        Optional<Long> n = JsonTree.wholeNumber(v);
        if (n.isEmpty()) {
            throw expected(pathOf(field), "a whole number", v);
        }
        return n;
    }

    public long requiredWholeNumber(String field) throws JsonShapeException {
        return wholeNumber(field).orElseThrow(() -> missing(field, "a whole number"));
    }

    /** A whole number that fits an {@code int}. */
    public Optional<Integer> integer(String field) throws JsonShapeException {
        Optional<Long> v = wholeNumber(field);
        if (v.isPresent() && (v.get() < Integer.MIN_VALUE || v.get() > Integer.MAX_VALUE)) {
            throw new JsonShapeException(pathOf(field) + ": expected a whole number of at most 10 digits, found "
                    + v.get());
        }
        return v.map(Long::intValue);
    }

    public Optional<Boolean> bool(String field) throws JsonShapeException {
        Object v = fields.get(field);
        if (v == null) {
            return Optional.empty();
        }
        if (!(v instanceof Boolean b)) {
            throw expected(pathOf(field), "true or false", v);
        }
        return Optional.of(b);
    }

    /** An ISO-8601 instant such as {@code 2026-11-28T10:15:30Z}. */
    public Optional<Instant> instant(String field) throws JsonShapeException {
        Optional<String> text = text(field);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(text.get()));
        } catch (DateTimeParseException e) {
            throw new JsonShapeException(pathOf(field) + ": expected an ISO-8601 instant such as "
                    + "\"2026-01-31T12:00:00Z\", found \"" + shorten(text.get()) + "\"");
        }
    }

    public Instant requiredInstant(String field) throws JsonShapeException {
        return instant(field).orElseThrow(() -> missing(field, "an ISO-8601 instant"));
    }

    public Optional<JsonObject> object(String field) throws JsonShapeException {
        Object v = fields.get(field);
        if (v == null) {
            return Optional.empty();
        }
        if (!(v instanceof Map<?, ?>)) {
            throw expected(pathOf(field), "an object", v);
        }
        return Optional.of(new JsonObject(cast(v), pathOf(field)));
    }

    public JsonObject requiredObject(String field) throws JsonShapeException {
        return object(field).orElseThrow(() -> missing(field, "an object"));
    }

    /** An array of strings; a {@code null} element is an error that names its index. */
    public Optional<List<String>> texts(String field) throws JsonShapeException {
        Optional<List<?>> array = array(field);
        if (array.isEmpty()) {
            return Optional.empty();
        }
        List<String> out = new ArrayList<>(array.get().size());
        for (int i = 0; i < array.get().size(); i++) {
            Object v = array.get().get(i);
            if (!(v instanceof String s)) {
                throw expected(pathOf(field) + "[" + i + "]", "a string", v);
            }
            out.add(s);
        }
        return Optional.of(List.copyOf(out));
    }

    /** An array of objects; a {@code null} element is an error that names its index. */
    public Optional<List<JsonObject>> objects(String field) throws JsonShapeException {
        Optional<List<?>> array = array(field);
        if (array.isEmpty()) {
            return Optional.empty();
        }
        List<JsonObject> out = new ArrayList<>(array.get().size());
        for (int i = 0; i < array.get().size(); i++) {
            Object v = array.get().get(i);
            String at = pathOf(field) + "[" + i + "]";
            if (!(v instanceof Map<?, ?>)) {
                throw expected(at, "an object", v);
            }
            out.add(new JsonObject(cast(v), at));
        }
        return Optional.of(List.copyOf(out));
    }

    private Optional<List<?>> array(String field) throws JsonShapeException {
        Object v = fields.get(field);
        if (v == null) {
            return Optional.empty();
        }
        if (!(v instanceof List<?> list)) {
            throw expected(pathOf(field), "an array", v);
        }
        return Optional.of(list);
    }

    private JsonShapeException missing(String field, String what) {
        return new JsonShapeException(pathOf(field) + ": expected " + what + ", found nothing");
    }

    private static JsonShapeException expected(String at, String what, Object found) {
        return new JsonShapeException(shorten(at) + ": expected " + what + ", found " + describe(found));
    }

    /** What a value is, for messages: short values are quoted whole, others only named by their type. */
    static String describe(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof String s) {
            return "\"" + shorten(s) + "\"";
        }
        if (v instanceof Map<?, ?>) {
            return "an object";
        }
        if (v instanceof List<?>) {
            return "an array";
        }
        return shorten(String.valueOf(v));
    }

    private static String shorten(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "..." : s;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Object map) {
        return (Map<String, Object>) map;
    }
}
