#!/bin/busybox sh
# Started (and restarted) by busybox init from /etc/inittab. A missing supervisor jar or Java runtime is
# reported once and this process then just waits, so init does not respawn it in a tight loop.
JAR=/usr/lib/twinroot/twinroot-supervisor.jar
JAVA=/usr/bin/java
# JVM options, one or more per line, written by the image builder (config field supervisorJvmOptions).
JVM_OPTIONS=/etc/twinroot/supervisor.jvm-options
# Where the shutdown (supervisor-stop) finds the JVM to send SIGTERM to.
PIDFILE=/run/twinroot/supervisor.pid
# busybox init gives its children PATH=/sbin:/usr/sbin:/bin:/usr/bin; the busybox applets (reboot, which the
# supervisor runs to reboot through init) are in /run/bin, as on the console.
export PATH=/usr/sbin:/usr/bin:/sbin:/bin:/run/bin
OPTS=""
if [ -f "$JVM_OPTIONS" ]; then OPTS=$(cat "$JVM_OPTIONS"); fi
if [ ! -f "$JAR" ]; then
    echo "twinroot-init: supervisor NOT started: $JAR is missing from this image; the console shell is available"
    exec sleep 2147483647
fi
if [ ! -x "$JAVA" ]; then
    echo "twinroot-init: supervisor NOT started: no Java runtime at $JAVA; the console shell is available"
    exec sleep 2147483647
fi
# Before the image's options, so that theirs win (the last -XX setting counts): the serial collector, and C2 held
# back until a method is really hot. Under QEMU's emulation, C2 compiling start-up code on the one CPU took about a
# third of the daemon's way to its commit (measured 60 s against 31-44 s held back, 39 s with C1 alone); held back,
# C2 still compiles the hashing loops of an install, and only C2 code hashes SHA-256 with the CPU's SHA-2
# instructions (448 MiB in 24 s, against 46 s with C1 alone). The thresholds are in one file twinrootctl reads too.
LATE_C2=$(cat /usr/lib/twinroot/late-c2.options 2>/dev/null)
# The daemon's classes from a class-data archive (AppCDS) that this device made for this jar and this runtime
# (the daemon makes it some minutes after a commit; docs/image.md): mapped from the file, they need no reading,
# parsing or verifying, about a third of the way to the commit under emulation. The name carries the jar's
# SHA-256 (the image build writes it next to the jar) and the runtime's version, so a slot updated with another
# jar or JDK never meets an archive made for other classes. Without an archive, this start lists the classes it
# loads and its options for the daemon to make one.
CLASS_DATA=/data/twinroot/class-data
CDS=""
CDS_ARCHIVE=""
JAR_SUM=$(cut -c1-16 "$JAR.sha256" 2>/dev/null)
RELEASE="$(dirname "$(readlink -f "$JAVA")")/../release"
RUNTIME=$(sed -n 's/^JAVA_RUNTIME_VERSION="\(.*\)"$/\1/p' "$RELEASE" 2>/dev/null | tr -cd 'A-Za-z0-9.+_-')
if [ -n "$JAR_SUM" ] && [ -n "$RUNTIME" ] && mkdir -p "$CLASS_DATA" 2>/dev/null && [ -w "$CLASS_DATA" ]; then
    NAME="$CLASS_DATA/$JAR_SUM-$RUNTIME"
    if [ -f "$NAME.jsa" ]; then
        CDS_ARCHIVE="$NAME.jsa"
        CDS="-XX:SharedArchiveFile=$CDS_ARCHIVE"
    else
        CDS="-XX:DumpLoadedClassList=$NAME.classlist"
        printf '%s\n' -XX:+UseSerialGC $LATE_C2 $OPTS > "$NAME.options" 2>/dev/null
    fi
    CDS="$CDS -Dtwinroot.classData=$NAME"
fi
echo "twinroot-init: starting supervisor"
mkdir -p "${PIDFILE%/*}"
# The pid written by the process that then becomes the JVM (exec): the JVM stays in the foreground of this
# script, as before, and the pid is exactly the JVM's. $LATE_C2 and $OPTS unquoted on purpose: one word per
# option; $CDS after $OPTS, which may not name an archive of its own.
/bin/busybox sh -c 'echo $$ > "$0" && exec "$@"' "$PIDFILE" "$JAVA" -XX:+UseSerialGC $LATE_C2 $OPTS $CDS -jar "$JAR" daemon
status=$?
rm -f "$PIDFILE"
if [ -n "$CDS_ARCHIVE" ] && [ "$status" != 143 ] && [ "$status" != 0 ]; then
    # Whatever the cause, the next start does without the archive (and the daemon makes it again).
    rm -f "$CDS_ARCHIVE"
    echo "twinroot-init: supervisor exited with status $status while using $CDS_ARCHIVE: removed it"
fi
if [ "$status" = 143 ]; then
    # SIGTERM: the shutdown stopping it (init then respawns nothing), or someone else (then it comes back).
    echo "twinroot-init: supervisor stopped by SIGTERM"
else
    echo "twinroot-init: supervisor exited with status $status; restarting in 2 s"
fi
sleep 2
