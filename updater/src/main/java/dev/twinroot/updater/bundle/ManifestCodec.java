package dev.twinroot.updater.bundle;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Manifest JSON to {@link Manifest} and back. Parsing is strict where a lax parser could let two readers
 * disagree about signed bytes: UTF-8 only, duplicate keys rejected, nothing after the object. Unknown fields
 * are ignored, so a newer writer can add optional information without a format bump.
 */
public final class ManifestCodec {

    private final BundleLimits limits;
    private final ObjectMapper mapper;

    public ManifestCodec(BundleLimits limits) {
        this.limits = limits;
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(16)
                        .maxNumberLength(32)
                        .maxStringLength(limits.maxManifestBytes())
                        .build())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        this.mapper = new ObjectMapper(factory)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(SerializationFeature.INDENT_OUTPUT);
    }

    /** Parses manifest bytes; any byte string gives a manifest or a {@link BundleException}. */
    public Manifest parse(byte[] bytes) throws BundleException {
        if (bytes.length > limits.maxManifestBytes()) {
            throw new BundleLimitException("manifest of " + bytes.length + " bytes exceeds the limit of "
                    + limits.maxManifestBytes());
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new BundleFormatException("manifest is not valid UTF-8");
        }
        JsonNode root;
        try {
            root = mapper.readTree(text);
        } catch (RuntimeException e) {
            throw new BundleFormatException("manifest: unexpected " + e.getClass().getSimpleName() + " from the JSON parser", e);
        } catch (JsonProcessingException e) {
            // Jackson's own message quotes the offending token: report where instead of what.
            var at = e.getLocation();
            throw new BundleFormatException("manifest is not valid JSON"
                    + (at == null ? "" : " at line " + at.getLineNr() + " column " + at.getColumnNr()), e);
        }
        if (root == null || !root.isObject()) {
            throw new BundleFormatException("manifest: expected a JSON object at the top level");
        }
        try {
            return toManifest(root);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new BundleFormatException("manifest: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            // Last resort, so callers handle one type: a bug here must still read as a refused manifest.
            throw new BundleFormatException("manifest: unexpected " + e.getClass().getSimpleName(), e);
        }
    }

    private Manifest toManifest(JsonNode root) throws BundleException {
        long format = integer(root, "format", "format");
        if (format != BundleFormat.MANIFEST_FORMAT) {
            throw new BundleFormatException("manifest field format: expected " + BundleFormat.MANIFEST_FORMAT
                    + ", found " + format);
        }
        String compatible = text(root, "compatible", "compatible");
        Version version = version(root, "version");
        Optional<Version> minimum = root.has("minimumVersion") ? Optional.of(version(root, "minimumVersion"))
                : Optional.empty();
        JsonNode payloadsNode = root.get("payloads");
        if (payloadsNode == null || !payloadsNode.isArray()) {
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

    private static Payload payload(JsonNode node, String where) throws BundleException {
        if (!node.isObject()) {
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
        } else if (node.has("sourceSha256") || node.has("sourceSize")) {
            throw new BundleFormatException("manifest field " + where + ": a full payload has no delta source");
        }
        try {
            return new Payload(kind, slot, size, sha, compression, imageSize, imageSha, source);
        } catch (IllegalArgumentException e) {
            throw new BundleFormatException("manifest field " + where + ": " + e.getMessage());
        }
    }

    private static long integer(JsonNode parent, String field, String where) throws BundleFormatException {
        JsonNode n = parent.get(field);
        if (n == null || !n.isIntegralNumber() || !n.canConvertToLong() || n.asLong() < 0) {
            throw new BundleFormatException("manifest field " + where + ": expected an integer from 0 to "
                    + Long.MAX_VALUE);
        }
        return n.asLong();
    }

    private static String text(JsonNode parent, String field, String where) throws BundleFormatException {
        JsonNode n = parent.get(field);
        if (n == null || !n.isTextual()) {
            throw new BundleFormatException("manifest field " + where + ": expected a string");
        }
        return n.textValue();
    }

    private static Sha256 sha(JsonNode parent, String field, String where) throws BundleFormatException {
        try {
            return new Sha256(text(parent, field, where));
        } catch (IllegalArgumentException e) {
            throw new BundleFormatException("manifest field " + where + ": expected 64 lowercase hex digits");
        }
    }

    private static Version version(JsonNode parent, String field) throws BundleFormatException {
        try {
            return Version.parse(text(parent, field, field));
        } catch (IllegalArgumentException e) {
            throw new BundleFormatException("manifest field " + field + ": " + e.getMessage());
        }
    }

    /** Encodes with a fixed field order, so the same manifest always gives the same bytes. */
    public byte[] toBytes(Manifest m) {
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
}
