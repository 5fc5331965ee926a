package dev.twinroot.supervisor.apps.image;

import dev.twinroot.supervisor.apps.AppsFormatException;
import dev.twinroot.supervisor.apps.Digest;
import dev.twinroot.supervisor.apps.JsonFields;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Loads an OCI image layout delivered as a tar archive (as {@code skopeo copy ... oci-archive:} or
 * {@code docker save} with containerd's image store writes it, e.g. inside a bundle) into the store. The archive
 * is read once, front to back: every {@code blobs/sha256/HEX} entry is streamed into the store and kept only if
 * it hashes to HEX; then the images {@code index.json} lists are checked complete and recorded.
 */
public final class ImageArchive {

    static final int MAX_ENTRIES = 100_000;
    static final int MAX_INDEX_BYTES = 1024 * 1024;
    private static final String BLOBS = "blobs/sha256/";

    private final ImageStore store;
    private final ImagePlatform platform;

    public ImageArchive(ImageStore store, ImagePlatform platform) {
        this.store = store;
        this.platform = platform;
    }

    /** Loads the archive and returns the images it held, as {@code name} (one per entry of its index). */
    public List<StoredImage> load(InputStream archive, String name) throws IOException {
        byte[] index = null;
        boolean layoutMarker = false;
        int entries = 0;
        try (TarArchiveInputStream tar = new TarArchiveInputStream(archive)) {
            TarArchiveEntry e;
            while ((e = nextEntry(tar)) != null) {
                if (++entries > MAX_ENTRIES) {
                    throw new AppsFormatException("image archive: more than " + MAX_ENTRIES + " entries");
                }
                String path = e.getName().startsWith("./") ? e.getName().substring(2) : e.getName();
                if (!e.isFile()) {
                    continue;
                }
                if (path.equals("index.json")) {
                    index = small(tar, e, MAX_INDEX_BYTES, "index.json");
                } else if (path.equals("oci-layout")) {
                    layoutMarker = true;
                } else if (path.startsWith(BLOBS)) {
                    Digest d = Digest.parse(Digest.PREFIX + path.substring(BLOBS.length()), "image archive entry "
                            + JsonFields.quoted(path));
                    store.put(new Descriptor("", d, e.getSize()), tar);
                }
            }
        } catch (AppsFormatException e) {
            throw e;
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new AppsFormatException("image archive: not a valid tar archive (" + e.getClass().getSimpleName() + ")", e);
        }
        if (!layoutMarker || index == null) {
            throw new AppsFormatException("image archive: not an OCI image layout (oci-layout and index.json expected)");
        }
        Manifest m = ManifestParser.parse(index);
        if (!(m instanceof Manifest.Index top)) {
            throw new AppsFormatException("image archive: index.json is not an image index");
        }
        if (top.manifests().isEmpty()) {
            throw new AppsFormatException("image archive: index.json lists no image");
        }
        List<StoredImage> loaded = new ArrayList<>();
        for (Manifest.Entry entry : top.manifests()) {
            // In a layout's index.json an entry without a platform is the image itself, or a per-platform index.
            if (!entry.os().isEmpty() && !(entry.os().equals(platform.os())
                    && entry.architecture().equals(platform.architecture()))) {
                continue;
            }
            loaded.add(store.recordComplete(name, entry.descriptor().digest(), platform));
        }
        if (loaded.isEmpty()) {
            throw new AppsFormatException("image archive: no image for " + platform);
        }
        return loaded;
    }

    private static TarArchiveEntry nextEntry(TarArchiveInputStream tar) throws AppsFormatException {
        try {
            return tar.getNextEntry();
        } catch (IOException e) {
            throw new AppsFormatException("image archive: bad tar header: " + e.getMessage(), e);
        }
    }

    private static byte[] small(InputStream in, TarArchiveEntry e, int max, String what) throws IOException {
        if (e.getSize() > max) {
            throw new AppsFormatException("image archive: " + what + " is " + e.getSize() + " bytes, at most " + max);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) e.getSize());
        in.transferTo(out);
        return out.toByteArray();
    }
}
