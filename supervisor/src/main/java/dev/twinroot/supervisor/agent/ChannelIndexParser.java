package dev.twinroot.supervisor.agent;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.twinroot.supervisor.Json;
import dev.twinroot.supervisor.agent.ChannelIndex.Artifact;
import dev.twinroot.supervisor.agent.ChannelIndex.Delta;
import dev.twinroot.supervisor.agent.ChannelIndex.Release;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Bytes from a channel, already signature-checked but still from the network, to a {@link ChannelIndex}.
 * Everything is checked against caps before it is kept, and any input ends as an index or a
 * {@link ChannelException}, never another exception.
 */
public final class ChannelIndexParser {

    public static final int MAX_BYTES = 1024 * 1024;
    static final int MAX_DEVICES = 256;
    static final int MAX_DELTAS = 64;
    static final int MAX_URL = 2048;
    static final long MAX_SIZE = 1L << 44;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.+~_-]{0,63}");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final ObjectReader TREE = Json.reader(JsonNode.class)
            .with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private ChannelIndexParser() {
    }

    /** Parses an index fetched from {@code base}; relative URLs in it are resolved against {@code base}. */
    public static ChannelIndex parse(byte[] bytes, URI base) throws ChannelException {
        if (bytes.length > MAX_BYTES) {
            throw new ChannelException("channel index: " + bytes.length + " bytes, at most " + MAX_BYTES + " allowed");
        }
        try {
            JsonNode root = TREE.readValue(bytes);
            return index(root, base);
        } catch (ChannelException e) {
            throw e;
        } catch (JsonProcessingException e) {
            // The location only: Jackson's own message may quote the input.
            JsonLocation at = e.getLocation();
            throw new ChannelException("channel index: not valid JSON"
                    + (at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr()), e);
        } catch (IOException e) {
            throw new ChannelException("channel index: unreadable: " + e.getClass().getSimpleName(), e);
        } catch (RuntimeException e) {
            // Last resort: whatever the bytes, callers handle one exception type.
            throw new ChannelException("channel index: unreadable (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    private static ChannelIndex index(JsonNode root, URI base) throws ChannelException {
        if (root == null || !root.isObject()) {
            throw new ChannelException("channel index: expected a JSON object at the top");
        }
        JsonNode version = root.get("formatVersion");
        if (version == null || !version.isInt() || version.intValue() != ChannelIndex.FORMAT_VERSION) {
            throw new ChannelException("channel index: formatVersion: expected " + ChannelIndex.FORMAT_VERSION
                    + ", found " + describe(version));
        }
        JsonNode devices = object(root, "devices", "channel index");
        if (devices.size() > MAX_DEVICES) {
            throw new ChannelException("channel index: devices: at most " + MAX_DEVICES + " device types, found "
                    + devices.size());
        }
        Map<String, Release> releases = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : devices.properties()) {
            String at = "devices[" + quoted(e.getKey()) + "]";
            if (!NAME.matcher(e.getKey()).matches()) {
                throw new ChannelException("channel index: " + at + ": not a valid device type");
            }
            releases.put(e.getKey(), release(e.getValue(), at, base));
        }
        return new ChannelIndex(ChannelIndex.FORMAT_VERSION, releases);
    }

    private static Release release(JsonNode node, String at, URI base) throws ChannelException {
        if (!node.isObject()) {
            throw new ChannelException("channel index: " + at + ": expected an object, found " + describe(node));
        }
        String version = text(node, "version", at, VERSION);
        JsonNode bundle = object(node, "bundle", at);
        Artifact full = new Artifact(url(bundle, at + ".bundle", base), size(bundle, at + ".bundle"),
                text(bundle, "sha256", at + ".bundle", SHA256));
        List<Delta> deltas = new ArrayList<>();
        JsonNode list = node.get("deltas");
        if (list != null && !list.isNull()) {
            if (!list.isArray()) {
                throw new ChannelException("channel index: " + at + ".deltas: expected an array, found " + describe(list));
            }
            if (list.size() > MAX_DELTAS) {
                throw new ChannelException("channel index: " + at + ".deltas: at most " + MAX_DELTAS + ", found "
                        + list.size());
            }
            Set<String> froms = new HashSet<>();
            for (int i = 0; i < list.size(); i++) {
                JsonNode d = list.get(i);
                String dat = at + ".deltas[" + i + "]";
                if (!d.isObject()) {
                    throw new ChannelException("channel index: " + dat + ": expected an object, found " + describe(d));
                }
                String from = text(d, "from", dat, VERSION);
                if (!froms.add(from)) {
                    throw new ChannelException("channel index: " + dat + ".from: a second delta from " + from);
                }
                deltas.add(new Delta(from, url(d, dat, base), size(d, dat), text(d, "sha256", dat, SHA256)));
            }
        }
        return new Release(version, full, deltas);
    }

    private static JsonNode object(JsonNode parent, String field, String at) throws ChannelException {
        JsonNode n = parent.get(field);
        if (n == null || !n.isObject()) {
            throw new ChannelException("channel index: " + at + "." + field + ": expected an object, found " + describe(n));
        }
        return n;
    }

    private static String text(JsonNode parent, String field, String at, Pattern pattern) throws ChannelException {
        JsonNode n = parent.get(field);
        if (n == null || !n.isTextual()) {
            throw new ChannelException("channel index: " + at + "." + field + ": expected a string, found " + describe(n));
        }
        if (!pattern.matcher(n.textValue()).matches()) {
            throw new ChannelException("channel index: " + at + "." + field + ": expected " + pattern.pattern()
                    + ", found " + quoted(n.textValue()));
        }
        return n.textValue();
    }

    private static long size(JsonNode parent, String at) throws ChannelException {
        JsonNode n = parent.get("size");
        if (n == null || !n.isIntegralNumber() || !n.canConvertToLong() || n.longValue() < 1 || n.longValue() > MAX_SIZE) {
            throw new ChannelException("channel index: " + at + ".size: expected 1.." + MAX_SIZE + ", found " + describe(n));
        }
        return n.longValue();
    }

    private static URI url(JsonNode parent, String at, URI base) throws ChannelException {
        JsonNode n = parent.get("url");
        if (n == null || !n.isTextual() || n.textValue().isEmpty() || n.textValue().length() > MAX_URL) {
            throw new ChannelException("channel index: " + at + ".url: expected a URL of at most " + MAX_URL
                    + " characters, found " + describe(n));
        }
        URI resolved;
        try {
            resolved = base.resolve(new URI(n.textValue()));
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new ChannelException("channel index: " + at + ".url: not a URL: " + quoted(n.textValue()));
        }
        String scheme = resolved.getScheme();
        if (!"http".equals(scheme) && !"https".equals(scheme) || resolved.getHost() == null) {
            throw new ChannelException("channel index: " + at + ".url: expected http or https with a host, found "
                    + quoted(n.textValue()));
        }
        return resolved;
    }

    private static String describe(JsonNode n) {
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

    private static String quoted(String s) {
        String cut = s.length() > 64 ? s.substring(0, 64) + "..." : s;
        StringBuilder sb = new StringBuilder("\"");
        cut.codePoints().forEach(c -> sb.append(c < 0x20 || c == 0x7f ? "?" : Character.toString(c)));
        return sb.append('"').toString();
    }
}
