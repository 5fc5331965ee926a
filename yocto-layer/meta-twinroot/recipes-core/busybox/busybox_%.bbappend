# The Twinroot initramfs /init (shared with `twinroot image build`) installs busybox's applet links with
# `busybox --install -s` and finds filesystems with `findfs`; Poky's defconfig has neither.
FILESEXTRAPATHS:prepend := "${THISDIR}/files:"
SRC_URI:append = " file://twinroot-initramfs.cfg"
