package dev.twinroot.updater.bundle;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Writes bundle files. Every write goes to a temporary file next to the target, is synced, then renamed over
 * the target, so a reader (or a web server) never sees half a bundle.
 */
public final class BundleWriter {

    private final BundleLimits limits;
    private final ManifestCodec codec;

    public BundleWriter(BundleLimits limits) {
        this.limits = limits;
        this.codec = new ManifestCodec(limits);
    }

    /** Creates {@code target} from payloads packed in manifest order, signed by each of {@code signers}. */
    public void create(Path target, String compatible, Version version, Optional<Version> minimumVersion,
            List<PackedPayload> payloads, List<ManifestSigner> signers) throws IOException {
        List<Payload> entries = new ArrayList<>();
        for (PackedPayload p : payloads) {
            entries.add(p.payload());
        }
        Manifest manifest = new Manifest(compatible, version, minimumVersion, entries);
        byte[] manifestBytes = codec.toBytes(manifest);
        List<byte[]> signatures = new ArrayList<>();
        for (ManifestSigner s : signers) {
            signatures.add(s.sign(manifestBytes));
        }
        BundleHeader header = new BundleHeader(manifestBytes, signatures);
        writeAtomically(target, out -> {
            new BundleHeaderCodec(limits).write(header, out);
            for (PackedPayload p : payloads) {
                long copied;
                try (InputStream in = Files.newInputStream(p.stored())) {
                    copied = in.transferTo(out);
                }
                if (copied != p.payload().size()) {
                    throw new IOException(p.stored() + " changed while the bundle was written: expected "
                            + p.payload().size() + " bytes, found " + copied);
                }
            }
        });
    }

    /**
     * Adds one more signature over the unchanged manifest and rewrites the file atomically. The existing
     * signatures and payloads are copied byte for byte.
     */
    public void addSignature(Path bundle, ManifestSigner signer) throws IOException {
        BundleHeaderCodec headers = new BundleHeaderCodec(limits);
        BundleHeader header;
        try (InputStream in = Files.newInputStream(bundle)) {
            header = headers.read(in);
        }
        codec.parse(header.manifest());
        BundleHeader signed = header.withSignature(signer.sign(header.manifest()));
        writeAtomically(bundle, out -> {
            headers.write(signed, out);
            try (FileChannel ch = FileChannel.open(bundle, StandardOpenOption.READ)) {
                ch.position(header.encodedLength());
                Channels.newInputStream(ch).transferTo(out);
            }
        });
    }

    /** Reads just the header of a bundle file, for inspection; nothing is verified. */
    public BundleHeader readHeader(Path bundle) throws IOException {
        try (InputStream in = Files.newInputStream(bundle)) {
            return new BundleHeaderCodec(limits).read(in);
        }
    }

    @FunctionalInterface
    private interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    private static void writeAtomically(Path target, Body body) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
                    OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16)) {
                body.writeTo(out);
                out.flush();
                ch.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
