package dev.twinroot.updater.install;

import dev.twinroot.platform.AtomicFile;
import dev.twinroot.updater.contract.Slot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Reads and updates {@code status.json} in the data directory. Shared by the installer (installs, slot images)
 * and the supervisor (rollbacks): each update is read-modify-write of the whole file, replaced atomically.
 */
public final class DeviceStatusStore {

    public static final String FILE = "status.json";

    private final Path file;
    private final AtomicFile atomic;
    private final Clock clock;
    private final DeviceStatusCodec codec = new DeviceStatusCodec();

    public DeviceStatusStore(Path dataDir, AtomicFile atomic, Clock clock) {
        this.file = dataDir.resolve(FILE);
        this.atomic = atomic;
        this.clock = clock;
    }

    /** The status, or an empty one on a device that never installed anything. */
    public DeviceStatus read() throws IOException {
        return read(file);
    }

    /**
     * The status in {@code dataDir} for a reader that never writes it ({@code twinrootctl status}); empty if the
     * file does not exist, {@link RecordFormatException} if it is not what this version writes.
     */
    public static DeviceStatus readFrom(Path dataDir) throws IOException {
        return read(dataDir.resolve(FILE));
    }

    private static DeviceStatus read(Path file) throws IOException {
        try {
            if (Files.size(file) > Json.MAX_BYTES) {
                throw new RecordFormatException(file + ": larger than " + Json.MAX_BYTES + " bytes");
            }
            return new DeviceStatusCodec().decode(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            return DeviceStatus.empty();
        }
    }

    /** What the supervisor calls after a fallback, and {@code twinrootctl rollback} after a manual one. */
    public void recordRollback(Slot from, Slot to, String reason) throws IOException {
        update(s -> s.withRollback(new RollbackRecord(from, to, reason, clock.instant())));
    }

    /**
     * What the supervisor calls when the trial boot of {@code slot} ends: the last install, if it is the one that
     * left {@code slot} waiting for that boot ({@code reboot-pending}), becomes {@code committed}, or
     * {@code rolled-back} with {@code reason}. Any other last install is left as it is, so calling this again (a
     * supervisor that restarted half-way) or for a boot no install led to changes nothing.
     */
    public void recordTrialEnd(Slot slot, boolean committed, Optional<String> reason) throws IOException {
        DeviceStatus current = read();
        Optional<InstallRecord> last = current.lastInstall();
        if (last.isEmpty() || last.get().slot() != slot || !last.get().result().equals(InstallRecord.REBOOT_PENDING)) {
            return;
        }
        InstallRecord ended = committed ? last.get().trialEnded(InstallRecord.COMMITTED, Optional.empty())
                : last.get().trialEnded(InstallRecord.ROLLED_BACK, reason);
        atomic.write(file, codec.encode(current.withInstall(ended)));
    }

    void recordInstall(InstallState finished) throws IOException {
        InstallTarget t = finished.target();
        update(s -> s.withInstall(new InstallRecord(t.source(), t.version(), t.slot(), finished.wireName(),
                JournalCodec.reason(finished), clock.instant())));
    }

    void recordSlot(Slot slot, Optional<SlotImage> image) throws IOException {
        update(s -> s.withSlot(slot, image));
    }

    private void update(UnaryOperator<DeviceStatus> change) throws IOException {
        atomic.write(file, codec.encode(change.apply(read())));
    }
}
