#!/bin/busybox sh
# twinrootctl: the device command (status, install, mark-good, mark-bad, rollback, ...) is the supervisor jar.
# Most subcommands are short-lived, so the JVM is told to start fast (C1 only) rather than to reach peak
# speed. Not install: it hashes whole slots (two or three passes), and only C2 compiles SHA-256 to the CPU's
# SHA-2 instructions; measured under QEMU TCG, a 448 MiB pass takes 12-24 s with C2 against about 45 s with C1.
# There C2 is held back until a method is really hot, as in the daemon (supervisor-run): the hashing loops get it,
# the start-up code, which C2 would compile at the cost of the one CPU, does not.
JAR=/usr/lib/twinroot/twinroot-supervisor.jar
if [ ! -f "$JAR" ]; then
    echo "twinrootctl: $JAR is missing from this image" >&2
    exit 1
fi
COMPILER=-XX:TieredStopAtLevel=1
if [ "$1" = install ]; then
    COMPILER=$(cat /usr/lib/twinroot/late-c2.options)
fi
# $COMPILER unquoted on purpose: one word per option.
exec /usr/bin/java -XX:+UseSerialGC $COMPILER -Xss512k -jar "$JAR" "$@"
