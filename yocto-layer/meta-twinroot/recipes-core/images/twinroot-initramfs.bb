SUMMARY = "Twinroot initramfs: busybox and the /init that mounts the booted slot"
# The project has not chosen a license yet; set LICENSE and LIC_FILES_CHKSUM here when it does.
LICENSE = "CLOSED"

PACKAGE_INSTALL = "twinroot-initramfs-init busybox base-files"

IMAGE_FEATURES = ""
IMAGE_LINGUAS = ""
IMAGE_FSTYPES = "${INITRAMFS_FSTYPES}"
IMAGE_NAME_SUFFIX ?= ""

# No kernel, no package manager data: the initramfs is copied into each slot as /boot/initrd.img.
PACKAGE_EXCLUDE = "kernel-image-*"
ROOTFS_BOOTSTRAP_INSTALL = ""

inherit core-image
