package dev.twinroot.updater.policy;

import dev.twinroot.updater.bundle.DeltaSource;
import dev.twinroot.updater.bundle.Manifest;
import dev.twinroot.updater.bundle.Payload;
import dev.twinroot.updater.bundle.PolicyException;
import dev.twinroot.updater.bundle.VerifiedManifest;

/**
 * May this device install this bundle? Pure: no I/O, every input given. Taking a {@link VerifiedManifest} means
 * the signature rule is already satisfied; the others are checked in the order a user would fix them, each
 * violation with its own exception type.
 *
 * <ul>
 *   <li>{@code compatible} equals the device's ({@link IncompatibleBundleException})</li>
 *   <li>version not below the anti-rollback floor, whatever the options ({@link RollbackFloorException})</li>
 *   <li>version not below the running version unless downgrades are allowed ({@link DowngradeException});
 *       the same version may be reinstalled</li>
 *   <li>running version not below the bundle's minimumVersion ({@link RunningVersionTooOldException})</li>
 *   <li>every payload's slot class exists ({@link UnknownSlotClassException}) and its image fits
 *       ({@link SlotTooSmallException})</li>
 *   <li>a delta's source is the active slot's image ({@link DeltaSourceMismatchException})</li>
 * </ul>
 */
public final class UpdatePolicy {

    private final boolean allowDowngrade;

    public UpdatePolicy(boolean allowDowngrade) {
        this.allowDowngrade = allowDowngrade;
    }

    public void check(VerifiedManifest verified, DeviceState device) throws PolicyException {
        Manifest m = verified.manifest();
        if (!m.compatible().equals(device.compatible())) {
            throw new IncompatibleBundleException("bundle is for compatible \"" + m.compatible()
                    + "\", this device is \"" + device.compatible() + "\"");
        }
        if (device.rollbackFloor().isPresent() && m.version().compareTo(device.rollbackFloor().get()) < 0) {
            throw new RollbackFloorException("bundle version " + m.version() + " is below this device's"
                    + " anti-rollback floor " + device.rollbackFloor().get());
        }
        if (!allowDowngrade && m.version().compareTo(device.runningVersion()) < 0) {
            throw new DowngradeException("bundle version " + m.version() + " is older than the running version "
                    + device.runningVersion() + " and downgrades are not allowed");
        }
        if (m.minimumVersion().isPresent() && device.runningVersion().compareTo(m.minimumVersion().get()) < 0) {
            throw new RunningVersionTooOldException("bundle needs a device running at least "
                    + m.minimumVersion().get() + ", this one runs " + device.runningVersion());
        }
        for (int i = 0; i < m.payloads().size(); i++) {
            checkPayload(i, m.payloads().get(i), device);
        }
    }

    private static void checkPayload(int i, Payload p, DeviceState device) throws PolicyException {
        String what = "payload " + i + " (" + p.slotClass() + ")";
        Long slotSize = device.slotSizes().get(p.slotClass());
        if (slotSize == null) {
            throw new UnknownSlotClassException(what + ": this device has no slot of class " + p.slotClass()
                    + " (it has " + String.join(", ", new java.util.TreeSet<>(device.slotSizes().keySet())) + ")");
        }
        if (p.imageSize() > slotSize) {
            throw new SlotTooSmallException(what + ": image of " + p.imageSize() + " bytes does not fit the "
                    + slotSize + "-byte slot");
        }
        if (p.deltaSource().isPresent()) {
            DeltaSource source = p.deltaSource().get();
            ActiveImage active = device.activeImages().get(p.slotClass());
            if (active == null) {
                throw new DeltaSourceMismatchException(what + ": the active " + p.slotClass() + " image is unknown,"
                        + " so a delta cannot be checked against it; install a full bundle");
            }
            if (active.size() != source.size() || !active.sha256().equals(source.sha256())) {
                throw new DeltaSourceMismatchException(what + ": delta source is " + source.size() + " bytes with"
                        + " SHA-256 " + source.sha256() + ", the active slot holds " + active.size()
                        + " bytes with SHA-256 " + active.sha256());
            }
        }
    }
}
