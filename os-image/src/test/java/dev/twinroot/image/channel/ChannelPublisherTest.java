package dev.twinroot.image.channel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.twinroot.delta.DeltaApplier;
import dev.twinroot.updater.bundle.BundleLimits;
import dev.twinroot.updater.bundle.BundleReader;
import dev.twinroot.updater.bundle.BundleWriter;
import dev.twinroot.updater.bundle.Compression;
import dev.twinroot.updater.bundle.PayloadPacker;
import dev.twinroot.updater.bundle.Version;
import dev.twinroot.updater.signing.ClockPolicy;
import dev.twinroot.updater.signing.CmsSigner;
import dev.twinroot.updater.signing.CmsVerifier;
import dev.twinroot.updater.signing.DevelopmentCa;
import dev.twinroot.updater.signing.KeyAlgorithm;
import dev.twinroot.updater.signing.Keyring;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChannelPublisherTest {

    static DevelopmentCa ca;
    static CmsVerifier verifier;

    @TempDir
    Path dir;

    @BeforeAll
    static void keys() throws IOException {
        ca = DevelopmentCa.generate(KeyAlgorithm.ED25519, Instant.now(), "channel-test");
        verifier = new CmsVerifier(Keyring.of(List.of(ca.ca())), ClockPolicy.system());
    }

    /** Image {@code n} of a series: the same 256 KiB with a few bytes changed per release. */
    static byte[] image(int n) {
        byte[] b = new byte[256 * 1024];
        new Random(1).nextBytes(b);
        for (int i = 0; i < n * 10; i++) {
            b[i * 4099 % b.length] ^= (byte) (n + i);
        }
        return b;
    }

    private Path release(String compatible, String version, byte[] image) throws IOException {
        Path img = Files.write(dir.resolve(compatible + "-" + version + ".img"), image);
        Path bundle = dir.resolve(compatible + "-" + version + ".twb");
        new BundleWriter(BundleLimits.DEFAULT).create(bundle, compatible, Version.parse(version), Optional.empty(),
                List.of(new PayloadPacker().packFull(img, "rootfs", Compression.ZSTD, dir.resolve(version + ".zst"))),
                List.of(new CmsSigner(ca.signingKeyPair())));
        return bundle;
    }

    @Test
    void eachDeviceTypeGetsItsNewestReleaseAndDeltasFromTheKeptOnes() throws IOException {
        List<Path> bundles = List.of(release("board-a", "2.0.0", image(3)), release("board-a", "1.0.0", image(1)),
                release("board-a", "1.5.0", image(2)), release("board-b", "7.1", image(9)));
        Path out = dir.resolve("channel");
        List<ChannelPublisher.Published> published =
                new ChannelPublisher(ca.signingKeyPair(), verifier, 1).publish(bundles, out);

        assertEquals(2, published.size());
        assertEquals("2.0.0", published.get(0).version());
        assertEquals(List.of("1.5.0"), published.get(0).deltas().stream().map(ChannelPublisher.PublishedDelta::from).toList());
        assertEquals(List.of(), published.get(1).deltas(), "a single release has nothing to delta from");
        byte[] index = Files.readAllBytes(out.resolve("index.json"));
        verifier.verify(index, List.of(Files.readAllBytes(out.resolve("index.json.sig"))));
        JsonNode devices = new ObjectMapper().readTree(index).get("devices");
        assertEquals(List.of("board-a", "board-b"), iterator(devices));
        assertEquals("deltas/board-a-1.5.0-2.0.0.twb", devices.get("board-a").get("deltas").get(0).get("url").asText());
        assertEquals("bundles/board-b-7.1.twb", devices.get("board-b").get("bundle").get("url").asText());

        // The delta really turns 1.5.0 into 2.0.0.
        Path source = Files.write(dir.resolve("source.img"), image(2));
        Path target = dir.resolve("target.img");
        try (InputStream in = Files.newInputStream(out.resolve("deltas/board-a-1.5.0-2.0.0.twb"));
             BundleReader r = BundleReader.open(in, verifier)) {
            new DeltaApplier(DeltaApplier.Options.defaults()).apply(source, r.nextPayload().orElseThrow(), target,
                    Optional.empty());
        }
        assertArrayEquals(image(3), Files.readAllBytes(target));
    }

    private static List<String> iterator(JsonNode o) {
        List<String> names = new java.util.ArrayList<>();
        o.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void keepZeroPublishesTheFullBundleOnlyAndBadInputsAreRefusedBeforeWriting() throws IOException {
        Path a = release("board-a", "1.0.0", image(1));
        Path b = release("board-a", "1.1.0", image(2));
        Path out = dir.resolve("channel");
        ChannelPublisher.Published p = new ChannelPublisher(ca.signingKeyPair(), verifier, 0)
                .publish(List.of(a, b), out).get(0);
        assertEquals(List.of(), p.deltas());
        assertArrayEquals(Files.readAllBytes(b), Files.readAllBytes(out.resolve("bundles/board-a-1.1.0.twb")));

        Path odd = release("board:a", "1.0.0", image(1));
        Path elsewhere = dir.resolve("elsewhere");
        ChannelPublishException e = assertThrows(ChannelPublishException.class,
                () -> new ChannelPublisher(ca.signingKeyPair(), verifier, 1).publish(List.of(odd), elsewhere));
        assertTrue(e.getMessage().contains("manifest compatible \"board:a\" cannot be a channel index key"),
                e.getMessage());
        assertThrows(ChannelPublishException.class,
                () -> new ChannelPublisher(ca.signingKeyPair(), verifier, 1).publish(List.of(), elsewhere));
        assertTrue(Files.notExists(elsewhere));
    }
}
