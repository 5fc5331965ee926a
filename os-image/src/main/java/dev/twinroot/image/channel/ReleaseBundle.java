package dev.twinroot.image.channel;

import dev.twinroot.updater.bundle.BundleReader;
import dev.twinroot.updater.bundle.Manifest;
import dev.twinroot.updater.bundle.ManifestVerifier;
import dev.twinroot.updater.bundle.Payload;
import dev.twinroot.updater.bundle.PayloadKind;
import dev.twinroot.updater.bundle.PayloadStream;
import dev.twinroot.updater.bundle.Version;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One release as its full bundle: a signed bundle with exactly one full payload, whose image is what every
 * delta of the channel starts from or leads to.
 */
record ReleaseBundle(Path file, String compatible, Version version, Payload payload) {

    /** Reads and verifies the bundle's header (signature included), not its payload. */
    static ReleaseBundle read(Path file, ManifestVerifier verifier) throws IOException {
        Manifest m;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file));
             BundleReader reader = BundleReader.open(in, verifier)) {
            m = reader.manifest().manifest();
        }
        if (m.payloads().size() != 1 || m.payloads().get(0).kind() != PayloadKind.FULL) {
            throw new ChannelPublishException(file + ": a release must be a bundle with exactly one full payload;"
                    + " this one has " + m.payloads().stream().map(p -> p.kind().wireName()).toList());
        }
        return new ReleaseBundle(file, m.compatible(), m.version(), m.payloads().get(0));
    }

    /** Writes the release's image, decompressed and verified against the signed manifest, to {@code target}. */
    void extractImage(ManifestVerifier verifier, Path target) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file));
             BundleReader reader = BundleReader.open(in, verifier);
             OutputStream out = new BufferedOutputStream(Files.newOutputStream(target))) {
            PayloadStream p = reader.nextPayload().orElseThrow();
            p.writeTo(out);
            reader.verifyRemaining();
        }
    }
}
