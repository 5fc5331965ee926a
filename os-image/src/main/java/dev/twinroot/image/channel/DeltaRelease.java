package dev.twinroot.image.channel;

import dev.twinroot.updater.bundle.BundleException;
import dev.twinroot.updater.bundle.BundleReader;
import dev.twinroot.updater.bundle.DeltaSource;
import dev.twinroot.updater.bundle.Manifest;
import dev.twinroot.updater.bundle.ManifestVerifier;
import dev.twinroot.updater.bundle.Payload;
import dev.twinroot.updater.bundle.PayloadKind;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Whether a delta bundle left by an earlier publish still turns one release's image into another's. */
final class DeltaRelease {

    private DeltaRelease() {}

    /**
     * True when {@code delta} is a trusted bundle of {@code to}'s device type and version whose only payload is
     * a delta from exactly {@code from}'s image to exactly {@code to}'s. Its payload bytes were verified when
     * it was written; a damaged or foreign file is simply made again.
     */
    static boolean matches(Path delta, ReleaseBundle from, ReleaseBundle to, ManifestVerifier verifier)
            throws IOException {
        if (!Files.isRegularFile(delta)) {
            return false;
        }
        Manifest m;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(delta));
             BundleReader reader = BundleReader.open(in, verifier)) {
            m = reader.manifest().manifest();
            reader.verifyRemaining();
        } catch (BundleException e) {
            return false;
        }
        if (m.payloads().size() != 1 || !m.compatible().equals(to.compatible())
                || m.version().compareTo(to.version()) != 0) {
            return false;
        }
        Payload p = m.payloads().get(0);
        return p.kind() == PayloadKind.DELTA && p.slotClass().equals(to.payload().slotClass())
                && p.imageSize() == to.payload().imageSize() && p.imageSha256().equals(to.payload().imageSha256())
                && p.deltaSource().map(s -> s.equals(new DeltaSource(from.payload().imageSize(),
                        from.payload().imageSha256()))).orElse(false);
    }
}
