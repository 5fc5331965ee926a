#!/bin/busybox sh
# Started (and restarted) by busybox init from /etc/inittab. A missing supervisor jar or Java runtime is
# reported once and this process then just waits, so init does not respawn it in a tight loop.
JAR=/usr/lib/twinroot/twinroot-supervisor.jar
JAVA=/usr/bin/java
# Where the shutdown (supervisor-stop) finds the JVM to send SIGTERM to.
PIDFILE=/run/twinroot/supervisor.pid
# busybox init gives its children PATH=/sbin:/usr/sbin:/bin:/usr/bin; the busybox applets (reboot, which the
# supervisor runs to reboot through init) are in /run/bin, as on the console.
export PATH=/usr/sbin:/usr/bin:/sbin:/bin:/run/bin
if [ ! -f "$JAR" ]; then
    echo "twinroot-init: supervisor NOT started: $JAR is missing from this image; the console shell is available"
    exec sleep 2147483647
fi
if [ ! -x "$JAVA" ]; then
    echo "twinroot-init: supervisor NOT started: no Java runtime at $JAVA; the console shell is available"
    exec sleep 2147483647
fi
# The JVM's options and its class-data archive, from the one script that also makes the archive (class-data).
CLASS_DATA=/usr/lib/twinroot/class-data
OPTS=$("$CLASS_DATA" options)
# The daemon's classes from the class-data archive (AppCDS) made for this jar and this runtime (by the install
# that brought them, or by the daemon after a commit; docs/image.md): mapped from the file, they need no reading,
# parsing or verifying, most of the way to the commit under emulation. Its name carries the jar's SHA-256 and
# the runtime's version, so a slot never meets an archive made for other classes. A start without an archive
# lists the classes it loads: the daemon makes the archive from that list, and later installs the new slot's.
CDS=""
CDS_ARCHIVE=""
if NAME=$("$CLASS_DATA" name) && mkdir -p "${NAME%/*}" 2>/dev/null && [ -w "${NAME%/*}" ]; then
    if [ -f "$NAME.jsa" ]; then
        CDS_ARCHIVE="$NAME.jsa"
        CDS="-XX:SharedArchiveFile=$CDS_ARCHIVE"
    else
        CDS="-XX:DumpLoadedClassList=$NAME.classlist"
    fi
    CDS="$CDS -Dtwinroot.classData=$NAME"
fi
echo "twinroot-init: starting supervisor"
mkdir -p "${PIDFILE%/*}"
# The pid written by the process that then becomes the JVM (exec): the JVM stays in the foreground of this
# script, as before, and the pid is exactly the JVM's. $OPTS and $CDS unquoted on purpose: one word per option;
# $CDS after $OPTS, which may not name an archive of its own.
/bin/busybox sh -c 'echo $$ > "$0" && exec "$@"' "$PIDFILE" "$JAVA" $OPTS $CDS -jar "$JAR" daemon
status=$?
rm -f "$PIDFILE"
if [ -n "$CDS_ARCHIVE" ] && [ "$status" != 143 ] && [ "$status" != 0 ]; then
    # Whatever the cause, the next start does without the archive (and the daemon makes it again from the list).
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
