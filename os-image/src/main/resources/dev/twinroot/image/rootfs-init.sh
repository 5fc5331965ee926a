#!/bin/busybox sh
# Twinroot /sbin/init: the slot is mounted read-only. Mount the kernel filesystems, the boot partition at
# /mnt/boot and the data partition at /data, give /etc and /var a writable overlay on /data, then hand PID 1
# to busybox init (/etc/inittab): the supervisor respawned, and a shell on the console for engineers.
BB=/bin/busybox
say() { echo "twinroot-init: $*"; }

mounted() { $BB grep -q "^[^ ]* $1 " /proc/mounts 2>/dev/null; }
mounted /proc || $BB mount -t proc -o nosuid,nodev,noexec proc /proc
mounted /sys || $BB mount -t sysfs -o nosuid,nodev,noexec sysfs /sys
mounted /dev || $BB mount -t devtmpfs -o nosuid,mode=0755 devtmpfs /dev
$BB mount -t tmpfs -o nosuid,nodev,mode=0755 tmpfs /run
$BB mount -t tmpfs -o nosuid,nodev,mode=1777 tmpfs /tmp
$BB mkdir -p /dev/pts /dev/shm /run/bin /run/lock
$BB mount -t devpts -o nosuid,noexec,gid=5,mode=0620 devpts /dev/pts
$BB mount -t tmpfs -o nosuid,nodev,mode=1777 tmpfs /dev/shm
# The unified cgroup hierarchy, where runc puts each application container (and applies its memory and PID
# limits); /sys/fs/cgroup is the kernel's own mount point for it.
mounted /sys/fs/cgroup || $BB mount -t cgroup2 -o nosuid,nodev,noexec cgroup2 /sys/fs/cgroup \
    || echo "twinroot-init: WARNING: cannot mount cgroup2 at /sys/fs/cgroup: application containers will not start"
# The slot is read-only and carries busybox without its applet links: install them in RAM.
$BB --install -s /run/bin
export PATH=/usr/sbin:/usr/bin:/sbin:/bin:/run/bin

slot=""
selftest=0
for arg in $(cat /proc/cmdline); do
    case "$arg" in
        twinroot.slot=*) slot="${arg#twinroot.slot=}" ;;
        twinroot.selftest=1) selftest=1 ;;
    esac
done
say "slot ${slot:-unknown} is up, root filesystem read-only"

# Prints the device of the first partition found by GPT name, then filesystem label.
find_partition() {
    for name in "$@"; do
        for uevent in /sys/class/block/*/uevent; do
            if grep -qx "PARTNAME=$name" "$uevent" 2>/dev/null; then
                echo "/dev/$(sed -n 's/^DEVNAME=//p' "$uevent")"
                return 0
            fi
        done
    done
    for name in "$@"; do
        findfs "LABEL=$name" 2>/dev/null && return 0
    done
    return 1
}

if boot=$(find_partition boot BOOT); then
    if mount -o rw,noatime "$boot" /mnt/boot; then
        say "boot partition $boot mounted at /mnt/boot"
    else
        say "WARNING: cannot mount boot partition $boot at /mnt/boot"
    fi
else
    say "WARNING: no boot partition (PARTLABEL or LABEL boot): /mnt/boot stays empty"
fi

persistent=0
if data=$(find_partition data DATA) && mount -t ext4 -o rw,noatime "$data" /data; then
    persistent=1
    say "data partition $data mounted read-write at /data"
else
    mount -t tmpfs -o mode=0755 tmpfs /data
    say "WARNING: no data partition (PARTLABEL or LABEL data): /data is a tmpfs, nothing will persist"
fi

for dir in etc var; do
    upper=/data/overlay/$dir
    mkdir -p "$upper/upper" "$upper/work"
    if mount -t overlay overlay -o "lowerdir=/$dir,upperdir=$upper/upper,workdir=$upper/work" "/$dir"; then
        say "/$dir is writable (overlay on /data)"
    else
        say "WARNING: no overlay for /$dir: it stays read-only"
    fi
done
mkdir -p /var/log /var/lib/twinroot /data/twinroot

hostname -F /etc/hostname 2>/dev/null || hostname twinroot
ip link set lo up 2>/dev/null
say "hostname $(hostname), data persistent=$persistent"

# Networking as the image config's `network` says (/etc/twinroot/network): dhcp on the first Ethernet
# interface, in the background so a device without a cable still boots at once.
network=$(cat /etc/twinroot/network 2>/dev/null || echo none)
if [ "$network" = dhcp ]; then
    iface=""
    for dev in /sys/class/net/*; do
        name=${dev##*/}
        [ "$name" = lo ] && continue
        [ -e "$dev/device" ] || continue
        iface=$name
        break
    done
    if [ -n "$iface" ]; then
        ip link set "$iface" up
        # -f in a background job: the lease (and its renewals) never holds up the boot.
        udhcpc -f -i "$iface" -s /usr/lib/twinroot/udhcpc-script -t 10 -T 2 -A 10 >/dev/null 2>&1 &
        say "network: DHCP started on $iface"
    else
        say "network: dhcp configured but no network interface found"
    fi
else
    say "network: none configured"
fi

if [ "$selftest" = 1 ]; then
    /usr/lib/twinroot/selftest
    say "self-test finished: powering off"
    # Unmount cleanly (overlays before /data) so the next boot finds no dirty vfat or ext4.
    for mnt in /etc /var /data /mnt/boot; do
        umount "$mnt" 2>/dev/null || mount -o remount,ro "$mnt" 2>/dev/null
    done
    sync
    poweroff -f
fi

say "starting busybox init (supervisor + console shell, see /etc/inittab)"
exec $BB init
