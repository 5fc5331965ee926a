package dev.twinroot.updater.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JsonTreeTest {

    @Test
    void typedFieldsAndTheirPaths() throws Exception {
        JsonObject o = JsonTree.readObject(bytes("{\"api\":{\"port\":7411,\"socket\":\"/s\"},\"grow\":true,"
                + "\"cmds\":[{\"name\":\"a\",\"argv\":[\"/bin/true\"]}],\"at\":\"2026-11-28T10:00:00Z\",\"none\":null}"));
        JsonObject api = o.requiredObject("api");
        assertEquals(7411, api.integer("port").orElseThrow());
        assertEquals("/s", api.requiredText("socket"));
        assertEquals(Optional.of(true), o.bool("grow"));
        assertEquals(Instant.parse("2026-11-28T10:00:00Z"), o.requiredInstant("at"));
        assertFalse(o.has("none"), "null counts as absent");
        assertEquals(Optional.empty(), o.text("none"));
        JsonObject cmd = o.objects("cmds").orElseThrow().get(0);
        assertEquals("cmds[0]", cmd.path());
        assertEquals(List.of("/bin/true"), cmd.texts("argv").orElseThrow());

        assertEquals("api.port: expected a string, found 7411",
                assertThrows(JsonShapeException.class, () -> api.text("port")).getMessage());
        assertEquals("api.socket: expected a whole number, found \"/s\"",
                assertThrows(JsonShapeException.class, () -> api.wholeNumber("socket")).getMessage());
        assertEquals("api.missing: expected a string, found nothing",
                assertThrows(JsonShapeException.class, () -> api.requiredText("missing")).getMessage());
        assertEquals("unknown field 'api.socket'",
                assertThrows(JsonShapeException.class, () -> api.onlyFields(Set.of("port"))).getMessage());
        assertEquals("cmds[0].argv[0]: expected an object, found \"/bin/true\"",
                assertThrows(JsonShapeException.class, () -> cmd.objects("argv")).getMessage());
    }

    @Test
    void numbersThatAreNotWholeOrTooLargeAreRefused() throws Exception {
        JsonObject o = JsonTree.readObject(bytes("{\"f\":1.0,\"big\":18446744073709551616,\"i\":4294967296,"
                + "\"l\":9223372036854775807}"));
        assertThrows(JsonShapeException.class, () -> o.wholeNumber("f"));
        assertThrows(JsonShapeException.class, () -> o.wholeNumber("big"));
        assertThrows(JsonShapeException.class, () -> o.integer("i"));
        assertEquals(Long.MAX_VALUE, o.requiredWholeNumber("l"));
    }

    @Test
    void invalidJsonSaysWhere() {
        String m = assertThrows(JsonShapeException.class, () -> JsonTree.read(bytes("{\n\"a\": tru}"))).getMessage();
        assertTrue(m.startsWith("not valid JSON: ") && m.contains("(line 2, column"), m);
        assertEquals("the document: expected a JSON object, found an array",
                assertThrows(JsonShapeException.class, () -> JsonTree.readObject(bytes("[1]"))).getMessage());
        assertThrows(JsonShapeException.class, () -> JsonTree.read(bytes("[".repeat(40) + "]".repeat(40))),
                "nesting is bounded");
        assertThrows(JsonShapeException.class, () -> JsonTree.read(bytes("{\"a\":1} {")), "one document only");
        assertThrows(JsonShapeException.class, () -> JsonTree.read(bytes("{\"a\":1,\"a\":2}")), "keys once");
        assertThrows(JsonShapeException.class, () -> JsonTree.read(bytes("")), "empty");
    }

    /** Random trees written and read back are equal; random edits of their bytes give a tree or the exception. */
    @Test
    void randomTreesRoundTripAndDamagedOnesAreRefusedCleanly() throws Exception {
        Random random = new Random(20261128);
        for (int i = 0; i < 2000; i++) {
            Map<String, Object> tree = object(random, 0);
            byte[] written = JsonTree.write(tree);
            assertEquals(tree, JsonTree.read(written));
            byte[] damaged = written.clone();
            for (int k = random.nextInt(4); k >= 0; k--) {
                damaged[random.nextInt(damaged.length)] = (byte) random.nextInt(256);
            }
            try {
                JsonObjectProperties.walk(JsonTree.readObject(damaged));
            } catch (JsonShapeException expected) {
                // A refusal is a correct answer.
            }
        }
    }

    private static Map<String, Object> object(Random r, int depth) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = r.nextInt(5); i > 0; i--) {
            m.put("k" + r.nextInt(1000), value(r, depth + 1));
        }
        return m;
    }

    private static Object value(Random r, int depth) {
        switch (depth > 5 ? r.nextInt(4) : r.nextInt(6)) {
            case 0:
                return r.nextBoolean() ? (Object) r.nextInt() : (Object) (r.nextLong() | (1L << 40));
            case 1:
                return "s\"\\\u00e9\n" + r.nextInt();
            case 2:
                return r.nextBoolean();
            case 3:
                return Instant.ofEpochSecond(r.nextInt(Integer.MAX_VALUE)).toString();
            case 4:
                List<Object> l = new ArrayList<>();
                for (int i = r.nextInt(4); i > 0; i--) {
                    l.add(value(r, depth + 1));
                }
                return l;
            default:
                return object(r, depth);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
