package dev.twinroot.supervisor.apps.imagedelta;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.twinroot.supervisor.Json;
import dev.twinroot.supervisor.apps.AppsException;
import dev.twinroot.supervisor.apps.AppsFormatException;
import dev.twinroot.supervisor.apps.Digest;
import dev.twinroot.supervisor.apps.Trees;
import dev.twinroot.supervisor.apps.image.Descriptor;
import dev.twinroot.supervisor.apps.image.ImageConfig;
import dev.twinroot.supervisor.apps.image.ImageConfigParser;
import dev.twinroot.supervisor.apps.image.ImagePlatform;
import dev.twinroot.supervisor.apps.image.ImageStore;
import dev.twinroot.supervisor.apps.image.Manifest;
import dev.twinroot.supervisor.apps.image.ManifestParser;
import dev.twinroot.supervisor.apps.image.StoredImage;
import dev.twinroot.updater.filedelta.FileDelta;
import dev.twinroot.updater.filedelta.FileDeltaException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Loads an image delta archive into the store: finds the source image's layers there, rebuilds each changed
 * layer's tar from its source layer's tar with the delta engine, checks every layer against the new config's
 * {@code rootfs.diff_ids} and the manifest and config against their digests, and only then moves the new blobs
 * into the store and records the image.
 *
 * <p>Layers that arrived as deltas are stored uncompressed, named by their diff_id (OCI's
 * {@code application/vnd.oci.image.layer.v1.tar}, whose digest is its diff_id): the registry's compressed blob
 * cannot be made again from the tar. So the device writes its own manifest of the layers it holds, and records
 * it as the image the registry's manifest digest stands for: target states keep naming the registry's digest.
 *
 * <p>Everything is built in a staging directory; a delta that is damaged, truncated, for another image or
 * for another platform fails before the store's blobs or index change.
 */
public final class ImageDeltaLoader {

    public static final String LAYER_TAR = "application/vnd.oci.image.layer.v1.tar";
    /** On a manifest the device wrote: the registry's manifest it stands for. */
    public static final String SOURCE_ANNOTATION = "dev.twinroot.image.registry-manifest";

    private final ImageStore store;
    private final ImagePlatform platform;
    private final long maxLayerBytes;

    public ImageDeltaLoader(ImageStore store, ImagePlatform platform, long maxLayerBytes) {
        this.store = store;
        this.platform = platform;
        this.maxLayerBytes = maxLayerBytes;
    }

    /** Whether {@code head} (the first bytes of a file, at least 8) start an image delta archive. */
    public static boolean isImageDelta(byte[] head) {
        return head.length >= ImageDeltaConstants.MAGIC.length && java.util.Arrays.equals(head, 0,
                ImageDeltaConstants.MAGIC.length, ImageDeltaConstants.MAGIC, 0, ImageDeltaConstants.MAGIC.length);
    }

