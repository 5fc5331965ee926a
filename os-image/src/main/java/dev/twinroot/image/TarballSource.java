package dev.twinroot.image;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.CompressorException;
import org.apache.commons.compress.compressors.CompressorStreamFactory;

/**
 * A rootfs tarball, plain or compressed with gzip, xz, bzip2 or zstd (Yocto deploys {@code .tar.zst} or
 * {@code .tar.bz2}); the compression is recognised by its magic bytes, not the file name. Entries are
 * extracted inside the staging tree only: {@code ..}, absolute names and symlinked parents pointing out of
 * it cannot make a write land outside. Device nodes and FIFOs are skipped: {@code /dev} is a devtmpfs on
 * the device. Owners are kept when the builder runs as root.
 */
public final class TarballSource implements RootfsSource {
    private final Path tarball;

    public TarballSource(Path tarball) {
        this.tarball = tarball;
    }

    @Override
    public void copyInto(Path staging) throws IOException {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(tarball))) {
            extract(decompressed(raw), staging);
        }
    }

    @Override
    public String describe() {
        return "tarball " + tarball.getFileName();
    }

    private InputStream decompressed(InputStream raw) throws IOException {
        String kind;
        try {
            kind = CompressorStreamFactory.detect(raw);
        } catch (CompressorException e) {
            return raw; // No known compression magic: an uncompressed tar.
        }
        try {
            return new CompressorStreamFactory().createCompressorInputStream(kind, raw);
        } catch (CompressorException e) {
            throw new ImageException("tarball " + tarball + ": cannot read its " + kind + " compression", e);
        }
    }

    /** Extracts a tar stream into {@code staging}; any malformation is an {@link ImageException}. */
    static void extract(InputStream tar, Path staging) throws IOException {
        Deque<Map.Entry<Path, Integer>> directoryModes = new ArrayDeque<>();
        // Only root can give files away; an unprivileged build keeps its own uid on every file.
        boolean keepOwners = (int) Files.getAttribute(staging, "unix:uid") == 0;
        try (TarArchiveInputStream in = new TarArchiveInputStream(tar)) {
            TarArchiveEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                String name = entry.getName();
                if (name.equals(".") || name.equals("./") || name.equals("/") || name.isEmpty()) {
                    continue;
                }
                Path target = TreePaths.resolveParent(staging, name);
                Files.createDirectories(target.getParent());
                if (entry.isDirectory()) {
                    if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                        Files.deleteIfExists(target);
                        Files.createDirectory(target);
                    }
                    directoryModes.push(Map.entry(target, entry.getMode() & 07777));
                    owner(target, entry, keepOwners);
                    continue;
                }
                if (entry.isCharacterDevice() || entry.isBlockDevice() || entry.isFIFO()) {
                    continue;
                }
                replaceable(target);
                if (entry.isSymbolicLink()) {
                    if (entry.getLinkName().isEmpty() || entry.getLinkName().indexOf('\0') >= 0) {
                        throw new ImageException("tar entry " + name + ": empty or invalid symlink target");
                    }
                    Files.createSymbolicLink(target, Path.of(entry.getLinkName()));
                    owner(target, entry, keepOwners);
                } else if (entry.isLink()) {
                    Path existing = TreePaths.resolve(staging, entry.getLinkName(), 0);
                    if (!Files.isRegularFile(existing, LinkOption.NOFOLLOW_LINKS)) {
                        throw new ImageException("tar entry " + name + ": hard link to " + entry.getLinkName()
                                + ", which is not a regular file extracted before it");
                    }
                    Files.createLink(target, existing);
                } else if (entry.isFile()) {
                    try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW)) {
                        in.transferTo(out);
                    }
                    owner(target, entry, keepOwners);
                    Files.setAttribute(target, "unix:mode", entry.getMode() & 07777, LinkOption.NOFOLLOW_LINKS);
                    Files.setLastModifiedTime(target, FileTime.from(entry.getLastModifiedTime().toInstant()));
                } else {
                    throw new ImageException("tar entry " + name + ": unsupported type '" + (char) entry.getLinkFlag() + "'");
                }
            }
        } catch (ImageException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // Commons Compress reports malformed headers as IOException or IllegalArgumentException.
            throw new ImageException("tarball: " + e.getMessage(), e);
        }
        // Modes last, deepest first: a read-only directory must not stop its children from being written.
        while (!directoryModes.isEmpty()) {
            Map.Entry<Path, Integer> dir = directoryModes.pop();
            Files.setAttribute(dir.getKey(), "unix:mode", dir.getValue(), LinkOption.NOFOLLOW_LINKS);
        }
    }

    /** Clears the way for a non-directory entry; a later entry replaces an earlier one, as tar does. */
    private static void replaceable(Path target) throws IOException {
        if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new FileAlreadyExistsException(target.toString(), null, "a directory is in the way of a tar entry");
        }
        Files.deleteIfExists(target);
    }

    private static void owner(Path target, TarArchiveEntry entry, boolean keepOwners) throws IOException {
        if (keepOwners) {
            Files.setAttribute(target, "unix:uid", Math.toIntExact(entry.getLongUserId()), LinkOption.NOFOLLOW_LINKS);
            Files.setAttribute(target, "unix:gid", Math.toIntExact(entry.getLongGroupId()), LinkOption.NOFOLLOW_LINKS);
        }
    }
}
