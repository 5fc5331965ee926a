#!/bin/busybox sh
# twinrootctl: the device command (status, install, mark-good, mark-bad, rollback, ...) is the supervisor jar.
# Most subcommands are short-lived, so the JVM is told to start fast (C1 only) rather than to reach peak
# speed. Not install: it hashes whole slots (two or three passes), and only C2 compiles SHA-256 to the CPU's
# SHA-2 instructions; measured under QEMU TCG, a 448 MiB pass takes 12-24 s with C2 against about 45 s with C1.
# There C2 is held back until a method is really hot, as in the daemon (supervisor-run): the hashing loops get it,
# the start-up code, which C2 would compile at the cost of the one CPU, does not.
#
# TWINROOT_ROOT prefixes every path: tests run this script on a build host against a tree. Empty on a device.
R=${TWINROOT_ROOT:-}
JAR=$R/usr/lib/twinroot/twinroot-supervisor.jar
if [ ! -f "$JAR" ]; then
    echo "twinrootctl: ${JAR#$R} is missing from this image" >&2
    exit 1
fi
COMPILER=-XX:TieredStopAtLevel=1
if [ "$1" = install ]; then
    COMPILER=$(cat "$R/usr/lib/twinroot/late-c2.options")
fi
# The daemon's class-data archive of these jars, when the device has made it (docs/image.md): most of what a
# command loads (the JDK's classes, the configuration, the updater, JSON) the daemon's start loaded too, and a
# class mapped from the archive is neither read from a jar nor verified. What it lacks comes from the jars. An
# archive that does not fit (other options) is ignored by the JVM, which then loads everything from the jars.
CDS=""
if NAME=$("$R/usr/lib/twinroot/class-data" name 2>/dev/null) && [ -f "$NAME.jsa" ]; then
    CDS="-XX:SharedArchiveFile=$NAME.jsa"
fi
# JNA's native library from the image, as for the daemon (class-data options), rather than unpacked into /tmp.
JNA=""
if [ -f "$R/usr/lib/twinroot/native/libjnidispatch.so" ]; then
    JNA="-Djna.boot.library.path=$R/usr/lib/twinroot/native"
fi
# $COMPILER, $JNA and $CDS unquoted on purpose: one word per option.
exec "$R/usr/bin/java" -XX:+UseSerialGC $COMPILER -Xss512k $JNA $CDS -jar "$JAR" "$@"
