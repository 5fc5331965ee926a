#!/bin/busybox sh
# Usage: supervisor-stop PIDFILE SECONDS. Stops the supervisor whose pid supervisor-run wrote to PIDFILE: SIGTERM
# (it stops the application containers, closes its API and its log, and exits; it leaves the hardware watchdog
# armed), then at most SECONDS for it to exit before SIGKILL. Run by the shutdown, while busybox init does not
# respawn anything, so the supervisor stays stopped.
PIDFILE=${1:?usage: supervisor-stop PIDFILE SECONDS}
SECONDS_MAX=${2:?usage: supervisor-stop PIDFILE SECONDS}
say() { echo "twinroot-shutdown: $*"; }

pid=$(cat "$PIDFILE" 2>/dev/null)
case "$pid" in
    '' | *[!0-9]*) say "supervisor not running (no pid in $PIDFILE)"; exit 0 ;;
esac
if ! kill -0 "$pid" 2>/dev/null; then
    say "supervisor not running (pid $pid is gone)"
    exit 0
fi
say "stopping the supervisor (pid $pid): SIGTERM, at most $SECONDS_MAX s"
kill -TERM "$pid"
tenths=0
while kill -0 "$pid" 2>/dev/null; do
    if [ "$tenths" -ge $((SECONDS_MAX * 10)) ]; then
        say "the supervisor did not stop within $SECONDS_MAX s: SIGKILL"
        kill -KILL "$pid"
        exit 1
    fi
    sleep 0.1
    tenths=$((tenths + 1))
done
say "supervisor stopped after $((tenths / 10)).$((tenths % 10)) s"
