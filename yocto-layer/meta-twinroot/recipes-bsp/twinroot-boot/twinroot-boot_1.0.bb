SUMMARY = "Twinroot boot partition files: the U-Boot boot script and the initial boot state"
DESCRIPTION = "boot.cmd is generated from the boot contract (dev.twinroot.updater.contract.BootContract \
via UBootScript, the same source as `twinroot image build`), one per machine for its kernel console; \
boot-state-1.env and boot-state-2.env are the two initial copies of the redundant boot state (slot A \
first, 3 tries each). Deployed as twinroot-boot.scr and the two state files, which the wic layout puts \
on the boot partition."
# The project has not chosen a license yet; set LICENSE and LIC_FILES_CHKSUM here when it does.
LICENSE = "CLOSED"

COMPATIBLE_MACHINE = "^(qemuarm64|raspberrypi4-64)$"

DEPENDS = "u-boot-mkimage-native"
INHIBIT_DEFAULT_DEPS = "1"

# boot.cmd comes from files/${MACHINE}/ (FILESOVERRIDES picks the machine's copy).
SRC_URI = "file://boot.cmd \
           file://boot-state-1.env \
           file://boot-state-2.env \
           "

S = "${WORKDIR}"

inherit deploy nopackages

do_compile() {
    mkimage -A arm64 -O linux -T script -C none -n "twinroot boot script" -d ${WORKDIR}/boot.cmd ${B}/twinroot-boot.scr
}

do_deploy() {
    install -d ${DEPLOYDIR}
    install -m 0644 ${B}/twinroot-boot.scr ${DEPLOYDIR}/twinroot-boot.scr
    install -m 0644 ${WORKDIR}/boot-state-1.env ${DEPLOYDIR}/boot-state-1.env
    install -m 0644 ${WORKDIR}/boot-state-2.env ${DEPLOYDIR}/boot-state-2.env
}

addtask deploy after do_compile before do_build
