package dev.twinroot.updater.install;

import dev.twinroot.delta.DeltaApplier;
import dev.twinroot.platform.AtomicFile;
import dev.twinroot.platform.Platform;
import dev.twinroot.updater.bootcontrol.BootControl;
import dev.twinroot.updater.bootcontrol.BootControls;
import dev.twinroot.updater.bootcontrol.BootStateStore;
import dev.twinroot.updater.bootcontrol.FileBootStateStore;
import dev.twinroot.updater.bootcontrol.SlotBootFiles;
import dev.twinroot.updater.bootcontrol.grub.GrubBootAreaFiles;
import dev.twinroot.updater.bootcontrol.grub.GrubStateStore;
import dev.twinroot.updater.bootcontrol.uboot.UBootStateStore;
import dev.twinroot.updater.config.BootBackend;
import dev.twinroot.updater.config.SystemConfig;
import dev.twinroot.updater.contract.Slot;
import dev.twinroot.updater.http.Sleeper;
import dev.twinroot.updater.signing.ClockPolicy;
import dev.twinroot.updater.signing.CmsVerifier;
import dev.twinroot.updater.signing.Keyring;
import dev.twinroot.updater.slot.MbrPartitionUuids;
import dev.twinroot.updater.slot.PartitionLabels;
import dev.twinroot.updater.slot.SlotStorage;
import dev.twinroot.updater.slot.Slots;
import java.io.IOException;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/** The updater's objects for one device, wired from its system config: what twinrootctl and the daemon use. */
public final class Device {

    /** The install journal's file name in the data directory. */
    public static final String JOURNAL = "install-journal.json";

    private final SystemConfig config;
    private final BootControl boot;
    private final AtomicFile atomic;
    private final Clock clock;

    public Device(SystemConfig config, BootControl boot, AtomicFile atomic, Clock clock) {
        this.config = config;
        this.boot = boot;
        this.atomic = atomic;
        this.clock = clock;
    }

    /** The running device, booted from {@code booted} (from /proc/cmdline). */
    public static Device running(SystemConfig config, Platform platform, Slot booted) {
        return new Device(config, BootControls.over(bootStateStore(config), booted),
                new AtomicFile(platform.fileSync(), new SecureRandom()), Clock.systemUTC());
    }

    public static BootStateStore bootStateStore(SystemConfig config) {
        return switch (config.bootBackend()) {
            case UBOOT -> new UBootStateStore(config.bootPath());
            case GRUB -> new GrubStateStore(config.bootPath());
            case FILE -> new FileBootStateStore(config.bootPath());
        };
    }

    public BootControl boot() {
        return boot;
    }

    public Journal journal() {
        return new FileJournal(config.dataDir().resolve(JOURNAL), atomic);
    }

    public DeviceStatusStore status() {
        return new DeviceStatusStore(config.dataDir(), atomic, clock);
    }

    public SlotMarks marks() {
        return new SlotMarks(boot, journal(), status());
    }

    public RollbackFloor rollbackFloor() {
        return new RollbackFloor(config.dataDir(), atomic);
    }

    public Installer installer(Platform platform, InstallProgress progress) throws IOException {
        return installer(platform, progress, UnaryOperator.identity());
    }

    /**
     * The installer, with {@code opened} wrapped around every bundle stream it opens (the update agent checks a
     * download against the size and digest its channel index announced).
     */
    public Installer installer(Platform platform, InstallProgress progress, UnaryOperator<BundleOpener> opened)
            throws IOException {
        return installer(platform, progress, opened, SlotPreparation.NONE);
    }

    /** The installer, also preparing each written slot with {@code preparation} before it is activated. */
    public Installer installer(Platform platform, InstallProgress progress, UnaryOperator<BundleOpener> opened,
                               SlotPreparation preparation) throws IOException {
        Files.createDirectories(config.dataDir());
        Slots slots = new Slots(platform.blockDevices(), PartitionLabels.system(), MbrPartitionUuids.system());
        Map<Slot, SlotStorage> storage = new EnumMap<>(Slot.class);
        for (Slot s : Slot.values()) {
            storage.put(s, slots.storage(config, s));
        }
        Keyring keyring = Keyring.load(config.keyring());
        return new Installer(new InstallEnvironment(config.compatible(), config.allowDowngrade(), boot, storage,
                journal(), status(), config.dataDir(), new CmsVerifier(keyring, ClockPolicy.system()),
                opened.apply(BundleOpener.standard(config.http(), Sleeper.SYSTEM)), DeltaApplier.Options.defaults(),
                new InstallLock(config.dataDir(), clock), slotBootFiles(), preparation), progress);
    }

    /** GRUB keeps a record of where each squashfs/erofs slot's kernel is; U-Boot and plain files need none. */
    private SlotBootFiles slotBootFiles() {
        return config.bootBackend() == BootBackend.GRUB ? new GrubBootAreaFiles(config.bootPath()) : SlotBootFiles.NONE;
    }
}
