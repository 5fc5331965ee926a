package dev.twinroot.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.twinroot.cli.KeysDevCaCommandTest.Result;
import dev.twinroot.delta.DeltaApplier;
import dev.twinroot.image.Ext4Image;
import dev.twinroot.platform.AtomicFile;
import dev.twinroot.platform.Platform;
import dev.twinroot.updater.bootcontrol.BootControls;
import dev.twinroot.updater.bootcontrol.BootState;
import dev.twinroot.updater.bootcontrol.FileBootStateStore;
import dev.twinroot.updater.contract.BootContract;
import dev.twinroot.updater.contract.Slot;
import dev.twinroot.updater.install.DeviceStatusStore;
import dev.twinroot.updater.install.FileJournal;
import dev.twinroot.updater.install.InstallEnvironment;
import dev.twinroot.updater.install.InstallLock;
import dev.twinroot.updater.install.InstallProgress;
import dev.twinroot.updater.install.Installer;
import dev.twinroot.updater.policy.DeltaSourceMismatchException;
import dev.twinroot.updater.signing.ClockPolicy;
import dev.twinroot.updater.signing.CmsVerifier;
import dev.twinroot.updater.signing.Keyring;
import dev.twinroot.updater.slot.FileSlotStorage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code twinroot bundle create --delta-from} end to end: two real ext4 images built with {@code mke2fs -d}
 * (fixed UUID, hash seed and times), a full and a delta bundle made by the command, the delta installed by the
 * updater's installer onto a pair of file-backed slots.
 */
class BundleDeltaInstallTest {

    static final long IMAGE_SIZE = 16L << 20;
    static final long SLOT_SIZE = 20L << 20;

    @TempDir
    Path dir;
    Path keys;
    Path keyring;
    Path oldImage;
    Path newImage;

    @BeforeEach
    void images() throws IOException {
        keys = dir.resolve("keys");
        Result ca = KeysDevCaCommandTest.run("keys", "dev-ca", "--out", keys.toString());
        assertEquals(0, ca.exit(), ca.err());
        keyring = Files.createDirectory(dir.resolve("keyring"));
        Files.copy(keys.resolve("ca.pem"), keyring.resolve("fleet.pem"));

        Path oldTree = tree("old-tree");
        Path newTree = tree("new-tree");
        // 1.4.0 edits a config file, rewrites part of a library and adds a file: a typical small update.
        Files.writeString(newTree.resolve("etc/app.conf"), "mode=fast\nlevel=7\n", StandardCharsets.UTF_8);
        byte[] lib = Files.readAllBytes(newTree.resolve("usr/lib/libapp.so"));
        byte[] patch = new byte[5000];
        new Random(21).nextBytes(patch);
        System.arraycopy(patch, 0, lib, 100_000, patch.length);
        Files.write(newTree.resolve("usr/lib/libapp.so"), lib);
        Files.write(newTree.resolve("usr/lib/libnew.so"), random(22, 40_000));
        oldImage = ext4(oldTree, "rootfs-1.3.0.ext4");
        newImage = ext4(newTree, "rootfs-1.4.0.ext4");
    }

    private Path tree(String name) throws IOException {
        Path t = dir.resolve(name);
        Files.createDirectories(t.resolve("etc"));
        Files.createDirectories(t.resolve("usr/lib"));
        Files.createDirectories(t.resolve("usr/bin"));
        Files.writeString(t.resolve("etc/app.conf"), "mode=slow\nlevel=3\n", StandardCharsets.UTF_8);
        Files.write(t.resolve("usr/lib/libapp.so"), random(11, 600_000));
        Files.write(t.resolve("usr/bin/app"), random(12, 250_000));
        return t;
    }

    private static byte[] random(long seed, int size) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    private Path ext4(Path tree, String name) throws IOException {
        Path image = dir.resolve(name);
        new Ext4Image(new Ext4Image.Options("rootfs", UUID.fromString("6f1c2d3e-0000-4000-8000-00000000beef"),
                UUID.fromString("0b5e55ed-0000-4000-8000-000000000001"), 1_700_000_000L, OptionalLong.of(IMAGE_SIZE)))
                .build(tree, image);
        return image;
    }

