package dev.twinroot.image.build;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Reads an image config: YAML for {@code .yaml}/{@code .yml}, JSON otherwise. Unknown fields are errors (a
 * misspelt {@code slotFilesytem} would otherwise silently build the default), and relative paths are resolved
 * against the config file's directory, so a config works from any working directory.
 */
public final class ImageConfigReader {
    /** Far above any real config; the file is read whole. */
    static final long MAX_BYTES = 1 << 20;

    public ImageConfig read(Path file) throws IOException {
        if (Files.size(file) > MAX_BYTES) {
            throw new ImageConfigException("config " + file + " is larger than " + MAX_BYTES + " bytes");
        }
        String name = file.getFileName().toString();
        boolean yaml = name.endsWith(".yaml") || name.endsWith(".yml");
        ImageConfig config = parse(file.toString(), Files.readString(file), yaml);
        return resolve(config, file.toAbsolutePath().getParent());
    }

    /** Parses config text; {@code source} names it in messages. */
    public ImageConfig parse(String source, String text, boolean yaml) throws ImageConfigException {
        ObjectMapper mapper = (yaml ? new ObjectMapper(new YAMLFactory()) : new ObjectMapper())
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        if (text.isBlank()) {
            return ImageConfig.defaults();
        }
        try {
            ImageConfig config = mapper.readValue(text, ImageConfig.class);
            if (config == null) {
                return ImageConfig.defaults();
            }
            return config;
        } catch (UnrecognizedPropertyException e) {
            String known = e.getKnownPropertyIds().stream().map(Object::toString).sorted().collect(Collectors.joining(", "));
            throw new ImageConfigException("config " + source + ": unknown field '" + path(e) + "'"
                    + " (known fields here: " + known + ")");
        } catch (ValueInstantiationException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new ImageConfigException("config " + source + ": " + cause.getMessage() + " (at " + where(e) + ")");
        } catch (JsonProcessingException e) {
            throw new ImageConfigException("config " + source + ": " + e.getOriginalMessage() + " at " + where(e));
        }
    }

    /**
     * The field's path from the top, e.g. {@code sizes.slots}. Used instead of a line number: records are
     * built through their constructor, so the parser's position has already moved to the end of the block.
     */
    private static String path(JsonMappingException e) {
        return e.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }

    private static String where(JsonProcessingException e) {
        return e.getLocation() == null ? "unknown position"
                : "line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
    }

    private static ImageConfig resolve(ImageConfig c, Path base) {
        ImageConfig.RootfsConfig rootfs = c.rootfs().pathOrEmpty()
                .map(p -> new ImageConfig.RootfsConfig(c.rootfs().type(), c.rootfs().extraPackages(),
                        base.resolve(p).toString()))
                .orElse(c.rootfs());
        Map<String, String> files = new TreeMap<>();
        c.extraFiles().forEach((target, host) -> files.put(target, base.resolve(host).toString()));
        String keyring = c.keyringOrEmpty().map(k -> base.resolve(k).toString()).orElse(null);
        List<String> tlsCas = c.tlsCaCertificates().stream().map(p -> base.resolve(p).toString()).toList();
        return new ImageConfig(c.machine(), rootfs, c.sizes(), c.bootloader(), c.slotFilesystem(), c.slotB(),
                c.version(), c.compatible(), keyring, files, c.supervisorJvmOptions(), c.modules(), c.seed(),
                c.epoch(), c.kernelArguments(), c.network(), c.device(), c.containers(), tlsCas);
    }
}