    public StoredImage load(InputStream archive, String name) throws IOException {
        try {
            return loadChecked(archive, name);
        } catch (RuntimeException e) {
            // Last resort: whatever the bytes, callers handle one exception family.
            throw new AppsFormatException("image delta: unreadable (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    private StoredImage loadChecked(InputStream archive, String name) throws IOException {
        ImageDeltaReader reader = new ImageDeltaReader(archive);
        ImageDeltaIndex index = reader.readIndex();
        Map<Digest, Descriptor> sources = sources(index);
        Path staging = store.newStagingDirectory();
        try {
            Staged staged = stage(reader, index, sources, staging);
            reader.end();
            return commit(staged, index, name, staging);
        } finally {
            Trees.deleteRecursively(staging);
        }
    }

    /** The stored blob of every layer the delta expects on the device, before a byte more is read. */
    private Map<Digest, Descriptor> sources(ImageDeltaIndex index) throws IOException {
        Map<Digest, Descriptor> found = new HashMap<>();
        for (int i = 0; i < index.layers().size(); i++) {
            ImageDeltaIndex.Layer l = index.layers().get(i);
            Digest needed;
            if (l instanceof ImageDeltaIndex.OnDevice) {
                needed = l.diffId();
            } else if (l instanceof ImageDeltaIndex.Patched p) {
                needed = p.sourceDiffId();
            } else {
                continue;
            }
            if (!found.containsKey(needed)) {
                int at = i;
                found.put(needed, store.layerByDiffId(needed).orElseThrow(() -> new AppsException("image delta: layer "
                        + at + " needs layer " + needed.shortHex() + " of image " + index.sourceManifest().shortHex()
                        + ", which is not in the image store: the delta was made for another image")));
            }
        }
        return found;
    }

    /** What was rebuilt and checked, waiting in the staging directory: blob digest to file. */
    private record Staged(Manifest.Image manifest, Map<Digest, Path> blobs, List<Descriptor> layers) {
    }

    private Staged stage(ImageDeltaReader reader, ImageDeltaIndex index, Map<Digest, Descriptor> sources, Path staging)
            throws IOException {
        Map<Digest, Path> blobs = new LinkedHashMap<>();
        Path manifestFile = entry(reader, index.manifest(), "the manifest", staging.resolve("manifest"));
        blobs.put(index.manifest().digest(), manifestFile);
        if (!(ManifestParser.parse(Files.readAllBytes(manifestFile)) instanceof Manifest.Image manifest)) {
            throw new AppsFormatException("image delta: the manifest is an image index; a delta carries one image");
        }
        if (!manifest.config().digest().equals(index.config().digest()) || manifest.config().size() != index.config().size()) {
            throw new AppsFormatException("image delta: config: the index names " + index.config().digest().shortHex()
                    + ", the manifest " + manifest.config().digest().shortHex());
        }
        Path configFile = entry(reader, index.config(), "the config", staging.resolve("config"));
        blobs.put(index.config().digest(), configFile);
        ImageConfig config = ImageConfigParser.parse(Files.readAllBytes(configFile));
        if (!config.architecture().equals(platform.architecture())) {
            throw new AppsFormatException("image delta: the image is built for " + config.architecture()
                    + ", this device is " + platform.architecture());
        }
        checkLayers(index, manifest, config);
        List<Descriptor> layers = new ArrayList<>();
        for (int i = 0; i < index.layers().size(); i++) {
            ImageDeltaIndex.Layer l = index.layers().get(i);
            Descriptor listed = manifest.layers().get(i);
            String what = "image delta: layer " + i;
            if (l instanceof ImageDeltaIndex.OnDevice) {
                layers.add(store.hasBlob(listed.digest()) ? listed : sources.get(l.diffId()));
            } else if (l instanceof ImageDeltaIndex.Whole w) {
                Path blob = entry(reader, w.blob(), "layer " + i, staging.resolve("blob-" + i));
                LayerTars.check(blob, l.diffId(), maxLayerBytes, what);
                blobs.put(listed.digest(), blob);
                layers.add(listed);
            } else if (l instanceof ImageDeltaIndex.Patched p) {
                Path tar = rebuild(reader, p, sources.get(p.sourceDiffId()), staging, i);
                blobs.put(l.diffId(), tar);
                layers.add(new Descriptor(LAYER_TAR, l.diffId(), Files.size(tar)));
            }
        }
        return new Staged(manifest, blobs, layers);
    }

    /** The index, the manifest and the config must agree on every layer before any is rebuilt. */
    private static void checkLayers(ImageDeltaIndex index, Manifest.Image manifest, ImageConfig config)
            throws AppsFormatException {
        int n = index.layers().size();
        if (manifest.layers().size() != n || config.diffIds().size() != n) {
            throw new AppsFormatException("image delta: " + n + " layers in the index, " + manifest.layers().size()
                    + " in the manifest, " + config.diffIds().size() + " diff_ids in the config");
        }
        for (int i = 0; i < n; i++) {
            ImageDeltaIndex.Layer l = index.layers().get(i);
            if (!l.diffId().toString().equals(config.diffIds().get(i))) {
                throw new AppsFormatException("image delta: layers[" + i + "].diffId is " + l.diffId().shortHex()
                        + ", the config's diff_ids[" + i + "] is " + Digest.parse(config.diffIds().get(i), "diff_id").shortHex());
            }
            if (l instanceof ImageDeltaIndex.Whole w && !(w.blob().digest().equals(manifest.layers().get(i).digest())
                    && w.blob().size() == manifest.layers().get(i).size())) {
                throw new AppsFormatException("image delta: layers[" + i + "] carries blob " + w.blob().digest().shortHex()
                        + ", the manifest lists " + manifest.layers().get(i).digest().shortHex());
            }
        }
    }

    /** Rebuilds layer {@code i}'s tar from its source layer's tar and its delta entry. */
    private Path rebuild(ImageDeltaReader reader, ImageDeltaIndex.Patched p, Descriptor source, Path staging, int i)
            throws IOException {
        String what = "image delta: layer " + i;
        Path delta = entry(reader, p.delta(), "the delta of layer " + i, staging.resolve("delta-" + i));
        FileDelta.Ends ends;
        try {
            ends = FileDelta.ends(delta);
        } catch (FileDeltaException e) {
            throw new AppsFormatException(what + ": " + e.getMessage(), e);
        }
        if (!ends.sourceSha256().equals(p.sourceDiffId().hex()) || !ends.targetSha256().equals(p.diffId().hex())) {
            throw new AppsFormatException(what + ": the delta rebuilds " + shortHex(ends.targetSha256()) + " from "
                    + shortHex(ends.sourceSha256()) + ", the index says " + p.diffId().shortHex() + " from "
                    + p.sourceDiffId().shortHex());
        }
        if (ends.targetSize() > maxLayerBytes) {
            throw new AppsFormatException(what + ": the delta rebuilds " + ends.targetSize() + " bytes, at most "
                    + maxLayerBytes + " allowed");
        }
        Path sourceTar;
        if (source.digest().equals(p.sourceDiffId())) {
            sourceTar = store.blobPath(source.digest());
        } else {
            sourceTar = staging.resolve("source-" + i);
            LayerTars.extract(store.blobPath(source.digest()), sourceTar, p.sourceDiffId(), maxLayerBytes,
                    "image store: layer " + source.digest().shortHex());
        }
        Path tar = staging.resolve("layer-" + i);
        try (InputStream in = Files.newInputStream(delta)) {
            FileDelta.apply(sourceTar, in, tar);
        } catch (FileDeltaException e) {
            throw new AppsFormatException(what + ": the delta does not apply: " + e.getMessage(), e);
        }
        // The engine checked the delta's own target hash; the config's diff_id is what the image promises.
        LayerTars.check(tar, p.diffId(), maxLayerBytes, what);
        Files.delete(delta);
        if (!sourceTar.startsWith(store.root().resolve("blobs"))) {
            Files.delete(sourceTar);
        }
        return tar;
    }

    private static Path entry(ImageDeltaReader reader, ImageDeltaIndex.Blob blob, String what, Path file)
            throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            reader.copyEntry(blob, what, out);
        }
        return file;
    }