    private Result create(Path output, String... extra) {
        String[] base = {"bundle", "create", "--compatible", "qemu-arm64", "--version", "1.4.0",
            "--slot-image", "rootfs=" + newImage, "--key", keys.resolve("signing.key").toString(),
            "--cert", keys.resolve("signing.pem").toString(), "-o", output.toString()};
        String[] all = Arrays.copyOf(base, base.length + extra.length);
        System.arraycopy(extra, 0, all, base.length, extra.length);
        return KeysDevCaCommandTest.run(all);
    }

    /** A device on the host running {@code active} from slot A; slot B holds leftovers from earlier. */
    private final class Device {
        final Path slotA = dir.resolve("slot-a.img");
        final Path slotB = dir.resolve("slot-b.img");
        final Path bootState = dir.resolve("boot-state.env");
        final Path data = dir.resolve("data");

        Device(Path active) throws IOException {
            byte[] a = Arrays.copyOf(Files.readAllBytes(active), Math.toIntExact(SLOT_SIZE));
            Files.write(slotA, a);
            Files.write(slotB, random(99, Math.toIntExact(SLOT_SIZE)));
            new FileBootStateStore(bootState).initialize(BootState.defaults());
        }

        Installer installer() throws IOException {
            AtomicFile atomic = new AtomicFile(Platform.linux().fileSync(), new Random(3));
            return new Installer(new InstallEnvironment("qemu-arm64", false,
                    BootControls.over(new FileBootStateStore(bootState), Slot.A),
                    Map.of(Slot.A, new FileSlotStorage(slotA), Slot.B, new FileSlotStorage(slotB)),
                    new FileJournal(data.resolve("install-journal.json"), atomic),
                    new DeviceStatusStore(data, atomic, Clock.systemUTC()), data,
                    new CmsVerifier(Keyring.load(keyring), ClockPolicy.system()),
                    source -> Files.newInputStream(Path.of(source)), DeltaApplier.Options.defaults(),
                    new InstallLock(data, Clock.systemUTC())), InstallProgress.NONE);
        }

        BootState bootState() throws IOException {
            return new FileBootStateStore(bootState).read();
        }
    }

    @Test
    void aDeltaBundleFromTheOldImageRebuildsTheNewOneInTheInactiveSlot() throws IOException {
        Path full = dir.resolve("os-1.4.0.twb");
        Path delta = dir.resolve("os-1.4.0-from-1.3.0.twb");
        Result f = create(full);
        assertEquals(0, f.exit(), f.err());
        Result d = create(delta, "--delta-from", oldImage.toString());
        assertEquals(0, d.exit(), d.err());
        assertTrue(d.out().startsWith("rootfs: delta none, ") && d.out().contains(", image " + IMAGE_SIZE
                + " bytes, applies to the " + IMAGE_SIZE + "-byte image with SHA-256 " + sha(oldImage) + "\n"), d.out());
        assertTrue(Files.size(delta) * 5 < Files.size(full),
                "delta " + Files.size(delta) + " bytes, full " + Files.size(full) + " bytes");

        Result verify = KeysDevCaCommandTest.run("bundle", "verify", delta.toString(), "--keyring", keyring.toString());
        assertEquals(0, verify.exit(), verify.err());
        JsonNode p = new ObjectMapper().readTree(KeysDevCaCommandTest.run("bundle", "info", delta.toString(), "--json")
                .out()).get("payloads").get(0);
        assertEquals("delta", p.get("kind").asText());
        assertEquals(sha(oldImage), p.get("sourceSha256").asText());
        assertEquals(IMAGE_SIZE, p.get("sourceSize").asLong());
        assertEquals(sha(newImage), p.get("imageSha256").asText());

        Device device = new Device(oldImage);
        byte[] activeBefore = Files.readAllBytes(device.slotA);
        device.installer().install(delta.toString());
        assertArrayEquals(Files.readAllBytes(newImage),
                Arrays.copyOf(Files.readAllBytes(device.slotB), Math.toIntExact(IMAGE_SIZE)));
        assertArrayEquals(activeBefore, Files.readAllBytes(device.slotA), "the running slot is only read");
        BootState after = device.bootState();
        assertEquals(Slot.B, after.primary());
        assertEquals(BootContract.DEFAULT_TRIES, after.triesLeft(Slot.B));
    }

