package dev.twinroot.updater.bundle;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.twinroot.updater.json.JsonShapeException;
import dev.twinroot.updater.json.JsonTree;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Manifest JSON to {@link Manifest} and back. Parsing is strict where a lax parser could let two readers
 * disagree about signed bytes: UTF-8 only, duplicate keys rejected, nothing after the object. Unknown fields
 * are ignored, so a newer writer can add optional information without a format bump.
 *
 * <p>Reading goes through {@link JsonTree} (jackson-core and jackson-jr), not databind: every install on a device
 * parses one manifest, and building databind's {@code ObjectMapper} cost seconds of a cold install under
 * emulation. Writing, on the build host, keeps databind's output, byte for byte.
 */
public final class ManifestCodec {

    /** Arrays and objects inside each other: a manifest needs 3. */
    private static final int MAX_NESTING = 16;

    private final BundleLimits limits;

    public ManifestCodec(BundleLimits limits) {
        this.limits = limits;
    }

    /** Parses manifest bytes; any byte string gives a manifest or a {@link BundleException}. */
    public Manifest parse(byte[] bytes) throws BundleException {
        if (bytes.length > limits.maxManifestBytes()) {
            throw new BundleLimitException("manifest of " + bytes.length + " bytes exceeds the limit of "
                    + limits.maxManifestBytes());
        }
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
        } catch (CharacterCodingException e) {
            throw new BundleFormatException("manifest is not valid UTF-8");
        }
        Object root;
        try {
            root = JsonTree.read(bytes, MAX_NESTING, limits.maxManifestBytes());
        } catch (JsonShapeException e) {
            throw new BundleFormatException("manifest is " + e.getMessage(), e);
        }
        if (!(root instanceof Map<?, ?> object)) {
            throw new BundleFormatException("manifest: expected a JSON object at the top level");
        }
        try {
            return toManifest(object);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new BundleFormatException("manifest: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            // Last resort, so callers handle one type: a bug here must still read as a refused manifest.
            throw new BundleFormatException("manifest: unexpected " + e.getClass().getSimpleName(), e);
        }
    }

    private Manifest toManifest(Map<?, ?> root) throws BundleException {
        long format = integer(root, "format", "format");
        if (format != BundleFormat.MANIFEST_FORMAT) {
            throw new BundleFormatException("manifest field format: expected " + BundleFormat.MANIFEST_FORMAT
                    + ", found " + format);
        }
        String compatible = text(root, "compatible", "compatible");
        Version version = version(root, "version");
        // A field given as null is present: it must then be a version, as any reader of the signed bytes sees it.
        Optional<Version> minimum = root.containsKey("minimumVersion") ? Optional.of(version(root, "minimumVersion"))
                : Optional.empty();
        if (!(root.get("payloads") instanceof List<?> payloadsNode)) {
            throw new BundleFormatException("manifest field payloads: expected an array");
        }
        if (payloadsNode.size() > limits.maxPayloads()) {
            throw new BundleLimitException("manifest lists " + payloadsNode.size() + " payloads, the limit is "
                    + limits.maxPayloads());
        }
        List<Payload> payloads = new ArrayList<>();
        long total = 0;
        for (int i = 0; i < payloadsNode.size(); i++) {
            Payload p = payload(payloadsNode.get(i), "payloads[" + i + "]");
            total = Math.addExact(total, p.size());
            payloads.add(p);
        }
        return new Manifest(compatible, version, minimum, payloads);
    }

