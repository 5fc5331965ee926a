package dev.twinroot.updater.install;

import dev.twinroot.delta.DeltaApplier;
import dev.twinroot.delta.DeltaGenerator;
import dev.twinroot.platform.AtomicFile;
import dev.twinroot.platform.Platform;
import dev.twinroot.updater.bootcontrol.BootControl;
import dev.twinroot.updater.bootcontrol.BootControls;
import dev.twinroot.updater.bootcontrol.BootState;
import dev.twinroot.updater.bootcontrol.BootStateStore;
import dev.twinroot.updater.bootcontrol.FileBootStateStore;
import dev.twinroot.updater.bundle.BundleLimits;
import dev.twinroot.updater.bundle.BundleWriter;
import dev.twinroot.updater.bundle.Compression;
import dev.twinroot.updater.bundle.PackedPayload;
import dev.twinroot.updater.bundle.PayloadPacker;
import dev.twinroot.updater.bundle.Sha256;
import dev.twinroot.updater.bundle.Version;
import dev.twinroot.updater.contract.Slot;
import dev.twinroot.updater.signing.CmsSigner;
import dev.twinroot.updater.signing.CmsVerifier;
import dev.twinroot.updater.signing.SigningKey;
import dev.twinroot.updater.slot.FileSlotStorage;
import dev.twinroot.updater.slot.SlotStorage;
import dev.twinroot.updater.testing.TestBundles;
import dev.twinroot.updater.testing.TestPki;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.UnaryOperator;

/**
 * A device on the host: two file-backed slots, a file boot state, a data directory, booted from A which holds
 * version 1.1.0. Stores and slots can be wrapped to fail, for the crash-point suite.
 */
final class InstallFixture {

    static final TestPki PKI = new TestPki("fleet CA");
    static final int SLOT_SIZE = 96 * 1024;
    static final byte[] ACTIVE = TestBundles.image(12, 80_000);
    static final byte[] NEW = newImage();

    final Path dir;
    final Path slotA;
    final Path slotB;
    final Path bootState;
    final Path dataDir;
    final SigningKey releaseKey;
    final AtomicFile atomic = new AtomicFile(Platform.linux().fileSync(), new Random(7));

    InstallFixture(Path dir, SigningKey releaseKey) throws IOException {
        this.dir = dir;
        this.releaseKey = releaseKey;
        slotA = dir.resolve("slot-a.img");
        slotB = dir.resolve("slot-b.img");
        bootState = dir.resolve("boot-state.env");
        dataDir = dir.resolve("data");
        Files.createDirectories(dataDir);
        byte[] a = new byte[SLOT_SIZE];
        System.arraycopy(ACTIVE, 0, a, 0, ACTIVE.length);
        Files.write(slotA, a);
        byte[] b = TestBundles.image(99, SLOT_SIZE);
        Files.write(slotB, b);
        new FileBootStateStore(bootState).initialize(BootState.defaults());
        status().recordSlot(Slot.A, Optional.of(new SlotImage(Version.parse("1.1.0"), ACTIVE.length, sha(ACTIVE))));
    }

    /** The new image shares most blocks with the active one, as a real update does. */
    private static byte[] newImage() {
        byte[] b = ACTIVE.clone();
        Random r = new Random(5);
        for (int i = 0; i < 40; i++) {
            b[r.nextInt(b.length)] ^= 0x5a;
        }
        System.arraycopy(TestBundles.image(13, 6000), 0, b, 20_000, 6000);
        return b;
    }

    static Sha256 sha(byte[] b) {
        return Sha256.of(Sha256.newDigest().digest(b));
    }

    DeviceStatusStore status() {
        return new DeviceStatusStore(dataDir, atomic, Clock.fixed(TestPki.NOW, ZoneOffset.UTC));
    }

    FileJournal journal() {
        return new FileJournal(dataDir.resolve("install-journal.json"), atomic);
    }

    BootStateStore store() {
        return new FileBootStateStore(bootState);
    }

    BootState bootState() throws IOException {
        return store().read();
    }

    Map<Slot, SlotStorage> slots() {
        Map<Slot, SlotStorage> m = new EnumMap<>(Slot.class);
        m.put(Slot.A, new FileSlotStorage(slotA));
        m.put(Slot.B, new FileSlotStorage(slotB));
        return m;
    }

