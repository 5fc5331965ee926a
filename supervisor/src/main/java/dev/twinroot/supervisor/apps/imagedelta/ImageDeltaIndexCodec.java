package dev.twinroot.supervisor.apps.imagedelta;

import static dev.twinroot.supervisor.apps.JsonFields.array;
import static dev.twinroot.supervisor.apps.JsonFields.integer;
import static dev.twinroot.supervisor.apps.JsonFields.object;
import static dev.twinroot.supervisor.apps.JsonFields.onlyKnown;
import static dev.twinroot.supervisor.apps.JsonFields.plain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.twinroot.supervisor.Json;
import dev.twinroot.supervisor.apps.AppsFormatException;
import dev.twinroot.supervisor.apps.Digest;
import dev.twinroot.supervisor.apps.JsonFields;
import dev.twinroot.supervisor.apps.image.ManifestParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The index of an image delta archive, JSON bytes to {@link ImageDeltaIndex} and back. The document is ours,
 * so it is read strictly: unknown fields, a missing field, a digest not in OCI's form, a size out of range are
 * refused with the field's path.
 */
final class ImageDeltaIndexCodec {

    static final String FROM_DEVICE = "device";
    static final String FROM_DELTA = "delta";
    static final String FROM_LAYER = "layer";

    private ImageDeltaIndexCodec() {
    }

    static ImageDeltaIndex decode(byte[] bytes) throws AppsFormatException {
        try {
            JsonNode root = object(JsonFields.tree(bytes, ImageDeltaConstants.MAX_INDEX_BYTES, "image delta index"),
                    "image delta index");
            onlyKnown(root, "image delta index", Set.of("source", "manifest", "config", "layers"));
            JsonNode source = object(root.get("source"), "source");
            onlyKnown(source, "source", Set.of("manifest", "config"));
            Digest sourceManifest = digest(source.get("manifest"), "source.manifest");
            Digest sourceConfig = digest(source.get("config"), "source.config");
            ImageDeltaIndex.Blob manifest = blob(root.get("manifest"), "manifest",
                    ImageDeltaConstants.MAX_DOCUMENT_BYTES, Set.of());
            ImageDeltaIndex.Blob config = blob(root.get("config"), "config", ImageDeltaConstants.MAX_DOCUMENT_BYTES,
                    Set.of());
            JsonNode list = array(root.get("layers"), "layers", ManifestParser.MAX_LAYERS);
            List<ImageDeltaIndex.Layer> layers = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                layers.add(layer(list.get(i), "layers[" + i + "]"));
            }
            return new ImageDeltaIndex(sourceManifest, sourceConfig, manifest, config, layers);
        } catch (AppsFormatException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new AppsFormatException("image delta index: unreadable (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    private static ImageDeltaIndex.Layer layer(JsonNode node, String at) throws AppsFormatException {
        object(node, at);
        Digest diffId = digest(node.get("diffId"), at + ".diffId");
        String from = plain(node.get("from"), at + ".from", 16);
        switch (from) {
            case FROM_DEVICE -> {
                onlyKnown(node, at, Set.of("diffId", "from"));
                return new ImageDeltaIndex.OnDevice(diffId);
            }
            case FROM_DELTA -> {
                Set<String> known = Set.of("diffId", "from", "sourceDiffId", "digest", "size");
                onlyKnown(node, at, known);
                return new ImageDeltaIndex.Patched(diffId, digest(node.get("sourceDiffId"), at + ".sourceDiffId"),
                        blob(node, at, ImageDeltaConstants.MAX_LAYER_BYTES, known));
            }
            case FROM_LAYER -> {
                Set<String> known = Set.of("diffId", "from", "digest", "size");
                onlyKnown(node, at, known);
                return new ImageDeltaIndex.Whole(diffId, blob(node, at, ImageDeltaConstants.MAX_LAYER_BYTES, known));
            }
            default -> throw new AppsFormatException(at + ".from: expected device, delta or layer, found "
                    + JsonFields.quoted(from));
        }
    }

    /** {@code digest} and {@code size} of {@code node}; {@code known} empty means they are its only fields. */
    private static ImageDeltaIndex.Blob blob(JsonNode node, String at, long maxSize, Set<String> known)
            throws AppsFormatException {
        object(node, at);
        if (known.isEmpty()) {
            onlyKnown(node, at, Set.of("digest", "size"));
        }
        Digest d = digest(node.get("digest"), at + ".digest");
        long size = integer(node.get("size"), at + ".size", 0, maxSize);
        return new ImageDeltaIndex.Blob(d, size);
    }

    private static Digest digest(JsonNode node, String at) throws AppsFormatException {
        return Digest.parse(plain(node, at, 128), at);
    }

    static byte[] encode(ImageDeltaIndex index) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode root = f.objectNode();
        ObjectNode source = root.putObject("source");
        source.put("manifest", index.sourceManifest().toString());
        source.put("config", index.sourceConfig().toString());
        putBlob(root.putObject("manifest"), index.manifest());
        putBlob(root.putObject("config"), index.config());
        ArrayNode layers = root.putArray("layers");
        for (ImageDeltaIndex.Layer l : index.layers()) {
            ObjectNode n = layers.addObject();
            n.put("diffId", l.diffId().toString());
            if (l instanceof ImageDeltaIndex.OnDevice) {
                n.put("from", FROM_DEVICE);
            } else if (l instanceof ImageDeltaIndex.Patched p) {
                n.put("from", FROM_DELTA);
                n.put("sourceDiffId", p.sourceDiffId().toString());
                putBlob(n, p.delta());
            } else if (l instanceof ImageDeltaIndex.Whole w) {
                n.put("from", FROM_LAYER);
                putBlob(n, w.blob());
            }
        }
        return Json.bytes(root);
    }

    private static void putBlob(ObjectNode n, ImageDeltaIndex.Blob b) {
        n.put("digest", b.digest().toString());
        n.put("size", b.size());
    }
}
