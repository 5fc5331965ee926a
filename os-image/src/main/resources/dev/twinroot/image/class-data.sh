#!/bin/busybox sh
# The supervisor daemon's class-data archive (AppCDS) for this slot's jar and Java runtime: its name, the JVM
# options the daemon runs with, and how it is made. supervisor-run starts the daemon with it; the daemon makes it
# after a commit; an install makes the new slot's archive before that slot's first boot by running the NEW
# slot's copy of this script chrooted into that slot (docs/image.md). The recipe lives in the slot that carries
# the jar and the runtime, so an archive is always made by the JVM that maps it, with that slot's options.
#
#   class-data name       the archive's path without its extension; exit 1 (and why, on stderr) if there is none
#   class-data options    the daemon's JVM options, one per line
#   class-data make LIST  makes NAME.jsa from the class list LIST (a -XX:DumpLoadedClassList file) and the list
#                         the image ships (SHIPPED_LIST), whole or not at all; nothing to do if it exists. Prints
#                         the archive's path.
#
# TWINROOT_ROOT prefixes every path: tests run this script on a build host against a tree. On a device it is
# empty (the script runs in the slot, or chrooted into it).
R=${TWINROOT_ROOT:-}
JAR=/usr/lib/twinroot/twinroot-supervisor.jar
JAVA=$R/usr/bin/java
# JVM options, one or more per line, written by the image builder (config field supervisorJvmOptions).
JVM_OPTIONS=$R/etc/twinroot/supervisor.jvm-options
LATE_C2=$R/usr/lib/twinroot/late-c2.options
# The classes of twinrootctl and of an install, which the daemon's start does not load: listed by a training run
# when the image was built (docs/image.md). Optional: an image without it gets an archive of the start's classes.
SHIPPED_LIST=$R/usr/lib/twinroot/twinroot-supervisor.classlist
CLASS_DATA=$R/data/twinroot/class-data
# JNA's native part (libjnidispatch.so), taken out of JNA's jar by the image builder (docs/image.md).
JNA_NATIVE=$R/usr/lib/twinroot/native

name() {
    sum=$(cut -c1-16 "$R$JAR.sha256" 2>/dev/null)
    release="$(dirname "$(readlink -f "$JAVA")")/../release"
    runtime=$(sed -n 's/^JAVA_RUNTIME_VERSION="\(.*\)"$/\1/p' "$release" 2>/dev/null | tr -cd 'A-Za-z0-9.+_-')
    if [ -z "$sum" ]; then
        echo "class-data: no $JAR.sha256 next to the jar" >&2
        return 1
    fi
    if [ -z "$runtime" ]; then
        echo "class-data: no JAVA_RUNTIME_VERSION in $release" >&2
        return 1
    fi
    echo "$CLASS_DATA/$sum-$runtime"
}

# The serial collector and C2 held back first, so that the image's options win (the last -XX setting counts).
# Under QEMU's emulation, C2 compiling start-up code on the one CPU took about a third of the daemon's way to its
# commit; held back, C2 still compiles the hashing loops of an install (docs/benchmarks.md). JNA's native library
# from the image when it has one (JNA_NATIVE): without it, JNA unpacks its copy from its jar into /tmp at every start.
options() {
    jna=""
    if [ -f "$JNA_NATIVE/libjnidispatch.so" ]; then
        jna="-Djna.boot.library.path=$JNA_NATIVE"
    fi
    # Unquoted on purpose: one word per option, several options per line allowed.
    for option in -XX:+UseSerialGC $jna $(cat "$LATE_C2" 2>/dev/null) $(cat "$JVM_OPTIONS" 2>/dev/null); do
        echo "$option"
    done
}

make() {
    list=$1
    base=$(name) || return 1
    if [ -f "$base.jsa" ]; then
        echo "$base.jsa"
        return 0
    fi
    if [ ! -s "$list" ]; then
        echo "class-data: no class list at $list" >&2
        return 1
    fi
    mkdir -p "$CLASS_DATA" || return 1
    rm -f "$base.jsa.tmp" "$base.classlist.all"
    if [ -s "$SHIPPED_LIST" ]; then
        # A class in both lists is archived once.
        cat "$list" "$SHIPPED_LIST" > "$base.classlist.all" || return 1
        list="$base.classlist.all"
    fi
    # shellcheck disable=SC2046
    if ! "$JAVA" $(options) -Xshare:dump -XX:SharedClassListFile="$list" -XX:SharedArchiveFile="$base.jsa.tmp" \
            -cp "$R$JAR" > "$base.dump.log" 2>&1; then
        echo "class-data: java -Xshare:dump failed: $(grep -v '^\[' "$base.dump.log" | head -n 1)" >&2
        rm -f "$base.jsa.tmp" "$base.dump.log" "$base.classlist.all"
        return 1
    fi
    rm -f "$base.dump.log" "$base.classlist.all"
    # Durable before it gets its name, and the name durable after: a power cut leaves the archive or nothing.
    sync "$base.jsa.tmp" && mv "$base.jsa.tmp" "$base.jsa" && sync "$CLASS_DATA" || return 1
    echo "$base.jsa"
}

case "${1:-}" in
    name) name ;;
    options) options ;;
    make)
        if [ $# -ne 2 ]; then
            echo "usage: class-data make LIST" >&2
            exit 2
        fi
        make "$2" ;;
    *)
        echo "usage: class-data name | options | make LIST" >&2
        exit 2 ;;
esac
