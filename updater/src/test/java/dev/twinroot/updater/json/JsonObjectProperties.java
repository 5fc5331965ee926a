package dev.twinroot.updater.json;

/** Asks every typed question of every field of an object, recursively, as a reader of any shape might. */
final class JsonObjectProperties {

    private JsonObjectProperties() {
    }

    static void walk(JsonObject o) {
        for (String f : o.fieldNames()) {
            ask(() -> o.text(f));
            ask(() -> o.wholeNumber(f));
            ask(() -> o.integer(f));
            ask(() -> o.bool(f));
            ask(() -> o.instant(f));
            ask(() -> o.texts(f));
            ask(() -> o.object(f).ifPresent(JsonObjectProperties::walk));
            ask(() -> o.objects(f).ifPresent(list -> list.forEach(JsonObjectProperties::walk)));
        }
    }

    private interface Question {
        void ask() throws JsonShapeException;
    }

    private static void ask(Question q) {
        try {
            q.ask();
        } catch (JsonShapeException expected) {
            // A wrong type is reported this way, with the field's path.
        }
    }
}
