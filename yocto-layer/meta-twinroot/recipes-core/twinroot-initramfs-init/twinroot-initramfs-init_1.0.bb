SUMMARY = "Twinroot initramfs /init: mounts the booted slot read-only and switches to it"
DESCRIPTION = "The same /init as `twinroot image build` puts into its initramfs (copied from os-image's \
initramfs-init.sh by the layer generator). The boot script loads /boot/initrd.img from the slot; this \
init finds root=PARTLABEL=rootfs-X, mounts it read-only and hands over to its /sbin/init (systemd). \
The kernels of qemuarm64 and raspberrypi4-64 have their storage drivers built in, so the module list is empty."
# The project has not chosen a license yet; set LICENSE and LIC_FILES_CHKSUM here when it does.
LICENSE = "CLOSED"

SRC_URI = "file://init"

S = "${WORKDIR}"

do_install() {
    install -m 0755 ${WORKDIR}/init ${D}/init
    install -d ${D}${sysconfdir}/twinroot
    touch ${D}${sysconfdir}/twinroot/modules
}

FILES:${PN} = "/init ${sysconfdir}/twinroot/modules"
RDEPENDS:${PN} = "busybox"