    @Test
    void aDeltaAgainstAnotherSourceIsRefusedBeforeTheTargetIsTouched() throws IOException {
        Path delta = dir.resolve("os-1.4.0-from-1.3.0.twb");
        assertEquals(0, create(delta, "--delta-from", oldImage.toString()).exit());
        // The device runs a build of 1.3.0 that differs in one byte of the filesystem.
        Path other = dir.resolve("rootfs-other.ext4");
        byte[] b = Files.readAllBytes(oldImage);
        b[1024 + 0x78] ^= 1;
        Files.write(other, b);
        Device device = new Device(other);
        byte[] slotB = Files.readAllBytes(device.slotB);
        BootState before = device.bootState();

        DeltaSourceMismatchException e = assertThrows(DeltaSourceMismatchException.class,
                () -> device.installer().install(delta.toString()));
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertTrue(e.getMessage().contains("delta source is " + IMAGE_SIZE + " bytes with SHA-256 " + sha(oldImage)
                + ", the active slot holds " + IMAGE_SIZE + " bytes with SHA-256 " + sha(other)), e.getMessage());
        assertArrayEquals(slotB, Files.readAllBytes(device.slotB), "slot B untouched");
        assertEquals(before, device.bootState());
        assertEquals(Slot.A, device.bootState().nextBoot().orElseThrow(), "slot B is not made bootable");
    }

    @Test
    void aFleetThatReadsVersion2OnlyGetsAVersion2DeltaThatStillInstalls() throws IOException {
        Path v3 = dir.resolve("v3.twb");
        Path v2 = dir.resolve("v2.twb");
        assertEquals(0, create(v3, "--delta-from", oldImage.toString()).exit());
        Result r = create(v2, "--delta-from", oldImage.toString(), "--delta-format-version", "2");
        assertEquals(0, r.exit(), r.err());
        assertEquals(3, deltaVersion(v3));
        assertEquals(2, deltaVersion(v2));

        Device device = new Device(oldImage);
        device.installer().install(v2.toString());
        assertArrayEquals(Files.readAllBytes(newImage),
                Arrays.copyOf(Files.readAllBytes(device.slotB), Math.toIntExact(IMAGE_SIZE)));

        Result four = create(dir.resolve("v4.twb"), "--delta-from", oldImage.toString(), "--delta-format-version", "4");
        assertEquals(2, four.exit());
        assertTrue(four.err().startsWith("--delta-format-version 4: this twinroot writes versions 2 and 3\n"),
                four.err());
        assertFalse(Files.exists(dir.resolve("v4.twb")));
    }

    /** The version field of the one delta stored in the bundle (its payload is stored as is: "delta none"). */
    private static int deltaVersion(Path bundle) throws IOException {
        byte[] b = Files.readAllBytes(bundle);
        byte[] magic = {(byte) 0x89, 'T', 'W', 'D', '\r', '\n', 0x1A, '\n'};
        for (int i = 0; i + magic.length + 2 <= b.length; i++) {
            if (Arrays.equals(b, i, i + magic.length, magic, 0, magic.length)) {
                return ((b[i + 8] & 0xff) << 8) | (b[i + 9] & 0xff);
            }
        }
        throw new AssertionError("no delta header in " + bundle);
    }

    @Test
    void deltaFromNeedsOneImageAndAReadableOldImage() {
        Result missing = create(dir.resolve("x.twb"), "--delta-from", dir.resolve("nope.ext4").toString());
        assertEquals(1, missing.exit());
        assertEquals("twinroot bundle create: --delta-from: " + dir.resolve("nope.ext4") + " is not a readable file\n",
                missing.err());
        Result two = create(dir.resolve("x.twb"), "--delta-from", oldImage.toString(), "--slot-image",
                "data=" + oldImage);
        assertEquals(2, two.exit());
        assertTrue(two.err().contains("--delta-from needs exactly one --slot-image"), two.err());
        assertFalse(Files.exists(dir.resolve("x.twb")));
    }

    private static String sha(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
