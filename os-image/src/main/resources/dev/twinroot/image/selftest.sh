#!/bin/busybox sh
# Runs when the kernel command line has twinroot.selftest=1: proves the image works end to end and prints
# one marker line per check, so a test harness reading the serial console can tell which check failed.
failed=0
check() {
    name=$1
    shift
    if out=$("$@" 2>&1); then
        echo "twinroot-selftest: ok $name"
    else
        echo "twinroot-selftest: FAILED $name"
        echo "$out" | sed 's/^/twinroot-selftest:   /'
        failed=$((failed + 1))
    fi
}
root_ro() { grep -q '^[^ ]* / [^ ]* ro[, ]' /proc/mounts; }
data_rw() { grep -q '^[^ ]* /data [^ ]* rw,' /proc/mounts; }
etc_writable() { echo selftest > /etc/.twinroot-selftest && rm /etc/.twinroot-selftest; }

echo "twinroot-selftest: begin"
check root-read-only root_ro
check data-read-write data_rw
check etc-writable etc_writable
start=$(cut -d' ' -f1 /proc/uptime)
if version=$(/usr/bin/java -version 2>&1); then
    echo "$version" | sed 's/^/twinroot-selftest: java: /'
    echo "twinroot-selftest: ok java-version (started at uptime $start s, done at $(cut -d' ' -f1 /proc/uptime) s)"
else
    echo "$version" | sed 's/^/twinroot-selftest: java: /'
    echo "twinroot-selftest: FAILED java-version"
    failed=$((failed + 1))
fi
echo "twinroot-selftest: end failed=$failed"
