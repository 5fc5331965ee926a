# Twinroot's /etc/fstab (generated from the Java layout): the root stays read-only, the boot partition is
# mounted at /mnt/boot (boot state) and the data partition at /data (supervisor state, journal, logs).
FILESEXTRAPATHS:prepend := "${THISDIR}/files:"
