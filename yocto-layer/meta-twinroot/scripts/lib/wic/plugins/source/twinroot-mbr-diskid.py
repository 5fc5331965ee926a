#
# SPDX-License-Identifier: GPL-2.0-only
#
# wic source plugin of meta-twinroot, used as `bootloader --ptable msdos --source twinroot-mbr-diskid`.
#
# An MBR has no partition names, so a Twinroot device on an MBR disk (the Raspberry Pi 4) names its slots in
# /etc/twinroot/system.json by the kernel's PARTUUID, "<disk identifier>-<partition number>". wic of scarthgap
# has no option for the disk identifier: it draws one from SOURCE_DATE_EPOCH or at random. This plugin
# overwrites it, after wic has written the partition table, with TWINROOT_MBR_DISKID, the same variable
# twinroot-config puts into system.json. The image recipe adds TWINROOT_MBR_DISKID to WICVARS, so wic finds
# it in the image's .env file.

import logging
import re

from wic import WicError
from wic.misc import get_bitbake_var
from wic.pluginbase import SourcePlugin

logger = logging.getLogger("wic")

# The disk signature of an MBR: 4 bytes, little-endian, at byte 440 of sector 0.
SIGNATURE_OFFSET = 440
BOOT_SIGNATURE_OFFSET = 510


class TwinrootMbrDiskIdPlugin(SourcePlugin):
    """Writes TWINROOT_MBR_DISKID into the MBR of the disk wic made."""

    name = "twinroot-mbr-diskid"

    @classmethod
    def do_install_disk(cls, disk, disk_name, creator, workdir, oe_builddir,
                        bootimg_dir, kernel_dir, native_sysroot):
        value = get_bitbake_var("TWINROOT_MBR_DISKID")
        if value is None or not re.fullmatch(r"[0-9a-f]{8}", value) or value == "00000000":
            raise WicError("TWINROOT_MBR_DISKID must be 8 lower-case hex digits, not all zero "
                           "(the kernel's spelling in PARTUUID), found %r" % value)
        if disk.ptable_format != "msdos":
            raise WicError("%s: the disk identifier is an MBR field; this disk's table is %s"
                           % (cls.name, disk.ptable_format))
        identifier = int(value, 16)
        with open(disk.path, "r+b") as img:
            img.seek(BOOT_SIGNATURE_OFFSET)
            if img.read(2) != b"\x55\xaa":
                raise WicError("%s: %s has no MBR (no 55 AA at byte 510)" % (cls.name, disk.path))
            img.seek(SIGNATURE_OFFSET)
            img.write(identifier.to_bytes(4, "little"))
        disk.identifier = identifier
        logger.debug("%s: disk identifier of %s set to 0x%08x", cls.name, disk_name, identifier)
