package dev.twinroot.supervisor.daemon;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinroot.supervisor.agent.ChannelException;
import dev.twinroot.supervisor.agent.ChannelIndex;
import dev.twinroot.updater.bundle.PayloadMismatchException;
import dev.twinroot.updater.signing.ClockPolicy;
import dev.twinroot.updater.signing.CmsSigner;
import dev.twinroot.updater.signing.CmsVerifier;
import dev.twinroot.updater.signing.DevelopmentCa;
import dev.twinroot.updater.signing.KeyAlgorithm;
import dev.twinroot.updater.signing.Keyring;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The channel's two adapters to the updater: the index signature and the announced download check. */
class ChannelAdaptersTest {

    static final DevelopmentCa FLEET = DevelopmentCa.generate(KeyAlgorithm.ECDSA_P256, Instant.now(), "fleet");
    static final DevelopmentCa OTHER = DevelopmentCa.generate(KeyAlgorithm.ECDSA_P256, Instant.now(), "other");
    static final byte[] INDEX = "{\"formatVersion\":1,\"devices\":{}}".getBytes(StandardCharsets.UTF_8);

    private static CmsIndexSignature check() throws IOException {
        return new CmsIndexSignature(new CmsVerifier(Keyring.of(List.of(FLEET.ca())), ClockPolicy.system()));
    }

    @Test
    void anIndexSignedByAKeyOfTheKeyringIsAccepted() throws IOException {
        check().verify(INDEX, new CmsSigner(FLEET.signingKeyPair()).sign(INDEX));
    }

    @Test
    void aChangedIndexOrAForeignSignerOrGarbageIsUntrusted() throws IOException {
        byte[] sig = new CmsSigner(FLEET.signingKeyPair()).sign(INDEX);
        byte[] changed = INDEX.clone();
        changed[changed.length - 2] = ' ';
        ChannelException.Untrusted e = assertThrows(ChannelException.Untrusted.class, () -> check().verify(changed, sig));
        assertTrue(e.getMessage().startsWith("channel index signature (index.json.sig): no trusted signature on the"
                + " index"), e.getMessage());
        assertTrue(e.getMessage().contains("does not match the index"), e.getMessage());
        byte[] foreign = new CmsSigner(OTHER.signingKeyPair()).sign(INDEX);
        assertThrows(ChannelException.Untrusted.class, () -> check().verify(INDEX, foreign));
        Random r = new Random(3);
        for (int i = 0; i < 200; i++) {
            byte[] junk = new byte[r.nextInt(300)];
            r.nextBytes(junk);
            assertThrows(ChannelException.Untrusted.class, () -> check().verify(INDEX, junk));
        }
    }

    private static ChannelIndex.Artifact announced(byte[] body) throws Exception {
        return new ChannelIndex.Artifact(URI.create("http://127.0.0.1/b.twb"), body.length,
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body)));
    }

    @Test
    void aDownloadMustHaveTheAnnouncedSizeAndDigest() throws Exception {
        byte[] body = new byte[70_000];
        new Random(9).nextBytes(body);
        ChannelIndex.Artifact a = announced(body);
        try (InputStream in = new AnnouncedDownload(new ByteArrayInputStream(body), a)) {
            assertArrayEquals(body, in.readAllBytes());
        }
        byte[] shorter = java.util.Arrays.copyOf(body, body.length - 1);
        PayloadMismatchException e = assertThrows(PayloadMismatchException.class,
                () -> new AnnouncedDownload(new ByteArrayInputStream(shorter), a).readAllBytes());
        assertTrue(e.getMessage().contains("ended after 69999 bytes, the channel index announced 70000"), e.getMessage());
        byte[] longer = java.util.Arrays.copyOf(body, body.length + 1);
        e = assertThrows(PayloadMismatchException.class,
                () -> new AnnouncedDownload(new ByteArrayInputStream(longer), a).readAllBytes());
        assertTrue(e.getMessage().contains("more than the 70000 bytes"), e.getMessage());
        byte[] flipped = body.clone();
        flipped[12_345] ^= 1;
        e = assertThrows(PayloadMismatchException.class,
                () -> new AnnouncedDownload(new ByteArrayInputStream(flipped), a).readAllBytes());
        assertTrue(e.getMessage().contains("SHA-256 is "), e.getMessage());
    }
}
