#!/bin/busybox sh
# twinrootctl: the device command (status, install, mark-good, mark-bad, rollback, ...) is the supervisor jar.
# Short-lived, so the JVM is told to start fast rather than to reach peak speed.
JAR=/usr/lib/twinroot/twinroot-supervisor.jar
if [ ! -f "$JAR" ]; then
    echo "twinrootctl: $JAR is missing from this image" >&2
    exit 1
fi
exec /usr/bin/java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss512k -jar "$JAR" "$@"
