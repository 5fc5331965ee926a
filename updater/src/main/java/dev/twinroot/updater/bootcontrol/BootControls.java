package dev.twinroot.updater.bootcontrol;

import dev.twinroot.updater.contract.Slot;

/** Creates the {@link BootControl} for a bootloader backend. */
public final class BootControls {

    private BootControls() {
    }

    /**
     * Boot control over a store.
     *
     * @param store the backend's state store ({@code UBootStateStore}, {@code GrubStateStore},
     *     {@link FileBootStateStore})
     * @param booted the running slot, from {@link KernelCommandLine#bootedSlot(String)} on a device
     */
    public static BootControl over(BootStateStore store, Slot booted) {
        return new StoredBootControl(store, booted);
    }
}
