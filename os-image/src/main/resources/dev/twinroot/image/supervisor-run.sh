#!/bin/busybox sh
# Started (and restarted) by busybox init from /etc/inittab. A missing supervisor jar or Java runtime is
# reported once and this process then just waits, so init does not respawn it in a tight loop.
JAR=/usr/lib/twinroot/twinroot-supervisor.jar
JAVA=/usr/bin/java
# JVM options, one or more per line, written by the image builder (config field supervisorJvmOptions).
JVM_OPTIONS=/etc/twinroot/supervisor.jvm-options
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
echo "twinroot-init: starting supervisor"
# $OPTS unquoted on purpose: one word per option.
"$JAVA" $OPTS -jar "$JAR" daemon
status=$?
echo "twinroot-init: supervisor exited with status $status; restarting in 2 s"
sleep 2
