package dev.twinroot.supervisor.apps.image;

import static dev.twinroot.supervisor.apps.JsonFields.array;
import static dev.twinroot.supervisor.apps.JsonFields.object;
import static dev.twinroot.supervisor.apps.JsonFields.plain;

import com.fasterxml.jackson.databind.JsonNode;
import dev.twinroot.supervisor.apps.AppsFormatException;
import dev.twinroot.supervisor.apps.Digest;
import dev.twinroot.supervisor.apps.JsonFields;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Bytes of an OCI image config to an {@link ImageConfig}; fields we do not use (history, labels) are ignored. */
public final class ImageConfigParser {

    public static final int MAX_BYTES = 4 * 1024 * 1024;
    static final int MAX_ARGS = 256;
    static final int MAX_ARG = 8192;

    private ImageConfigParser() {
    }

    public static ImageConfig parse(byte[] bytes) throws AppsFormatException {
        try {
            JsonNode root = object(JsonFields.tree(bytes, MAX_BYTES, "image config"), "image config");
            String arch = plain(root.get("architecture"), "image config.architecture", 64);
            JsonNode config = root.get("config");
            List<String> entrypoint = List.of();
            List<String> cmd = List.of();
            List<String> env = List.of();
            Optional<String> workingDir = Optional.empty();
            if (config != null && !config.isNull()) {
                object(config, "image config.config");
                entrypoint = strings(config.get("Entrypoint"), "image config.config.Entrypoint");
                cmd = strings(config.get("Cmd"), "image config.config.Cmd");
                env = strings(config.get("Env"), "image config.config.Env");
                JsonNode wd = config.get("WorkingDir");
                if (wd != null && !wd.isNull() && !plain(wd, "image config.config.WorkingDir", 1024).isEmpty()) {
                    workingDir = Optional.of(wd.textValue());
                }
            }
            JsonNode rootfs = object(root.get("rootfs"), "image config.rootfs");
            JsonNode ids = array(rootfs.get("diff_ids"), "image config.rootfs.diff_ids", ManifestParser.MAX_LAYERS);
            List<String> diffIds = new ArrayList<>();
            for (int i = 0; i < ids.size(); i++) {
                String at = "image config.rootfs.diff_ids[" + i + "]";
                diffIds.add(Digest.parse(plain(ids.get(i), at, 128), at).toString());
            }
            return new ImageConfig(entrypoint, cmd, env, workingDir, arch, diffIds);
        } catch (AppsFormatException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new AppsFormatException("image config: unreadable (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    private static List<String> strings(JsonNode node, String at) throws AppsFormatException {
        if (node == null || node.isNull()) {
            return List.of();
        }
        array(node, at, MAX_ARGS);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            out.add(plain(node.get(i), at + "[" + i + "]", MAX_ARG));
        }
        return out;
    }
}
