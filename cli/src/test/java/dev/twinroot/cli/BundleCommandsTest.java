package dev.twinroot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.twinroot.cli.KeysDevCaCommandTest.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundleCommandsTest {

    @TempDir
    Path dir;
    Path keys;
    Path keyring;
    Path image;

    static Result run(String... args) {
        return KeysDevCaCommandTest.run(args);
    }

    @BeforeEach
    void setUp() throws IOException {
        keys = dir.resolve("keys");
        assertEquals(0, run("keys", "dev-ca", "--out", keys.toString()).exit());
        keyring = Files.createDirectory(dir.resolve("keyring"));
        Files.copy(keys.resolve("ca.pem"), keyring.resolve("fleet.pem"));
        image = dir.resolve("rootfs.img");
        byte[] b = new byte[200_000];
        new Random(1).nextBytes(b);
        java.util.Arrays.fill(b, 50_000, 150_000, (byte) 0);
        Files.write(image, b);
    }

    Path create(String... extra) {
        Path out = dir.resolve("update.twb");
        String[] base = {"bundle", "create", "--compatible", "qemu-arm64", "--version", "1.4.0",
            "--slot-image", "rootfs=" + image, "--key", keys.resolve("signing.key").toString(),
            "--cert", keys.resolve("signing.pem").toString(), "-o", out.toString()};
        String[] all = java.util.stream.Stream.concat(java.util.Arrays.stream(base), java.util.Arrays.stream(extra))
                .toArray(String[]::new);
        Result r = run(all);
        assertEquals(0, r.exit(), r.err());
        return out;
    }

    @Test
    void createVerifyInfo() throws IOException {
        Path bundle = create("--min-version", "1.0");
        assertTrue(Files.size(bundle) < 200_000, "zstd compressed the zeros");
        Result v = run("bundle", "verify", bundle.toString(), "--keyring", keyring.toString());
        assertEquals(0, v.exit(), v.err());
        assertTrue(v.out().contains("valid bundle for qemu-arm64 version 1.4.0") && v.out().contains("1 payload verified"), v.out());

        Result info = run("bundle", "info", bundle.toString());
        assertEquals(0, info.exit(), info.err());
        assertTrue(info.out().contains("0 rootfs full zstd") && info.out().contains("image 200000 bytes"), info.out());
        assertTrue(info.out().contains("CN=twinroot development signing"), info.out());

        JsonNode json = new ObjectMapper().readTree(run("bundle", "info", bundle.toString(), "--json").out());
        assertEquals("1.0", json.get("minimumVersion").asText());
        assertEquals(200_000, json.get("payloads").get(0).get("imageSize").asLong());
        assertEquals(json.get("size").asLong(), json.get("expectedSize").asLong());
        assertEquals(false, json.get("signatures").get(0).get("verified").asBoolean());
    }

    @Test
    void aTamperedPayloadFailsVerification() throws IOException {
        Path bundle = create();
        byte[] b = Files.readAllBytes(bundle);
        b[b.length - 10] ^= 1;
        Files.write(bundle, b);
        Result v = run("bundle", "verify", bundle.toString(), "--keyring", keyring.toString());
        assertEquals(1, v.exit());
        assertTrue(v.err().startsWith("twinroot bundle verify: payload 0 (rootfs)"), v.err());
    }

    @Test
    void anUnrelatedKeyringFailsAndASecondSignatureFixesIt() throws IOException {
        Path bundle = create();
        Path other = dir.resolve("other");
        assertEquals(0, run("keys", "dev-ca", "--out", other.toString(), "--algorithm", "ed25519").exit());
        Path otherRing = Files.createDirectory(dir.resolve("other-ring"));
        Files.copy(other.resolve("ca.pem"), otherRing.resolve("ca.pem"));

        Result refused = run("bundle", "verify", bundle.toString(), "--keyring", otherRing.toString());
        assertEquals(1, refused.exit());
        assertTrue(refused.err().contains("no trusted signature on the manifest")
                && refused.err().contains("does not chain to a trusted CA"), refused.err());

        Result sign = run("bundle", "sign", bundle.toString(), "--key", other.resolve("signing.key").toString(),
                "--cert", other.resolve("signing.pem").toString());
        assertEquals(0, sign.exit(), sign.err());
        assertTrue(sign.out().contains("added signature 2 of 2"), sign.out());
        assertEquals(0, run("bundle", "verify", bundle.toString(), "--keyring", otherRing.toString()).exit());
        assertEquals(0, run("bundle", "verify", bundle.toString(), "--keyring", keyring.toString()).exit());
        assertTrue(Files.list(dir).noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temp file left");
    }

    @Test
    void aPrebuiltDeltaCanBeAttached() throws IOException {
        Path delta = dir.resolve("rootfs.delta");
        Files.write(delta, new byte[] {1, 2, 3, 4});
        String sha = "ab".repeat(32);
        Path out = dir.resolve("delta.twb");
        Result r = run("bundle", "create", "--compatible", "qemu-arm64", "--version", "1.5",
                "--slot-delta", "rootfs=" + delta, "--delta-source-sha256", sha, "--delta-source-size", "200000",
                "--delta-target-sha256", sha.toUpperCase(), "--delta-target-size", "200000",
                "--key", keys.resolve("signing.key").toString(), "--cert", keys.resolve("signing.pem").toString(),
                "-o", out.toString());
        assertEquals(0, r.exit(), r.err());
        Result info = run("bundle", "info", out.toString());
        assertTrue(info.out().contains("0 rootfs delta none: 4 bytes stored"), info.out());
        assertTrue(info.out().contains("applies to an image of 200000 bytes (sha256 " + sha + ")"), info.out());
        assertEquals(0, run("bundle", "verify", out.toString(), "--keyring", keyring.toString()).exit());
    }

    @Test
    void usageErrorsExitTwo() {
        assertEquals(2, run("bundle", "create", "--compatible", "x", "--version", "1").exit());
        assertEquals(2, run("bundle", "create", "--compatible", "x", "--version", "v1", "--slot-image", "rootfs=" + image,
                "--key", keys.resolve("signing.key").toString(), "--cert", keys.resolve("signing.pem").toString(),
                "-o", dir.resolve("x.twb").toString()).exit());
        assertEquals(2, run("bundle").exit());
        Result badCompatible = run("bundle", "create", "--compatible", "-x", "--version", "1", "--slot-image",
                "rootfs=" + image, "--key", keys.resolve("signing.key").toString(), "--cert",
                keys.resolve("signing.pem").toString(), "-o", dir.resolve("x.twb").toString());
        assertEquals(2, badCompatible.exit());
        assertTrue(badCompatible.err().contains("--compatible: compatible must be"), badCompatible.err());
        Result badSlot = run("bundle", "create", "--compatible", "x", "--version", "1", "--slot-image",
                "RootFS=" + image, "--key", keys.resolve("signing.key").toString(), "--cert",
                keys.resolve("signing.pem").toString(), "-o", dir.resolve("x.twb").toString());
        assertEquals(2, badSlot.exit());
        assertTrue(badSlot.err().contains("--slot-image: slot class must be"), badSlot.err());
        assertEquals(2, run("bundle", "create", "--compatible", "x", "--version", "1", "--min-version", "2",
                "--slot-image", "rootfs=" + image, "--key", keys.resolve("signing.key").toString(), "--cert",
                keys.resolve("signing.pem").toString(), "-o", dir.resolve("x.twb").toString()).exit());
        assertEquals(0, run("bundle", "create", "--help").exit());
    }

    @Test
    void aBrokenFileIsOneLine() throws IOException {
        Path junk = dir.resolve("junk.twb");
        Files.writeString(junk, "hello");
        Result r = run("bundle", "info", junk.toString());
        assertEquals(1, r.exit());
        assertEquals("twinroot bundle info: bundle truncated in the magic at offset 0: expected 8 bytes, found 5",
                r.err().strip());
    }
}
