package dev.twinroot.image;

import dev.twinroot.image.HostTool.Need;
import dev.twinroot.platform.ExternalTool;

import java.util.List;

/**
 * Every program and file Twinroot uses on the build host, in one table: {@code twinroot doctor} prints it, and
 * a test checks that {@code scripts/setup-host} installs every package named here. Code that runs one of these
 * programs takes its {@link ExternalTool} from here, so the table cannot fall behind the calls.
 */
public final class HostTools {

    public static final ExternalTool MKE2FS = new ExternalTool("mke2fs", "e2fsprogs");
    public static final ExternalTool DEBUGFS = new ExternalTool("debugfs", "e2fsprogs");
    public static final ExternalTool MKFS_VFAT = new ExternalTool("mkfs.vfat", "dosfstools");
    public static final ExternalTool MCOPY = new ExternalTool("mcopy", "mtools");
    public static final ExternalTool MKIMAGE = new ExternalTool("mkimage", "u-boot-tools");
    public static final ExternalTool MMDEBSTRAP = new ExternalTool("mmdebstrap", "mmdebstrap");
    public static final ExternalTool SGDISK = new ExternalTool("sgdisk", "gdisk");
    public static final ExternalTool SFDISK = new ExternalTool("sfdisk", "fdisk");
    public static final ExternalTool MKSQUASHFS = new ExternalTool("mksquashfs", "squashfs-tools");
    public static final ExternalTool MKFS_EROFS = new ExternalTool("mkfs.erofs", "erofs-utils");
    public static final ExternalTool QEMU_SYSTEM_AARCH64 = new ExternalTool("qemu-system-aarch64", "qemu-system-arm");
    public static final ExternalTool QEMU_IMG = new ExternalTool("qemu-img", "qemu-utils");
    public static final ExternalTool FW_PRINTENV = new ExternalTool("fw_printenv", "libubootenv-tool");
    public static final ExternalTool GRUB_MKIMAGE = new ExternalTool("grub-mkimage", "grub-common");
    public static final ExternalTool CPIO = new ExternalTool("cpio", "cpio");
    public static final ExternalTool ZSTD = new ExternalTool("zstd", "zstd");
    public static final ExternalTool XZ = new ExternalTool("xz", "xz-utils");
    public static final ExternalTool BSDIFF = new ExternalTool("bsdiff", "bsdiff");
    public static final ExternalTool XDELTA3 = new ExternalTool("xdelta3", "xdelta3");
    public static final ExternalTool RDIFF = new ExternalTool("rdiff", "rdiff");
    public static final ExternalTool SOCAT = new ExternalTool("socat", "socat");
    public static final ExternalTool RUNC = new ExternalTool("runc", "runc");
    public static final ExternalTool BUSYBOX = new ExternalTool("busybox", "busybox-static");
    public static final ExternalTool DOCKER_REGISTRY = new ExternalTool("docker-registry", "docker-registry");

    public static final String UBOOT_QEMU_ARM64 = "/usr/lib/u-boot/qemu_arm64/u-boot.bin";
    public static final String QEMU_EFI_AARCH64 = "/usr/share/qemu-efi-aarch64/QEMU_EFI.fd";

    private static final List<HostTool> ALL = List.of(
            HostTool.program(MKE2FS, Need.IMAGE_BUILD, "ext4 slot and data filesystems, filled from a tree (mke2fs -d)"),
            HostTool.program(DEBUGFS, Need.IMAGE_BUILD, "pins inode times so rebuilt ext4 slots are byte-identical"),
            HostTool.program(MKFS_VFAT, Need.IMAGE_BUILD, "the vfat boot partition"),
            HostTool.program(MCOPY, Need.IMAGE_BUILD, "copies boot files into the vfat partition without mounting it"),
            HostTool.program(MKIMAGE, Need.IMAGE_BUILD, "compiles the U-Boot boot script (boot.scr)"),
            HostTool.program(MMDEBSTRAP, Need.IMAGE_BUILD, "builds a root filesystem from Debian arm64 packages"),
            HostTool.program(SGDISK, Need.OPTIONAL, "cross-checks GPT tables Twinroot writes"),
            HostTool.program(SFDISK, Need.OPTIONAL, "cross-checks MBR and GPT tables Twinroot writes"),
            HostTool.program(MKSQUASHFS, Need.OPTIONAL, "squashfs slots (image config slotFilesystem: squashfs)"),
            HostTool.program(MKFS_EROFS, Need.OPTIONAL, "erofs slots (image config slotFilesystem: erofs)"),
            HostTool.program(QEMU_SYSTEM_AARCH64, Need.OPTIONAL, "boots images in twinroot qemu and the QEMU tests"),
            HostTool.program(QEMU_IMG, Need.OPTIONAL, "converts disk images (raw, qcow2) for other emulators"),
            HostTool.program(FW_PRINTENV, Need.OPTIONAL, "cross-checks the boot state with U-Boot's own environment tools"),
            HostTool.program(GRUB_MKIMAGE, Need.OPTIONAL, "the GRUB/UEFI boot backend (BOOTAA64.EFI)"),
            HostTool.program(CPIO, Need.OPTIONAL, "lists and cross-checks initramfs archives"),
            HostTool.program(ZSTD, Need.OPTIONAL, "compresses images for flashing; peer in delta benchmarks"),
            HostTool.program(XZ, Need.OPTIONAL, "compresses images for flashing"),
            HostTool.program(BSDIFF, Need.OPTIONAL, "peer in delta benchmarks"),
            HostTool.program(XDELTA3, Need.OPTIONAL, "peer in delta benchmarks"),
            HostTool.program(RDIFF, Need.OPTIONAL, "peer in delta benchmarks"),
            HostTool.program(SOCAT, Need.OPTIONAL, "connects QEMU guests to the scenarios' update server (guestfwd)"),
            HostTool.program(RUNC, Need.OPTIONAL, "runs application containers in the supervisor's tests"),
            HostTool.program(BUSYBOX, Need.OPTIONAL, "runs the image's init shell functions in tests, as the device does"),
            HostTool.program(DOCKER_REGISTRY, Need.OPTIONAL, "a real OCI registry on loopback for the containers' tests"),
            HostTool.file(UBOOT_QEMU_ARM64, "u-boot-qemu", Need.OPTIONAL, "U-Boot firmware for QEMU boots (-bios)"),
            HostTool.file(QEMU_EFI_AARCH64, "qemu-efi-aarch64", Need.OPTIONAL, "UEFI firmware for GRUB boots in QEMU"));

    private HostTools() {
    }

    public static List<HostTool> all() {
        return ALL;
    }
}
