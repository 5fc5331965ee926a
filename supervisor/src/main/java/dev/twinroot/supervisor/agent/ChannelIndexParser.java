package dev.twinroot.supervisor.agent;

import dev.twinroot.supervisor.agent.ChannelIndex.Artifact;
import dev.twinroot.supervisor.agent.ChannelIndex.Delta;
import dev.twinroot.supervisor.agent.ChannelIndex.Release;
import dev.twinroot.updater.json.JsonShapeException;
import dev.twinroot.updater.json.JsonTree;
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

    private ChannelIndexParser() {
    }

    /** Parses an index fetched from {@code base}; relative URLs in it are resolved against {@code base}. */
    public static ChannelIndex parse(byte[] bytes, URI base) throws ChannelException {
        if (bytes.length > MAX_BYTES) {
            throw new ChannelException("channel index: " + bytes.length + " bytes, at most " + MAX_BYTES + " allowed");
        }
        try {
            // A tree of maps, lists and values (jackson-jr): the agent runs in the daemon, which keeps Jackson's
            // databind out of its memory until something asks its API.
            return index(JsonTree.read(bytes), base);
        } catch (JsonShapeException e) {
            throw new ChannelException("channel index: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            // Last resort: whatever the bytes, callers handle one exception type.
            throw new ChannelException("channel index: unreadable (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    private static ChannelIndex index(Object tree, URI base) throws ChannelException {
        if (!(tree instanceof Map<?, ?> root)) {
            throw new ChannelException("channel index: expected a JSON object at the top");
        }
        Object version = root.get("formatVersion");
        if (!(version instanceof Integer v) || v != ChannelIndex.FORMAT_VERSION) {
            throw new ChannelException("channel index: formatVersion: expected " + ChannelIndex.FORMAT_VERSION
                    + ", found " + describe(version));
        }
        Map<?, ?> devices = object(root, "devices", "channel index");
        if (devices.size() > MAX_DEVICES) {
            throw new ChannelException("channel index: devices: at most " + MAX_DEVICES + " device types, found "
                    + devices.size());
        }
        Map<String, Release> releases = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : devices.entrySet()) {
            String name = (String) e.getKey();
            String at = "devices[" + quoted(name) + "]";
            if (!NAME.matcher(name).matches()) {
                throw new ChannelException("channel index: " + at + ": not a valid device type");
            }
            releases.put(name, release(e.getValue(), at, base));
        }
        return new ChannelIndex(ChannelIndex.FORMAT_VERSION, releases);
    }

    private static Release release(Object value, String at, URI base) throws ChannelException {
        if (!(value instanceof Map<?, ?> node)) {
            throw new ChannelException("channel index: " + at + ": expected an object, found " + describe(value));
        }
        String version = text(node, "version", at, VERSION);
        Map<?, ?> bundle = object(node, "bundle", at);
        Artifact full = new Artifact(url(bundle, at + ".bundle", base), size(bundle, at + ".bundle"),
                text(bundle, "sha256", at + ".bundle", SHA256));
        List<Delta> deltas = new ArrayList<>();
        Object listed = node.get("deltas");
        if (listed != null) {
            if (!(listed instanceof List<?> list)) {
                throw new ChannelException("channel index: " + at + ".deltas: expected an array, found "
                        + describe(listed));
            }
            if (list.size() > MAX_DELTAS) {
                throw new ChannelException("channel index: " + at + ".deltas: at most " + MAX_DELTAS + ", found "
                        + list.size());
            }
            Set<String> froms = new HashSet<>();
            for (int i = 0; i < list.size(); i++) {
                String dat = at + ".deltas[" + i + "]";
                if (!(list.get(i) instanceof Map<?, ?> d)) {
                    throw new ChannelException("channel index: " + dat + ": expected an object, found "
                            + describe(list.get(i)));
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

    private static Map<?, ?> object(Map<?, ?> parent, String field, String at) throws ChannelException {
        if (!(parent.get(field) instanceof Map<?, ?> n)) {
            throw new ChannelException("channel index: " + at + "." + field + ": expected an object, found "
                    + describe(parent.get(field)));
        }
        return n;
    }

    private static String text(Map<?, ?> parent, String field, String at, Pattern pattern) throws ChannelException {
        if (!(parent.get(field) instanceof String n)) {
            throw new ChannelException("channel index: " + at + "." + field + ": expected a string, found "
                    + describe(parent.get(field)));
        }
        if (!pattern.matcher(n).matches()) {
            throw new ChannelException("channel index: " + at + "." + field + ": expected " + pattern.pattern()
                    + ", found " + quoted(n));
        }
        return n;
    }

    private static long size(Map<?, ?> parent, String at) throws ChannelException {
        Object n = parent.get("size");
        long size = n instanceof Integer i ? i : n instanceof Long l ? l : -1;
        if (size < 1 || size > MAX_SIZE) {
            throw new ChannelException("channel index: " + at + ".size: expected 1.." + MAX_SIZE + ", found "
                    + describe(n));
        }
        return size;
    }

    private static URI url(Map<?, ?> parent, String at, URI base) throws ChannelException {
        if (!(parent.get("url") instanceof String n) || n.isEmpty() || n.length() > MAX_URL) {
            throw new ChannelException("channel index: " + at + ".url: expected a URL of at most " + MAX_URL
                    + " characters, found " + describe(parent.get("url")));
        }
        URI resolved;
        try {
            resolved = base.resolve(new URI(n));
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new ChannelException("channel index: " + at + ".url: not a URL: " + quoted(n));
        }
        String scheme = resolved.getScheme();
        if (!"http".equals(scheme) && !"https".equals(scheme) || resolved.getHost() == null) {
            throw new ChannelException("channel index: " + at + ".url: expected http or https with a host, found "
                    + quoted(n));
        }
        return resolved;
    }

    private static String describe(Object n) {
        if (n == null) {
            return "nothing";
        }
        if (n instanceof String s) {
            return quoted(s);
        }
        if (n instanceof Map<?, ?>) {
            return "an object";
        }
        if (n instanceof List<?>) {
            return "an array";
        }
        String s = String.valueOf(n);
        return s.length() > 32 ? s.substring(0, 32) + "..." : s;
    }

    private static String quoted(String s) {
        String cut = s.length() > 64 ? s.substring(0, 64) + "..." : s;
        StringBuilder sb = new StringBuilder("\"");
        cut.codePoints().forEach(c -> sb.append(c < 0x20 || c == 0x7f ? "?" : Character.toString(c)));
        return sb.append('"').toString();
    }
}