    private StoredImage commit(Staged staged, ImageDeltaIndex index, String name, Path staging) throws IOException {
        Digest registryManifest = index.manifest().digest();
        Digest image = registryManifest;
        if (!staged.layers().equals(staged.manifest().layers())) {
            byte[] own = deviceManifest(staged.manifest().config(), staged.layers(), registryManifest);
            image = Digest.of(own);
            Path file = staging.resolve("device-manifest");
            Files.write(file, own);
            staged.blobs().put(image, file);
        }
        for (Map.Entry<Digest, Path> b : staged.blobs().entrySet()) {
            store.adopt(b.getValue(), b.getKey());
        }
        return store.recordAs(name, registryManifest, image, platform);
    }

    /** The manifest of the layers as the device holds them; written the same way on every device. */
    static byte[] deviceManifest(Descriptor config, List<Descriptor> layers, Digest registryManifest) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode root = f.objectNode();
        root.put("schemaVersion", 2);
        root.put("mediaType", ManifestParser.OCI_MANIFEST);
        descriptor(root.putObject("config"), config);
        ArrayNode list = root.putArray("layers");
        for (Descriptor d : layers) {
            descriptor(list.addObject(), d);
        }
        root.putObject("annotations").put(SOURCE_ANNOTATION, registryManifest.toString());
        return Json.bytes(root);
    }

    private static void descriptor(ObjectNode n, Descriptor d) {
        n.put("mediaType", d.mediaType());
        n.put("digest", d.digest().toString());
        n.put("size", d.size());
    }

    private static String shortHex(String hex) {
        return hex.substring(0, Math.min(12, hex.length()));
    }
}
