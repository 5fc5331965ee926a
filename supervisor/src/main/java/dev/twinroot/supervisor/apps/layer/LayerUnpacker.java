package dev.twinroot.supervisor.apps.layer;

import dev.twinroot.supervisor.apps.AppsFormatException;
import dev.twinroot.supervisor.apps.Digest;
import dev.twinroot.supervisor.apps.DigestMismatchException;
import dev.twinroot.supervisor.apps.JsonFields;
import dev.twinroot.supervisor.apps.Trees;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Applies one image layer (tar, tar+gzip or tar+zstd, told apart by their magic bytes) on top of a root
 * filesystem directory, as the OCI image spec describes: entries replace what lower layers left, {@code .wh.NAME}
 * deletes NAME, {@code .wh..wh..opq} empties its directory of everything from lower layers.
 *
 * <p>A layer is untrusted. Refused, with an {@link AppsFormatException} naming the entry: absolute names and
 * {@code ..} components, relative symbolic links that climb above the root, hard links to anything but a regular
 * file already inside the root, device nodes and FIFOs, tar headers over {@link #MAX_HEADER_BYTES}, more than
 * {@code maxBytes} uncompressed. Every path is resolved by {@link ConfinedRoot}, so links in the layers below
 * cannot redirect a write outside the root.
 */
public final class LayerUnpacker {

    static final long MAX_HEADER_BYTES = 1024 * 1024;
    static final int MAX_ENTRIES = 1_000_000;
    static final String WHITEOUT = ".wh.";
    static final String OPAQUE = ".wh..wh..opq";

    private final long maxBytes;
    private final boolean setOwners;

    /** {@code setOwners}: apply the entries' uid and gid (needs root; off, files belong to the caller). */
    public LayerUnpacker(long maxBytes, boolean setOwners) {
        this.maxBytes = maxBytes;
        this.setOwners = setOwners;
    }

    /**
     * Applies {@code layer} on {@code root}. When {@code diffId} is given, the uncompressed tar must hash to it;
     * on a mismatch the root is left half-applied and the caller discards it.
     */
    public void apply(InputStream layer, Path root, Optional<Digest> diffId) throws IOException {
        try {
            unpack(new Source(layer), root, diffId);
        } catch (Source.ReadFailure e) {
            throw e.getCause();
        } catch (RuntimeException e) {
            // Last resort: whatever the bytes, callers handle one exception type.
            throw new AppsFormatException("layer: unreadable (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    private void unpack(InputStream layer, Path root, Optional<Digest> diffId) throws IOException {
        MessageDigest sha = Digest.sha256();
        InputStream tarStream;
        try {
            tarStream = LayerStreams.uncompressed(layer);
        } catch (Source.ReadFailure e) {
            throw e;
        } catch (IOException e) {
            throw new AppsFormatException("layer: bad compression header: " + e.getMessage(), e);
        }
        HeaderGuard guard = new HeaderGuard(tarStream, sha, maxBytes);
        ConfinedRoot confined = new ConfinedRoot(root);
        Set<Path> created = new HashSet<>();
        Map<Path, Integer> dirModes = new LinkedHashMap<>();
        List<Path> opaque = new ArrayList<>();
        TarArchiveInputStream tar = new TarArchiveInputStream(guard);
        int entries = 0;
        while (true) {
            // Whatever data of the last entry was not read (a whiteout's, say) is data, not headers: skip it first.
            if (tar.getCurrentEntry() != null) {
                copy(tar, OutputStream.nullOutputStream(), "layer entry data");
            }
            guard.headersFollow(MAX_HEADER_BYTES);
            TarArchiveEntry e = next(tar);
            guard.headersDone();
            if (e == null) {
                break;
            }
            if (++entries > MAX_ENTRIES) {
                throw new AppsFormatException("layer: more than " + MAX_ENTRIES + " entries");
            }
            entry(tar, e, confined, created, dirModes, opaque);
        }
        // Trailing zero blocks are part of the layer's diff_id.
        copy(guard, OutputStream.nullOutputStream(), "layer end");
        for (Path dir : opaque) {
            clearLowerEntries(dir, created);
        }
        for (Map.Entry<Path, Integer> d : dirModes.entrySet()) {
            Files.setAttribute(d.getKey(), "unix:mode", d.getValue(), LinkOption.NOFOLLOW_LINKS);
        }
        if (diffId.isPresent()) {
            Digest found = new Digest(HexFormat.of().formatHex(sha.digest()));
            if (!found.equals(diffId.get())) {
                throw new DigestMismatchException("layer: uncompressed content hashes to " + found.shortHex()
                        + ", the image config says " + diffId.get().shortHex());
            }
        }
    }

    private void entry(InputStream data, TarArchiveEntry e, ConfinedRoot root, Set<Path> created,
                       Map<Path, Integer> dirModes, List<Path> opaque) throws IOException {
        String what = "layer entry " + JsonFields.quoted(e.getName());
        EntryName name = EntryName.parse(e.getName(), what);
        if (e.isCharacterDevice() || e.isBlockDevice()) {
            throw new AppsFormatException(what + ": device nodes are refused");
        }
        if (e.isFIFO()) {
            throw new AppsFormatException(what + ": FIFOs are not supported");
        }
        if (name.isRoot()) {
            return; // "./": the root directory itself keeps the mode the store gives it
        }
        Path dir = root.directory(name.parent(), what);
        String last = name.last();
        if (last.equals(OPAQUE)) {
            opaque.add(dir);
            return;
        }
        if (last.startsWith(WHITEOUT)) {
            String victim = last.substring(WHITEOUT.length());
            if (victim.isEmpty() || victim.equals(".") || victim.equals("..") || victim.startsWith(WHITEOUT)) {
                return; // .wh..wh.plnk and the like: aufs bookkeeping, nothing to delete
            }
            Trees.deleteRecursively(dir.resolve(victim));
            return;
        }
        Path target = dir.resolve(last);
        int mode = e.getMode() & 07777;
        if (e.isDirectory()) {
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                Files.delete(target);
            }
            if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectory(target);
            }
            // Applied at the end: a read-only directory must still receive this layer's entries.
            dirModes.put(target, mode);
            owner(target, e);
        } else if (e.isSymbolicLink()) {
            String link = e.getLinkName();
            if (link.isEmpty() || link.indexOf('\0') >= 0 || link.length() > EntryName.MAX_NAME) {
                throw new AppsFormatException(what + ": symbolic link with an empty or invalid target");
            }
            if (ConfinedRoot.escapes(name, link)) {
                throw new AppsFormatException(what + ": symbolic link to " + JsonFields.quoted(link)
                        + " climbs out of the root");
            }
            replace(target);
            Files.createSymbolicLink(target, Path.of(link));
            owner(target, e);
        } else if (e.isLink()) {
            EntryName linked = EntryName.parse(e.getLinkName(), what + " (hard link target)");
            if (linked.isRoot()) {
                throw new AppsFormatException(what + ": hard link to the root directory");
            }
            Path source = root.directory(linked.parent(), what).resolve(linked.last());
            if (!Files.isRegularFile(source, LinkOption.NOFOLLOW_LINKS)) {
                throw new AppsFormatException(what + ": hard link to " + JsonFields.quoted(e.getLinkName())
                        + ", which is not a regular file in the root");
            }
            replace(target);
            Files.createLink(target, source);
        } else if (e.isFile()) {
            replace(target);
            try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
                long copied = copy(data, out, what);
                if (copied != e.getSize()) {
                    throw new AppsFormatException(what + ": expected " + e.getSize() + " bytes, found " + copied);
                }
            }
            owner(target, e);
            Files.setAttribute(target, "unix:mode", mode, LinkOption.NOFOLLOW_LINKS);
        } else {
            throw new AppsFormatException(what + ": unsupported entry type");
        }
        if (!e.isSymbolicLink()) {
            Files.setLastModifiedTime(target, FileTime.from(e.getLastModifiedDate().toInstant()));
        }
        created.add(target);
    }

    /**
     * The next entry. An IOException here is the tar or its compression being malformed, unless it came from
     * reading the layer itself ({@link Source.ReadFailure}, passed on as it is).
     */
    private static TarArchiveEntry next(TarArchiveInputStream tar) throws IOException {
        try {
            return tar.getNextEntry();
        } catch (AppsFormatException | Source.ReadFailure e) {
            throw e;
        } catch (IOException e) {
            throw new AppsFormatException("layer: not a valid tar archive: " + e.getMessage(), e);
        }
    }

    /** Copies an entry's data: failures reading are the layer's fault, failures writing the disk's. */
    private static long copy(InputStream in, OutputStream out, String what) throws IOException {
        byte[] buf = new byte[64 * 1024];
        long total = 0;
        while (true) {
            int n;
            try {
                n = in.read(buf);
            } catch (AppsFormatException | Source.ReadFailure e) {
                throw e;
            } catch (IOException e) {
                throw new AppsFormatException(what + ": corrupt data: " + e.getMessage(), e);
            }
            if (n < 0) {
                return total;
            }
            out.write(buf, 0, n);
            total += n;
        }
    }

    private void owner(Path p, TarArchiveEntry e) throws IOException {
        if (setOwners) {
            Files.setAttribute(p, "unix:uid", (int) e.getLongUserId(), LinkOption.NOFOLLOW_LINKS);
            Files.setAttribute(p, "unix:gid", (int) e.getLongGroupId(), LinkOption.NOFOLLOW_LINKS);
        }
    }

    /** What a lower layer left at {@code p} goes, whatever it was, before this layer's entry takes its place. */
    private static void replace(Path p) throws IOException {
        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            Trees.deleteRecursively(p);
        } else {
            Files.deleteIfExists(p);
        }
    }

    /** An opaque directory keeps only what this layer put in it. */
    private static void clearLowerEntries(Path dir, Set<Path> created) throws IOException {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> children = Files.list(dir)) {
            for (Path child : children.toList()) {
                if (!created.contains(child)) {
                    Trees.deleteRecursively(child);
                } else if (Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
                    clearLowerEntries(child, created);
                }
            }
        }
    }

    /** The raw layer; its read failures are told apart from a malformed archive. */
    private static final class Source extends java.io.FilterInputStream {
        Source(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (IOException e) {
                throw new ReadFailure(e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return super.read(b, off, len);
            } catch (IOException e) {
                throw new ReadFailure(e);
            }
        }

        /** Reading the layer failed (the disk, the network): not the layer's content. */
        static final class ReadFailure extends IOException {
            private static final long serialVersionUID = 1L;

            ReadFailure(IOException cause) {
                super(cause.getMessage(), cause);
            }

            @Override
            public synchronized IOException getCause() {
                return (IOException) super.getCause();
            }
        }
    }
}
