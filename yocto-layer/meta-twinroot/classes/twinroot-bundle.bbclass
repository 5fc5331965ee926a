# Produces the signed Twinroot update bundle of every build of an image: the slot image (the image's ext4,
# exactly one slot partition large) packed with `twinroot bundle create`, next to the image in
# DEPLOY_DIR_IMAGE as ${IMAGE_LINK_NAME}.bundle.
#
# TWINROOT_TOOL: the host tool, by absolute path. Default: the `twinroot` script at the root of the Twinroot
#   repository this layer sits in (yocto-layer/meta-twinroot); it runs cli/target/twinroot.jar with the build
#   host's Java 17 (java is in HOSTTOOLS_NONFATAL, see layer.conf). There is no twinroot-native recipe yet.
# TWINROOT_KEYS_DIR: signing.key and signing.pem (and ca.pem, which twinroot-config installs as the keyring),
#   e.g. from `./twinroot keys dev-ca --out DIR`.
# TWINROOT_BUNDLE = "0" skips the bundle (an image without a signing key).

TWINROOT_TOOL ??= "${TWINROOT_LAYERDIR}/../../twinroot"
TWINROOT_KEYS_DIR ??= "${TOPDIR}/twinroot-keys"
TWINROOT_BUNDLE ??= "1"
TWINROOT_SLOT_CLASS = "rootfs"

do_twinroot_bundle[vardeps] += "TWINROOT_COMPATIBLE TWINROOT_IMAGE_VERSION TWINROOT_KEYS_DIR TWINROOT_SLOT_CLASS"
do_twinroot_bundle[dirs] = "${IMGDEPLOYDIR}"

do_twinroot_bundle() {
    if [ "${TWINROOT_BUNDLE}" != "1" ]; then
        bbnote "TWINROOT_BUNDLE=${TWINROOT_BUNDLE}: no update bundle"
        return
    fi
    for f in signing.key signing.pem; do
        if [ ! -f "${TWINROOT_KEYS_DIR}/$f" ]; then
            bbfatal "no ${TWINROOT_KEYS_DIR}/$f: create keys with './twinroot keys dev-ca --out ${TWINROOT_KEYS_DIR}', or set TWINROOT_BUNDLE = \"0\""
        fi
    done
    ${TWINROOT_TOOL} bundle create \
        --compatible "${TWINROOT_COMPATIBLE}" \
        --version "${TWINROOT_IMAGE_VERSION}" \
        --slot-image ${TWINROOT_SLOT_CLASS}=${IMGDEPLOYDIR}/${IMAGE_NAME}.ext4 \
        --key ${TWINROOT_KEYS_DIR}/signing.key \
        --cert ${TWINROOT_KEYS_DIR}/signing.pem \
        -o ${IMGDEPLOYDIR}/${IMAGE_NAME}.bundle
    ln -sf ${IMAGE_NAME}.bundle ${IMGDEPLOYDIR}/${IMAGE_LINK_NAME}.bundle
}
addtask twinroot_bundle after do_image_ext4 before do_image_complete
