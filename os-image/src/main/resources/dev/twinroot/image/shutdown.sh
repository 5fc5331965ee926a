#!/bin/busybox sh
# Twinroot's shutdown, run by busybox init (/etc/inittab ::shutdown:) when it reboots or powers off: after
# `reboot` on the console, and after the supervisor asked it to (its reboot.command). busybox init runs this
# BEFORE it signals every process, so the orderly part is done here: stop the supervisor first (it stops the
# application containers), then every other process, then sync and unmount the overlays on /data, /data and
# the boot partition, so the next boot finds clean file systems (no ext4 journal to replay, no FAT "not
# properly unmounted"). The hardware watchdog stays armed: if any of this hangs, the board resets.
export PATH=/usr/sbin:/usr/bin:/sbin:/bin:/run/bin
say() { echo "twinroot-shutdown: $*"; }
mounted() { grep -q "^[^ ]* $1 " /proc/mounts 2>/dev/null; }

/usr/lib/twinroot/supervisor-stop /run/twinroot/supervisor.pid 30

# The console shell, the DHCP client, whatever else still has files open. The shell's builtin kill -1 reaches
# every process except init and this shell.
say "stopping the remaining processes"
kill -TERM -1 2>/dev/null
sleep 1
kill -KILL -1 2>/dev/null
sleep 0.2
sync

# Overlays before the data partition under them; the boot partition last.
for mnt in /etc /var /data /mnt/boot; do
    mounted "$mnt" || continue
    if umount "$mnt" 2>/dev/null; then
        say "$mnt unmounted"
    elif mount -o remount,ro "$mnt" 2>/dev/null; then
        say "$mnt remounted read-only"
    else
        say "WARNING: $mnt stays writable: the next boot will find it not cleanly unmounted"
    fi
done
sync
