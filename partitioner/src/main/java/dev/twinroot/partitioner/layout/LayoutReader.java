package dev.twinroot.partitioner.layout;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.twinroot.partitioner.LayoutException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;

/**
 * Reads a layout file. Unknown fields are errors, not ignored: a misspelt "sise" would otherwise silently
 * give a partition the default size, and a layout decides what a device's disk looks like for years.
 */
public final class LayoutReader {

    /** Layout files are small; anything bigger is not a layout. */
    private static final long MAX_BYTES = 1 << 20;

    private final ObjectMapper mapper = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    public LayoutSpec read(Path file) throws IOException {
        if (Files.size(file) > MAX_BYTES) {
            throw new LayoutException(file + ": " + Files.size(file) + " bytes is too large for a layout file (at most " + MAX_BYTES + ")");
        }
        return parse(file.toString(), Files.readString(file));
    }

    /** Parses layout JSON; {@code source} names it in messages. */
    public LayoutSpec parse(String source, String json) throws LayoutException {
        try {
            LayoutSpec spec = mapper.readValue(json, LayoutSpec.class);
            if (spec == null) {
                throw new LayoutException(source + ": expected a JSON object, found null");
            }
            return spec;
        } catch (UnrecognizedPropertyException e) {
            String known = e.getKnownPropertyIds().stream().map(Object::toString).sorted().collect(Collectors.joining(", "));
            throw new LayoutException(source + ": unknown field '" + e.getPropertyName() + "' in " + where(e)
                    + " (known fields: " + known + ")", e);
        } catch (JsonMappingException e) {
            throw new LayoutException(source + ": " + where(e) + ": " + e.getOriginalMessage().replaceAll("\\s*\\n.*", ""), e);
        } catch (JsonProcessingException e) {
            String at = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw new LayoutException(source + ": not valid JSON" + at + ": " + e.getOriginalMessage(), e);
        }
    }

    /** "partitions[2]" style path of the object holding the problem. */
    private static String where(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        var path = e.getPath();
        for (int i = 0; i < path.size(); i++) {
            var ref = path.get(i);
            boolean last = i == path.size() - 1;
            if (ref.getFieldName() != null && !(last && e instanceof UnrecognizedPropertyException)) {
                sb.append(sb.length() == 0 ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.length() == 0 ? "the layout" : sb.toString();
    }
}
