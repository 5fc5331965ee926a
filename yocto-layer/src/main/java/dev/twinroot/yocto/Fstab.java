package dev.twinroot.yocto;

import dev.twinroot.image.build.ImageLayout;
import dev.twinroot.updater.contract.Partition;
import java.util.ArrayList;
import java.util.List;

/**
 * The layer's {@code /etc/fstab}: the kernel mounts the slot read-only ({@code root=PARTLABEL=rootfs-X ro}),
 * systemd mounts the boot partition where the updater finds the boot state and the data partition where the
 * supervisor keeps its state. Partitions are found by filesystem label, which the wic layout gives the boot
 * and data filesystems and which works on GPT and MBR disks alike (an MBR has no partition names).
 */
final class Fstab {

    /** One non-comment line. */
    record Entry(int line, String device, String mountPoint, String type, String options) {
    }

    private Fstab() {
    }

    static String render() {
        StringBuilder s = new StringBuilder();
        s.append("# /etc/fstab of meta-twinroot, generated from dev.twinroot.image.build.ImageLayout and the boot\n");
        s.append("# contract's partitions: do not edit; see docs/yocto.md to regenerate.\n");
        s.append("# The root filesystem is the booted slot, mounted read-only by the kernel.\n");
        row(s, "/dev/root", "/", "auto", "ro", "1", "1");
        row(s, "proc", "/proc", "proc", "defaults", "0", "0");
        row(s, "devpts", "/dev/pts", "devpts", "mode=0620,ptmxmode=0666,gid=5", "0", "0");
        row(s, "tmpfs", "/run", "tmpfs", "mode=0755,nodev,nosuid,strictatime", "0", "0");
        row(s, "tmpfs", "/var/volatile", "tmpfs", "defaults", "0", "0");
        s.append("# Boot state (boot-state-1.env, boot-state-2.env) for the updater and the supervisor.\n");
        row(s, "LABEL=" + Partition.BOOT.label(), ImageLayout.BOOT_MOUNT, "vfat", "defaults,noatime", "0", "0");
        s.append("# Persistent state: supervisor, install journal, logs.\n");
        row(s, "LABEL=" + Partition.DATA.label(), ImageLayout.DATA_DIR, "ext4", "defaults,noatime", "0", "2");
        return s.toString();
    }

    private static void row(StringBuilder s, String device, String mount, String type, String options, String dump,
                            String pass) {
        s.append(String.format("%-20s %-16s %-7s %-38s %s %s", device, mount, type, options, dump, pass)).append('\n');
    }

    /** The entries of an fstab; a line with fewer than four fields becomes a finding. */
    static List<Entry> parse(String file, String text, List<Finding> findings) {
        List<Entry> entries = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int n = 0; n < lines.length; n++) {
            String t = lines[n].strip();
            if (t.isEmpty() || t.startsWith("#")) {
                continue;
            }
            String[] f = t.split("\\s+");
            if (f.length < 4) {
                findings.add(new Finding(file, n + 1, "fstab-line", "expected at least 4 fields (device, mount point,"
                        + " type, options), found " + f.length));
                continue;
            }
            entries.add(new Entry(n + 1, f[0], f[1], f[2], f[3]));
        }
        return entries;
    }
}
