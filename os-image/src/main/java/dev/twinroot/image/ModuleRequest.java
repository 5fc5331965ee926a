package dev.twinroot.image;

import java.util.List;

/**
 * The drivers an initramfs must be able to load: {@code required} ones fail the build when the kernel has
 * neither the module nor the driver built in; {@code optional} ones (hardware of some boards only) are
 * skipped when absent.
 */
public record ModuleRequest(List<String> required, List<String> optional) {

    /**
     * virtio disk and network (QEMU), the watchdog QEMU emulates, SD/MMC hosts of the Raspberry Pi, and every
     * filesystem a slot, the boot partition or the data partition may use, plus overlayfs for /etc and /var.
     */
    public static ModuleRequest defaults() {
        return new ModuleRequest(
                List.of("virtio_pci", "virtio_blk", "ext4", "vfat", "nls_ascii", "nls_cp437", "squashfs",
                        "erofs", "overlay", "i6300esb"),
                List.of("virtio_net", "virtio_mmio", "mmc_block", "sdhci_iproc", "bcm2835", "sdhci_pci"));
    }

    public ModuleRequest {
        required = List.copyOf(required).stream().map(ModuleInfo::normalize).toList();
        optional = List.copyOf(optional).stream().map(ModuleInfo::normalize).toList();
    }
}