    private static Payload payload(Object element, String where) throws BundleException {
        if (!(element instanceof Map<?, ?> node)) {
            throw new BundleFormatException("manifest field " + where + ": expected an object");
        }
        String kindName = text(node, "kind", where + ".kind");
        PayloadKind kind = PayloadKind.fromWireName(kindName).orElseThrow(() -> new BundleFormatException(
                "manifest field " + where + ".kind: expected \"full\" or \"delta\""));
        String slot = text(node, "slotClass", where + ".slotClass");
        String compressionName = text(node, "compression", where + ".compression");
        Compression compression = Compression.fromWireName(compressionName).orElseThrow(() ->
                new BundleFormatException("manifest field " + where + ".compression: expected none, zstd or xz"));
        long size = integer(node, "size", where + ".size");
        Sha256 sha = sha(node, "sha256", where + ".sha256");
        long imageSize = integer(node, "imageSize", where + ".imageSize");
        Sha256 imageSha = sha(node, "imageSha256", where + ".imageSha256");
        Optional<DeltaSource> source = Optional.empty();
        if (kind == PayloadKind.DELTA) {
            source = Optional.of(new DeltaSource(integer(node, "sourceSize", where + ".sourceSize"),
                    sha(node, "sourceSha256", where + ".sourceSha256")));
        } else if (node.containsKey("sourceSha256") || node.containsKey("sourceSize")) {
            throw new BundleFormatException("manifest field " + where + ": a full payload has no delta source");
        }
        try {
            return new Payload(kind, slot, size, sha, compression, imageSize, imageSha, source);
        } catch (IllegalArgumentException e) {
            throw new BundleFormatException("manifest field " + where + ": " + e.getMessage());
        }
    }

    /** A JSON integer (not {@code 1.0}, not {@code 1e3}) from 0 to {@link Long#MAX_VALUE}. */
    private static long integer(Map<?, ?> parent, String field, String where) throws BundleFormatException {
        long value = JsonTree.wholeNumber(parent.get(field)).orElse(-1L);
        if (value < 0) {
            throw new BundleFormatException("manifest field " + where + ": expected an integer from 0 to "
                    + Long.MAX_VALUE);
        }
        return value;
    }

    private static String text(Map<?, ?> parent, String field, String where) throws BundleFormatException {
        if (!(parent.get(field) instanceof String s)) {
            throw new BundleFormatException("manifest field " + where + ": expected a string");
        }
        return s;
    }

    private static Sha256 sha(Map<?, ?> parent, String field, String where) throws BundleFormatException {
        try {
            return new Sha256(text(parent, field, where));
        } catch (IllegalArgumentException e) {
            throw new BundleFormatException("manifest field " + where + ": expected 64 lowercase hex digits");
        }
    }

    private static Version version(Map<?, ?> parent, String field) throws BundleFormatException {
        try {
            return Version.parse(text(parent, field, field));
        } catch (IllegalArgumentException e) {
            throw new BundleFormatException("manifest field " + field + ": " + e.getMessage());
        }
    }

    /** Encodes with a fixed field order, so the same manifest always gives the same bytes. */
    public byte[] toBytes(Manifest m) {
        ObjectMapper mapper = Writer.MAPPER;
        ObjectNode root = mapper.createObjectNode();
        root.put("format", BundleFormat.MANIFEST_FORMAT);
        root.put("compatible", m.compatible());
        root.put("version", m.version().toString());
        m.minimumVersion().ifPresent(v -> root.put("minimumVersion", v.toString()));
        ArrayNode payloads = root.putArray("payloads");
        for (Payload p : m.payloads()) {
            ObjectNode n = payloads.addObject();
            n.put("kind", p.kind().wireName());
            n.put("slotClass", p.slotClass());
            n.put("compression", p.compression().wireName());
            n.put("size", p.size());
            n.put("sha256", p.sha256().hex());
            n.put("imageSize", p.imageSize());
            n.put("imageSha256", p.imageSha256().hex());
            p.deltaSource().ifPresent(s -> {
                n.put("sourceSize", s.size());
                n.put("sourceSha256", s.sha256().hex());
            });
        }
        try {
            byte[] bytes = mapper.writeValueAsBytes(root);
            byte[] withNewline = java.util.Arrays.copyOf(bytes, bytes.length + 1);
            withNewline[bytes.length] = '\n';
            return withNewline;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a manifest tree always serializes", e);
        }
    }

    /** Databind's mapper, built on first use: only the build host writes manifests. */
    private static final class Writer {
        static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    }
}
