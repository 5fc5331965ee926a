#!/bin/busybox sh
# Twinroot initramfs /init: load the storage and filesystem drivers, find the slot's root filesystem,
# mount it read-only and hand over to its /sbin/init. A failure reboots (so the bootloader's try counter
# moves on to the other slot) unless twinroot.shell=1 asks for a rescue shell.
/bin/busybox mkdir -p /proc /sys /dev /run /newroot /sbin /usr/bin /usr/sbin
/bin/busybox --install -s
export PATH=/sbin:/usr/sbin:/bin:/usr/bin

mount -t proc -o nosuid,nodev,noexec proc /proc
mount -t sysfs -o nosuid,nodev,noexec sysfs /sys
mount -t devtmpfs -o nosuid,mode=0755 devtmpfs /dev

say() { echo "twinroot-initramfs: $*"; }

rescue=0
fail() {
    say "FAILED: $*"
    if [ "$rescue" = 1 ]; then
        say "twinroot.shell=1: starting a rescue shell on the console"
        exec sh
    fi
    say "rebooting in 5 s so the bootloader can try the other slot (twinroot.shell=1 gives a shell instead)"
    sleep 5
    reboot -f
}

say "starting (kernel $(uname -r))"

root=""
fstype=""
slot=""
rootdelay=30
for arg in $(cat /proc/cmdline); do
    case "$arg" in
        root=*) root="${arg#root=}" ;;
        rootfstype=*) fstype="${arg#rootfstype=}" ;;
        rootdelay=*) rootdelay="${arg#rootdelay=}" ;;
        twinroot.slot=*) slot="${arg#twinroot.slot=}" ;;
        twinroot.shell=1) rescue=1 ;;
    esac
done

loaded=0
while read -r module; do
    [ -n "$module" ] || continue
    if insmod "/$module" 2>/tmp/insmod.err; then
        loaded=$((loaded + 1))
    else
        say "insmod $module failed: $(cat /tmp/insmod.err)"
    fi
done < /etc/twinroot/modules
say "loaded $loaded kernel modules"

if [ -z "$slot" ]; then
    fail "no twinroot.slot= on the kernel command line"
fi
slot_label="rootfs-$(echo "$slot" | tr 'A-Z' 'a-z')"
if [ -z "$root" ]; then
    root="PARTLABEL=$slot_label"
fi

# Prints the device node for PARTLABEL=, LABEL=, UUID= or /dev/NAME, once it exists.
find_device() {
    case "$1" in
        PARTLABEL=*)
            for uevent in /sys/class/block/*/uevent; do
                if grep -qx "PARTNAME=${1#PARTLABEL=}" "$uevent" 2>/dev/null; then
                    echo "/dev/$(sed -n 's/^DEVNAME=//p' "$uevent")"
                    return 0
                fi
            done
            return 1 ;;
        PARTUUID=*)
            # MBR form SIGNATURE-NN (what U-Boot's part uuid gives on the Raspberry Pi's MBR disk): the disk
            # signature at byte 440, read as the kernel reads it (a little-endian word), and the partition number.
            want=$(echo "${1#PARTUUID=}" | tr 'A-F' 'a-f')
            for part in /sys/class/block/*; do
                [ -f "$part/partition" ] || continue
                disk=$(basename "$(readlink -f "$part/..")")
                sig=$(od -A n -t x4 -j 440 -N 4 "/dev/$disk" 2>/dev/null | tr -d ' \n')
                if [ -n "$sig" ] && [ "$(printf '%s-%02x' "$sig" "$(cat "$part/partition")")" = "$want" ]; then
                    echo "/dev/$(basename "$part")"
                    return 0
                fi
            done
            return 1 ;;
        LABEL=* | UUID=*) findfs "$1" 2>/dev/null ;;
        /dev/*) [ -b "$1" ] && echo "$1" ;;
        *) return 1 ;;
    esac
}

device=""
waited=0
while ! device=$(find_device "$root"); do
    if [ "$waited" -ge $((rootdelay * 5)) ]; then
        fail "root device $root of slot $slot did not appear within ${rootdelay} s"
    fi
    [ "$waited" = 5 ] && say "waiting for $root"
    usleep 200000
    waited=$((waited + 1))
done

say "mounting $slot_label ($device) read-only"
if ! mount -o ro ${fstype:+-t "$fstype"} "$device" /newroot; then
    fail "cannot mount $device read-only"
fi
if [ ! -x /newroot/sbin/init ]; then
    umount /newroot
    fail "$device has no executable /sbin/init"
fi

for fs in dev proc sys; do
    mount --move "/$fs" "/newroot/$fs" || fail "/newroot/$fs is missing: cannot move /$fs"
done
say "switching to $slot_label"
exec switch_root /newroot /sbin/init
