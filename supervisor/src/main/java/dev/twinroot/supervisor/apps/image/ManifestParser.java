package dev.twinroot.supervisor.apps.image;

import static dev.twinroot.supervisor.apps.JsonFields.array;
import static dev.twinroot.supervisor.apps.JsonFields.integer;
import static dev.twinroot.supervisor.apps.JsonFields.object;
import static dev.twinroot.supervisor.apps.JsonFields.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.twinroot.supervisor.apps.AppsFormatException;
import dev.twinroot.supervisor.apps.Digest;
import dev.twinroot.supervisor.apps.JsonFields;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Bytes of an OCI (or Docker schema 2) image manifest or image index to a {@link Manifest}. Fields OCI allows
 * and we do not use (annotations, subject, urls) are ignored; anything we use is checked against caps.
 */
public final class ManifestParser {

    public static final int MAX_BYTES = 4 * 1024 * 1024;
    public static final int MAX_LAYERS = 128;
    static final int MAX_INDEX = 64;
    public static final long MAX_BLOB = 1L << 40;
    public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    public static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
    public static final String DOCKER_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
    private static final Pattern MEDIA_TYPE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9!#$&^_.+/-]{0,254}");
    private static final Pattern PLATFORM_WORD = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    private ManifestParser() {
    }

    public static Manifest parse(byte[] bytes) throws AppsFormatException {
        try {
            JsonNode root = object(JsonFields.tree(bytes, MAX_BYTES, "manifest"), "manifest");
            integer(root.get("schemaVersion"), "manifest.schemaVersion", 2, 2);
            String mediaType = root.has("mediaType") ? text(root.get("mediaType"), "manifest.mediaType", MEDIA_TYPE) : "";
            if (root.has("manifests") && !root.has("layers")) {
                if (!mediaType.isEmpty() && !mediaType.equals(OCI_INDEX) && !mediaType.equals(DOCKER_LIST)) {
                    throw new AppsFormatException("manifest.mediaType: expected an image index, found " + JsonFields.quoted(mediaType));
                }
                return index(root);
            }
            if (!mediaType.isEmpty() && !mediaType.equals(OCI_MANIFEST) && !mediaType.equals(DOCKER_MANIFEST)) {
                throw new AppsFormatException("manifest.mediaType: expected an image manifest, found " + JsonFields.quoted(mediaType));
            }
            Descriptor config = descriptor(root.get("config"), "manifest.config");
            JsonNode list = array(root.get("layers"), "manifest.layers", MAX_LAYERS);
            List<Descriptor> layers = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                layers.add(descriptor(list.get(i), "manifest.layers[" + i + "]"));
            }
            return new Manifest.Image(config, layers);
        } catch (AppsFormatException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new AppsFormatException("manifest: unreadable (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    private static Manifest.Index index(JsonNode root) throws AppsFormatException {
        JsonNode list = array(root.get("manifests"), "manifest.manifests", MAX_INDEX);
        List<Manifest.Entry> entries = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String at = "manifest.manifests[" + i + "]";
            Descriptor d = descriptor(list.get(i), at);
            String os = "";
            String arch = "";
            JsonNode platform = list.get(i).get("platform");
            if (platform != null) {
                object(platform, at + ".platform");
                os = text(platform.get("os"), at + ".platform.os", PLATFORM_WORD);
                arch = text(platform.get("architecture"), at + ".platform.architecture", PLATFORM_WORD);
            }
            entries.add(new Manifest.Entry(d, os, arch));
        }
        return new Manifest.Index(entries);
    }

    static Descriptor descriptor(JsonNode node, String at) throws AppsFormatException {
        object(node, at);
        String mediaType = text(node.get("mediaType"), at + ".mediaType", MEDIA_TYPE);
        Digest digest = Digest.parse(JsonFields.plain(node.get("digest"), at + ".digest", 128), at + ".digest");
        long size = integer(node.get("size"), at + ".size", 0, MAX_BLOB);
        return new Descriptor(mediaType, digest, size);
    }
}
