package dev.twinroot.supervisor.apps.layer;

import dev.twinroot.platform.FileSync;
import dev.twinroot.supervisor.apps.Digest;
import dev.twinroot.supervisor.apps.Trees;
import dev.twinroot.supervisor.apps.image.Descriptor;
import dev.twinroot.supervisor.apps.image.ImageStore;
import dev.twinroot.supervisor.apps.image.StoredImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * Unpacks a stored image's layers, bottom first, into {@code rootfs/HEX} of the store. The tree is built under a
 * temporary name and renamed when complete, so a root filesystem that exists is always whole; a half-built one
 * left by a power cut is deleted and built again. Before the rename, {@code syncfs} makes every unpacked file
 * durable, so the rename can never publish a tree whose files a power cut emptied.
 */
public final class RootfsBuilder {

    private final ImageStore store;
    private final LayerUnpacker unpacker;
    private final FileSync sync;

    public RootfsBuilder(ImageStore store, LayerUnpacker unpacker, FileSync sync) {
        this.store = store;
        this.unpacker = unpacker;
        this.sync = sync;
    }

    public Path rootfs(StoredImage image) throws IOException {
        Path done = store.rootfsPath(image.image());
        if (Files.isDirectory(done)) {
            return done;
        }
        Path temp = done.resolveSibling("." + done.getFileName() + ".partial");
        Trees.deleteRecursively(temp);
        Files.createDirectories(temp);
        Files.setAttribute(temp, "unix:mode", 0755);
        for (int i = 0; i < image.content().layers().size(); i++) {
            Descriptor layer = image.content().layers().get(i);
            Digest diffId = Digest.parse(image.config().diffIds().get(i), "image config.rootfs.diff_ids[" + i + "]");
            try (InputStream in = Files.newInputStream(store.blobPath(layer.digest()))) {
                unpacker.apply(in, temp, Optional.of(diffId));
            } catch (IOException e) {
                Trees.deleteRecursively(temp);
                throw e;
            }
        }
        sync.syncfs(temp);
        Files.move(temp, done, StandardCopyOption.ATOMIC_MOVE);
        sync.fsync(done.getParent());
        return done;
    }
}
