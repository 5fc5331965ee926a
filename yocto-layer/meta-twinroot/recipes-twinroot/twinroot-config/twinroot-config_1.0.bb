SUMMARY = "Twinroot device configuration: /etc/twinroot/system.json, os-release, version and keyring"
DESCRIPTION = "The device's one configuration file, read by the updater and the supervisor, as \
`twinroot image build` writes it (generated from the Java layout; the layer checker keeps them equal), \
the image version the supervisor reports, the CA certificates bundles must be signed under, and the \
mount points of the boot and data partitions in the read-only root."
# The project has not chosen a license yet; set LICENSE and LIC_FILES_CHKSUM here when it does.
LICENSE = "CLOSED"

SRC_URI = "file://system.json.in \
           file://os-release.in \
           "

S = "${WORKDIR}"

# TWINROOT_COMPATIBLE differs per machine: never share this package between machines of the same CPU.
PACKAGE_ARCH = "${MACHINE_ARCH}"

# A directory holding ca.pem (and any further *.pem CA certificates), e.g. the output of
# `./twinroot keys dev-ca --out DIR`. The build fails when it holds none: a device without a keyring
# would refuse every update.
TWINROOT_KEYS_DIR ??= "${TOPDIR}/twinroot-keys"

# system.json.in is per machine (files/MACHINE/): slots by GPT partition name on qemuarm64, by PARTUUID on the
# Raspberry Pi's MBR disk, where @TWINROOT_MBR_DISKID@ becomes the disk identifier wic writes (see the distro).
do_install[vardeps] += "TWINROOT_COMPATIBLE TWINROOT_IMAGE_VERSION TWINROOT_KEYS_DIR TWINROOT_MBR_DISKID"
# The keyring is part of the package: a new or changed certificate re-runs do_install.
do_install[file-checksums] += "${TWINROOT_KEYS_DIR}/*.pem:True"

do_install() {
    install -d ${D}${sysconfdir}/twinroot ${D}${sysconfdir}/twinroot/keyring
    if grep -q @TWINROOT_MBR_DISKID@ ${WORKDIR}/system.json.in; then
        case "${TWINROOT_MBR_DISKID}" in
            00000000) bbfatal "TWINROOT_MBR_DISKID must not be 00000000 (an MBR without a disk identifier)" ;;
            [0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]) ;;
            *) bbfatal "TWINROOT_MBR_DISKID=${TWINROOT_MBR_DISKID}: expected 8 lower-case hex digits (the kernel's spelling in PARTUUID)" ;;
        esac
    fi
    sed -e 's/@TWINROOT_MBR_DISKID@/${TWINROOT_MBR_DISKID}/g' -e 's/@TWINROOT_COMPATIBLE@/${TWINROOT_COMPATIBLE}/g' ${WORKDIR}/system.json.in > ${D}${sysconfdir}/twinroot/system.json
    sed -e 's/@TWINROOT_COMPATIBLE@/${TWINROOT_COMPATIBLE}/g' -e 's/@TWINROOT_IMAGE_VERSION@/${TWINROOT_IMAGE_VERSION}/g' \
        ${WORKDIR}/os-release.in > ${D}${sysconfdir}/twinroot/os-release
    echo "${TWINROOT_IMAGE_VERSION}" > ${D}${sysconfdir}/twinroot/version
    chmod 0644 ${D}${sysconfdir}/twinroot/system.json ${D}${sysconfdir}/twinroot/os-release ${D}${sysconfdir}/twinroot/version

    found=0
    for pem in ${TWINROOT_KEYS_DIR}/*.pem; do
        case "$(basename "$pem")" in signing.pem) continue ;; esac
        [ -f "$pem" ] || continue
        install -m 0644 "$pem" ${D}${sysconfdir}/twinroot/keyring/
        found=1
    done
    if [ "$found" = 0 ]; then
        bbfatal "TWINROOT_KEYS_DIR=${TWINROOT_KEYS_DIR} holds no CA certificate (*.pem): create one with './twinroot keys dev-ca --out ${TWINROOT_KEYS_DIR}' or point TWINROOT_KEYS_DIR at your fleet's CA certificates"
    fi

    # Mount points of the boot and data partitions (see fstab): the root is read-only at run time.
    install -d ${D}/mnt/boot ${D}/data
}

FILES:${PN} = "${sysconfdir}/twinroot /mnt/boot /data"
CONFFILES:${PN} = "${sysconfdir}/twinroot/system.json"
