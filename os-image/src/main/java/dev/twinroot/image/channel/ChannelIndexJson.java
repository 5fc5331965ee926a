package dev.twinroot.image.channel;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Writes a channel index, {@code docs/formats/channel.md} format 1, which the supervisor's
 * {@code ChannelIndexParser} reads. URLs are relative to the index, so the directory can be served from
 * anywhere. Fields come in a fixed order and devices sorted by name, so the same channel gives the same bytes.
 */
final class ChannelIndexJson {

    static final int FORMAT_VERSION = 1;

    /** A file of the channel as the index describes it. */
    record Artifact(String url, long size, String sha256) {}

    record Delta(String from, Artifact artifact) {}

    /** What the index says about one device type. */
    record Entry(String version, Artifact bundle, List<Delta> deltas) {}

    private ChannelIndexJson() {}

    static byte[] encode(Map<String, Entry> devices) throws IOException {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        root.put("formatVersion", FORMAT_VERSION);
        ObjectNode devs = root.putObject("devices");
        for (String type : new java.util.TreeSet<>(devices.keySet())) {
            Entry e = devices.get(type);
            ObjectNode d = devs.putObject(type);
            d.put("version", e.version());
            artifact(d.putObject("bundle"), e.bundle());
            ArrayNode deltas = d.putArray("deltas");
            for (Delta delta : e.deltas()) {
                ObjectNode o = deltas.addObject();
                o.put("from", delta.from());
                artifact(o, delta.artifact());
            }
        }
        byte[] text = mapper.writeValueAsBytes(root);
        byte[] withNewline = java.util.Arrays.copyOf(text, text.length + 1);
        withNewline[text.length] = '\n';
        return withNewline;
    }

    private static void artifact(ObjectNode o, Artifact a) {
        o.put("url", a.url());
        o.put("size", a.size());
        o.put("sha256", a.sha256());
    }
}
