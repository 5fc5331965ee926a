package dev.twinroot.qemu.product;

import dev.twinroot.qemu.QemuMachine;

/**
 * The emulated board of the product scenarios that boot U-Boot: the default machine with the hardware watchdog,
 * and U-Boot's autoboot countdown at 0 s, as a device maker's U-Boot ships it (Yocto's qemuarm64 and most boards
 * boot without waiting for a key). Debian's qemu build waits 2 s at every boot, about 45 boots in the suite:
 * the harness gives it a preset environment with {@code bootdelay=0} ({@link QemuMachine.Builder#bootDelay}).
 * {@code [first-boot]} boots Debian's U-Boot exactly as shipped, countdown included, and {@code [uboot-console]}
 * checks the countdown itself.
 */
final class ProductMachine {

    private ProductMachine() {
    }

    static QemuMachine.Builder uboot() {
        return QemuMachine.builder().watchdog(true).bootDelay(0);
    }
}
