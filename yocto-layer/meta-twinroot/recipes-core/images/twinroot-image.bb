SUMMARY = "Twinroot device image: a read-only A/B slot with its own kernel, the supervisor and a JRE"
DESCRIPTION = "Slot A of the wic disk (boot vfat, rootfs-a, rootfs-b, data: the layout of \
`twinroot image build`), and the signed update bundle of the same slot image. The kernel and the \
initramfs live inside the slot (/boot/Image, /boot/initrd.img), so a slot is one atomic unit."
# The project has not chosen a license yet; set LICENSE and LIC_FILES_CHKSUM here when it does.
LICENSE = "CLOSED"

inherit core-image twinroot-bundle

IMAGE_FEATURES += "read-only-rootfs"
IMAGE_INSTALL:append = " kernel-image twinroot-supervisor twinroot-config"
IMAGE_LINGUAS = ""

# The slot image is exactly the size of a slot partition (the layout's sizes.slot, in KiB): the wic disk
# copies it byte for byte into rootfs-a and the bundle carries the very same bytes.
IMAGE_FSTYPES = "ext4 wic"
IMAGE_TYPEDEP:wic = "ext4"
IMAGE_ROOTFS_SIZE = "655360"
IMAGE_ROOTFS_MAXSIZE = "655360"
IMAGE_ROOTFS_EXTRA_SPACE = "0"
IMAGE_OVERHEAD_FACTOR = "1.0"
EXTRA_IMAGECMD:ext4 = "-L rootfs-a"

# The disk layout, generated from the Java layout definition (see wic/ and the layer checker).
WKS_FILE = "twinroot-${MACHINE}.wks.in"
do_image_wic[depends] += "twinroot-boot:do_deploy"
# On an MBR disk (raspberrypi4-64) the wks's plugin twinroot-mbr-diskid writes TWINROOT_MBR_DISKID into the
# MBR; wic reads bitbake variables from the image's .env file, which holds the WICVARS.
WICVARS:append = " TWINROOT_MBR_DISKID"
do_image_wic[vardeps] += "TWINROOT_MBR_DISKID"
IMAGE_BOOT_FILES:qemuarm64 = "twinroot-boot.scr;boot.scr boot-state-1.env boot-state-2.env"
# meta-raspberrypi lists the firmware, config.txt, the device trees and U-Boot as kernel8.img; its own
# boot.scr (rpi-u-boot-scr) is replaced by Twinroot's.
IMAGE_BOOT_FILES:remove:raspberrypi4-64 = "boot.scr"
IMAGE_BOOT_FILES:append:raspberrypi4-64 = " twinroot-boot.scr;boot.scr boot-state-1.env boot-state-2.env"

# The boot script loads /boot/initrd.img from the slot: copy the initramfs image there.
TWINROOT_INITRAMFS = "twinroot-initramfs"
do_rootfs[depends] += "${TWINROOT_INITRAMFS}:do_image_complete"
ROOTFS_POSTPROCESS_COMMAND += "twinroot_install_initramfs; "
twinroot_install_initramfs() {
    install -d ${IMAGE_ROOTFS}/boot
    install -m 0644 ${DEPLOY_DIR_IMAGE}/${TWINROOT_INITRAMFS}-${MACHINE}.${INITRAMFS_FSTYPES} ${IMAGE_ROOTFS}/boot/initrd.img
    if [ ! -e ${IMAGE_ROOTFS}/boot/Image ]; then
        bbfatal "the slot has no /boot/Image (KERNEL_IMAGETYPE=${KERNEL_IMAGETYPE}): the boot script cannot load a kernel"
    fi
}

# qemuarm64 under runqemu: boot the wic disk through U-Boot, as `./twinroot qemu run` does.
EXTRA_IMAGEDEPENDS:append:qemuarm64 = " u-boot"
QB_DEFAULT_BIOS:qemuarm64 = "u-boot.bin"
QB_DEFAULT_FSTYPE:qemuarm64 = "wic"
QB_DRIVE_TYPE:qemuarm64 = "/dev/vd"
QB_ROOTFS_OPT:qemuarm64 = "-drive id=disk0,file=@ROOTFS@,if=none,format=raw -device virtio-blk-pci,drive=disk0"
QB_DEFAULT_KERNEL:qemuarm64 = "none"
QB_KERNEL_CMDLINE:qemuarm64 = "none"