    Installer installer() {
        return installer(store(), journal(), slots());
    }

    Installer installer(BootStateStore store, Journal journal, Map<Slot, SlotStorage> slots) {
        return new Installer(environment(BootControls.over(store, Slot.A), journal, slots), InstallProgress.NONE);
    }

    InstallEnvironment environment(BootControl boot, Journal journal, Map<Slot, SlotStorage> slots) {
        return new InstallEnvironment(TestBundles.COMPATIBLE, false, boot, slots, journal, status(), dataDir,
                new CmsVerifier(PKI.keyring(), TestPki.clock()), source -> Files.newInputStream(Path.of(source)),
                DeltaApplier.Options.defaults().withCheckpointInterval(8192),
                new InstallLock(dataDir, Clock.fixed(TestPki.NOW, ZoneOffset.UTC)));
    }

    /** A full bundle of {@code image} at {@code version}, zstd-compressed. */
    Path fullBundle(String name, String version, byte[] image) throws IOException {
        return TestBundles.write(dir, name, TestBundles.COMPATIBLE, version, Optional.empty(),
                List.of(new TestBundles.Slot("rootfs", image, Compression.ZSTD)), List.of(new CmsSigner(releaseKey)));
    }

    /** A delta bundle from {@code source} to {@code target}. */
    Path deltaBundle(String name, String version, byte[] source, byte[] target) throws IOException {
        Path src = dir.resolve(name + ".src");
        Path tgt = dir.resolve(name + ".tgt");
        Files.write(src, source);
        Files.write(tgt, target);
        Path delta = dir.resolve(name + ".delta");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DeltaGenerator.create(src, tgt, out, DeltaGenerator.Options.defaults().withBlockSize(1024));
        Files.write(delta, out.toByteArray());
        PackedPayload p = new PayloadPacker().packDelta(delta, "rootfs", PayloadPacker.measureImage(src),
                target.length, sha(target));
        Path bundle = dir.resolve(name + ".twb");
        new BundleWriter(BundleLimits.DEFAULT).create(bundle, TestBundles.COMPATIBLE, Version.parse(version),
                Optional.empty(), List.of(p), List.of(new CmsSigner(releaseKey)));
        return bundle;
    }

    /** The slot the bootloader would pick now, and whether it holds a verified image. */
    Slot nextBoot() throws IOException {
        return bootState().nextBoot().orElseThrow();
    }

    byte[] prefix(Path slot, int length) throws IOException {
        byte[] all = Files.readAllBytes(slot);
        return java.util.Arrays.copyOf(all, length);
    }

    /** A boot state store that applies a change then loses power, or loses it before, after N updates. */
    static BootStateStore failingAfter(BootStateStore store, int updates, boolean applyLast) {
        int[] left = {updates};
        return new BootStateStore() {
            @Override
            public BootState read() throws IOException {
                return store.read();
            }

            @Override
            public Change update(UnaryOperator<BootState> change) throws IOException {
                if (left[0]-- <= 0) {
                    if (applyLast) {
                        store.update(change);
                    }
                    throw new PowerCut("boot state update");
                }
                return store.update(change);
            }
        };
    }

    static Journal failingAfter(Journal journal, int writes) {
        int[] left = {writes};
        return new Journal() {
            @Override
            public Optional<InstallState> read() throws IOException {
                return journal.read();
            }

            @Override
            public void write(InstallState state) throws IOException {
                if (left[0]-- <= 0) {
                    throw new PowerCut("journal write");
                }
                journal.write(state);
            }
        };
    }

    /** Slots whose writer stops with a power cut after {@code bytes} bytes reached the target. */
    static Map<Slot, SlotStorage> failingAfter(Map<Slot, SlotStorage> slots, long bytes) {
        Map<Slot, SlotStorage> m = new EnumMap<>(Slot.class);
        slots.forEach((k, v) -> m.put(k, new PowerCutSlot(v, bytes)));
        return m;
    }

    /** The simulated loss of power: an IOException nobody in the installer catches as "bundle bad". */
    static final class PowerCut extends IOException {
        PowerCut(String where) {
            super("power cut during " + where);
        }
    }
}
