package dev.twinroot.qemu;

import dev.twinroot.platform.ExternalTool;

/** The host programs the harness runs, each with the Debian package that provides it. */
final class QemuTools {
    static final ExternalTool QEMU = new ExternalTool("qemu-system-aarch64", "qemu-system-arm");
    static final ExternalTool SFDISK = new ExternalTool("sfdisk", "fdisk");
    static final ExternalTool MCOPY = new ExternalTool("mcopy", "mtools");
    static final ExternalTool DEBUGFS = new ExternalTool("debugfs", "e2fsprogs");
    static final ExternalTool MKENVIMAGE = new ExternalTool("mkenvimage", "u-boot-tools");
    static final ExternalTool SOCAT = new ExternalTool("socat", "socat");

    private QemuTools() {
    }
}
