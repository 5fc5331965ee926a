#!/usr/bin/env bash
# Delta benchmark: builds real image pairs and compares `twinroot delta` with the Debian peers (bsdiff,
# xdelta3, zstd --patch-from, rdiff). Prints one markdown table per pair on stdout; progress on stderr.
#
#   bench/delta.sh [PAIR...]      pairs: kernel rootfs ext4-edit ext4-overwrite sparse-1g sparse-4g sparse-8g
#                                 (default: all)
#
# TOOLS="twinroot xdelta3" limits every pair to those tools. PREPARE_ONLY=1 builds the rootfs images and stops;
# ROOTFS_FORMATS="squashfs erofs" picks the rootfs tables and their order (default: ext4 squashfs erofs);
# REUSE_IMAGES=1 takes the rootfs images an earlier run built. KEEP_DELTAS=DIR keeps twinroot's deltas.
# Work files go to $BENCH_DIR (default /tmp/twinroot-bench-delta); nothing there is needed afterwards.
# A peer is skipped on a pair where it would need more memory or time than this machine allows; the table says so.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="${BENCH_DIR:-/tmp/twinroot-bench-delta}"
# A peer that runs longer than this (seconds) is stopped and shown as failed ("-").
peer_timeout="timeout ${PEER_TIMEOUT:-1200}"
jar="$here/cli/target/twinroot.jar"
mkdir -p "$work"
export LC_ALL=C

need() { command -v "$1" >/dev/null || { echo "delta.sh: $1 is missing: apt-get install $2 (scripts/setup-host)" >&2; exit 1; }; }
need bsdiff bsdiff; need xdelta3 xdelta3; need zstd zstd; need rdiff rdiff; need mke2fs e2fsprogs; need debugfs e2fsprogs
[[ -x /usr/bin/time ]] || { echo "delta.sh: /usr/bin/time is missing: apt-get install time" >&2; exit 1; }
"$here/twinroot" --version >/dev/null   # builds the jar when sources changed
cp "$jar" "$work/twinroot.jar"            # a private copy: edits during a long run do not rebuild under it

log() { echo "delta.sh: $*" >&2; }

# timed OUT_VAR CMD...: runs CMD under /usr/bin/time; sets OUT_VAR to "seconds maxrss_kib user_s sys_s"
timed() {
  local var=$1; shift
  /usr/bin/time -f "%e %M %U %S" -o "$work/time.out" "$@" >"$work/cmd.log" 2>&1 || { log "FAILED: $*"; tail -3 "$work/cmd.log" >&2; printf -v "$var" "fail fail 0 0"; return 1; }
  printf -v "$var" "%s" "$(tail -1 "$work/time.out")"
}

# wall SPEC / rss SPEC / cpu SPEC: fields of a "seconds maxrss_kib user sys" measurement
wall() { echo "${1%% *}"; }
rss() { awk -v k="$(cut -d' ' -f2 <<<"$1")" 'BEGIN { if (k == "fail") print "-"; else printf "%.0f", k / 1024 }'; }
cpu() { awk -v u="$(cut -d' ' -f3 <<<"$1")" -v s="$(cut -d' ' -f4 <<<"$1")" 'BEGIN { printf "%.2f", u + s }'; }
size_of() { stat -c %s "$1"; }

# row TOOL OLD NEW: creates and applies a delta with TOOL, prints a table row
row() {
  local tool=$1 old=$2 new=$3 d="$work/d.$1" out="$work/out.$1" c a ok size
  rm -f "$d" "$out" "$work/sig"
  case $tool in
    twinroot)
      timed c java -Xmx1g -jar "$work/twinroot.jar" delta create "$old" "$new" "$d" || true
      timed a java -Xmx64m -jar "$work/twinroot.jar" delta apply "$old" "$d" "$out" || true ;;
    bsdiff)
      timed c $peer_timeout bsdiff "$old" "$new" "$d" || true
      timed a $peer_timeout bspatch "$old" "$out" "$d" || true ;;
    xdelta3)
      # -B is the source window; xdelta3 caps it at 2 GiB.
      local window; window=$(( $(size_of "$old") < 2147483648 ? $(size_of "$old") : 2147483648 ))
      timed c $peer_timeout xdelta3 -9 -B "$window" -e -f -s "$old" "$new" "$d" || true
      timed a $peer_timeout xdelta3 -d -f -B "$window" -s "$old" "$d" "$out" || true ;;
    zstd)
      timed c $peer_timeout zstd -q -f -19 --long=31 --patch-from="$old" "$new" -o "$d" || true
      timed a $peer_timeout zstd -q -f -d --long=31 --patch-from="$old" "$d" -o "$out" || true ;;
    rdiff)
      timed c $peer_timeout sh -c 'rdiff signature "$1" "$2" && rdiff delta "$2" "$3" "$4"' sh "$old" "$work/sig" "$new" "$d" || true
      timed a $peer_timeout rdiff patch "$old" "$d" "$out" || true ;;
  esac
  size=$( [[ -f $d ]] && size_of "$d" || echo "-")
  ok=$(cmp -s "$new" "$out" 2>/dev/null && echo yes || echo NO)
  # KEEP_DELTAS=DIR keeps twinroot's delta of each pair for `twinroot delta info`.
  [[ -z ${KEEP_DELTAS:-} || $tool != twinroot || ! -f $d ]] || cp "$d" "$KEEP_DELTAS/$(basename "$new").twinroot.delta"
  echo "| $tool | $size | $(wall "$c") | $(cpu "$c") | $(rss "$c") | $(wall "$a") | $(cpu "$a") | $(rss "$a") | $ok |"
  rm -f "$out" "$work/sig"
}

# table TITLE OLD NEW TOOLS...: one markdown table for one pair
table() {
  local title=$1 old=$2 new=$3; shift 3
  [[ -z ${TOOLS:-} ]] || set -- $TOOLS   # TOOLS="twinroot" re-measures one tool
  local t0 cpt
  log "$title"
  echo
  echo "#### $title"
  echo
  echo "source $(size_of "$old") bytes, target $(size_of "$new") bytes"
  echo
  echo "| tool | delta bytes | create s | create CPU s | create RSS MiB | apply s | apply CPU s | apply RSS MiB | round trip |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---|"
  for tool in "$@"; do
    if [[ $tool == skip:* ]]; then echo "| ${tool#skip:} | skipped | | | | | | | |"; continue; fi
    log "  $tool"
    # Every tool starts with both images in the page cache: the first reader of a sparse image's holes pays
    # for filling the cache, and would otherwise lose to whoever runs after it.
    cat "$old" "$new" >/dev/null
    row "$tool" "$old" "$new"
  done
  sync
  timed cpt cp "$new" "$work/cp.out" && echo "| cp NEW (reference) | | | | | $(wall "$cpt") | $(cpu "$cpt") | $(rss "$cpt") | |"
  rm -f "$work/cp.out"; sync
  timed cpt cp --sparse=never "$new" "$work/cp.out" && echo "| cp --sparse=never NEW (reference) | | | | | $(wall "$cpt") | $(cpu "$cpt") | $(rss "$cpt") | |"
  rm -f "$work/cp.out" "$work"/d.*
}

pair_kernel() {
  local k="$work/kernel"
  mkdir -p "$k"
  local versions
  versions=$(apt-cache pkgnames linux-image-6.1.0- | grep -E '^linux-image-6\.1\.0-[0-9]+-arm64$' | sort -V | tail -2)
  [[ $(wc -l <<<"$versions") -eq 2 ]] || { log "apt has fewer than two linux-image-6.1.0-*-arm64 versions (dpkg --add-architecture arm64 && apt-get update)"; return; }
  local imgs=()
  for p in $versions; do
    if [[ ! -f "$k/$p.Image" ]]; then
      (cd "$k" && apt-get download -q "$p:arm64" >/dev/null)
      rm -rf "$k/x" && dpkg-deb -x "$k/${p}"_*_arm64.deb "$k/x"
      cp "$k"/x/boot/vmlinuz-* "$k/$p.Image"
      rm -rf "$k/x"
    fi
    imgs+=("$k/$p.Image")
  done
  table "arm64 kernel Image: ${versions//$'\n'/ -> }" "${imgs[0]}" "${imgs[1]}" twinroot bsdiff xdelta3 zstd rdiff
}

# A reproducible ext4 image of TREE (SIZE, default 128M): fixed UUID, hash seed, time, and inode times pinned
# with debugfs.
mkext4() {
  local tree=$1 img=$2 size=${3:-128M}
  find "$tree" -exec touch -h -d @1700000000 {} +
  rm -f "$img"
  E2FSPROGS_FAKE_TIME=1700000000 mke2fs -q -t ext4 -b 4096 -U6b0a5c4e-1f0e-4c1e-9a51-3e2b9b1f7d10 \
    -E hash_seed=0d4c5a7e-8f21-4b9a-9c3d-2a1e5f6b7c8d,root_owner=0:0 -L rootfs -d "$tree" "$img" "$size" >/dev/null
  (cd "$tree" && find . -mindepth 1 | sed 's|^\.||' | while read -r f; do
     printf 'sif "%s" ctime @1700000000\nsif "%s" atime @1700000000\nsif "%s" crtime @1700000000\n' "$f" "$f" "$f"; done) \
    > "$work/sif.cmds"
  printf 'sif / ctime @1700000000\nsif / atime @1700000000\n' >> "$work/sif.cmds"
  E2FSPROGS_FAKE_TIME=1700000000 debugfs -w -f "$work/sif.cmds" "$img" >/dev/null 2>&1
}

ext4_pair() {
  local e="$work/ext4"
  rm -rf "$e" && mkdir -p "$e/tree/etc"
  cp -a /usr/share/perl "$e/tree/perl"
  cp -a /usr/lib/python3 "$e/tree/python3"
  cp -a /usr/share/zoneinfo "$e/tree/zoneinfo"
  head -c 700 /usr/share/common-licenses/GPL-3 > "$e/tree/etc/app.conf"
  printf '\n# generated settings\nworkers=4\nlisten=0.0.0.0:8080\nlog_level=info\n' >> "$e/tree/etc/app.conf"
  truncate -s 1024 "$e/tree/etc/app.conf"
  mkext4 "$e/tree" "$e/old.img"
  mkext4 "$e/tree" "$e/again.img"
  cmp -s "$e/old.img" "$e/again.img" || log "warning: the ext4 rebuild is not byte-identical: $(cmp -l "$e/old.img" "$e/again.img" | wc -l) bytes differ"
  rm -f "$e/again.img"
}

pair_ext4_edit() {
  local e="$work/ext4"
  ext4_pair
  # Edit the config file: a new 1 KiB version, same size, content changed throughout.
  sed -i 's/workers=4/workers=8/; s/log_level=info/log_level=debug/; s/GNU/gnu/g' "$e/tree/etc/app.conf"
  truncate -s 1024 "$e/tree/etc/app.conf"
  mkext4 "$e/tree" "$e/new.img"
  log "ext4 edit: $(cmp -l "$e/old.img" "$e/new.img" | wc -l) bytes differ"
  table "ext4 128 MiB: one 1 KiB config file edited, image rebuilt ($(cmp -l "$e/old.img" "$e/new.img" | wc -l) bytes differ)" \
    "$e/old.img" "$e/new.img" twinroot bsdiff xdelta3 zstd rdiff
}

pair_ext4_overwrite() {
  local e="$work/ext4"
  [[ -f "$e/old.img" ]] || ext4_pair
  cp "$e/old.img" "$e/new.img"
  head -c 1024 /dev/urandom > "$e/patch.bin"
  dd if="$e/patch.bin" of="$e/new.img" bs=1 seek=50000000 conv=notrunc status=none
  table "ext4 128 MiB: 1 KiB random overwrite in place (zstd -19 of the 1 KiB: $(zstd -19 -c "$e/patch.bin" | wc -c) bytes)" \
    "$e/old.img" "$e/new.img" twinroot bsdiff xdelta3 zstd rdiff
}

# sparse SIZE_GIB: an image with 64 MiB of data spread over SIZE, and the same with 1 KiB changed
pair_sparse() {
  local g=$1; shift
  local s="$work/sparse"
  mkdir -p "$s"
  rm -f "$s/old.img" "$s/new.img"
  truncate -s "${g}G" "$s/old.img"
  local step=$(( g * 1024 / 64 ))   # MiB between 1 MiB data chunks: 64 chunks
  for i in $(seq 0 63); do
    head -c 1048576 /dev/urandom | dd of="$s/old.img" bs=1M seek=$(( i * step )) conv=notrunc status=none
  done
  cp --sparse=always "$s/old.img" "$s/new.img"
  head -c 1024 /dev/urandom > "$s/patch.bin"
  dd if="$s/patch.bin" of="$s/new.img" bs=1 seek=$(( 7 * step * 1048576 + 4000 )) conv=notrunc status=none
  table "${g} GiB sparse image (64 MiB of random data), 1 KiB random overwrite" "$s/old.img" "$s/new.img" "$@"
  rm -f "$s/old.img" "$s/new.img"
}

# Debian arm64 packages for pair 2, downloaded once (never installed) and unpacked with dpkg-deb -x.
debs="${TWINROOT_CACHE:-$HOME/.cache/twinroot}/bench-delta/debs"

# arm64_name PKG: PKG:arm64 when apt has an arm64 build of it, else PKG (an arch "all" package)
arm64_name() {
  [[ $1 == *:arm64 ]] && { echo "$1"; return; }
  if apt-get download --print-uris "$1:arm64" >/dev/null 2>&1; then echo "$1:arm64"; else echo "$1"; fi
}

# closure PKG...: names of the packages PKG needs, recursively: Depends and Pre-Depends, the first of each
# "a | b" alternative, a virtual package by its first provider. Printed as apt-get download takes them.
closure() {
  local -A seen=()
  local queue=() p d
  for p in "$@"; do queue+=("$(arm64_name "$p")"); done
  while ((${#queue[@]})); do
    p=${queue[0]}; queue=("${queue[@]:1}")
    [[ -n ${seen[$p]:-} ]] && continue
    seen[$p]=1
    echo "$p"
    while read -r d; do
      [[ -n $d ]] && queue+=("$(arm64_name "$d")")
    done < <(apt-cache depends --no-recommends --no-suggests --no-conflicts --no-breaks --no-replaces --no-enhances "$p" 2>/dev/null | awk '
      /^ *\|?(Pre)?Depends:/ {
        pipe = ($1 ~ /^\|/); name = $2; want = 0
        if (!skipping) { if (name ~ /^</) want = 1; else print name }
        skipping = pipe; next }
      want && NF == 1 { print $1; want = 0 }')
  done
}

# fetch PKG...: downloads each package once into $debs
fetch() {
  mkdir -p "$debs"
  local p base
  for p in "$@"; do
    base=${p%:arm64}
    compgen -G "$debs/${base}_*_arm64.deb" >/dev/null || compgen -G "$debs/${base}_*_all.deb" >/dev/null \
      || (cd "$debs" && apt-get download -q "$p" >/dev/null) || log "could not download $p"
  done
}

# rootfs_tree KVER DIR: busybox-static, libc6, the openjdk-17-jre-headless closure and linux-image-KVER-arm64
# (kernel and modules) unpacked into DIR, times pinned so that two builds of one tree are identical.
rootfs_tree() {
  local kver=$1 dir=$2 p
  rm -rf "$dir" && mkdir -p "$dir"
  mkdir -p "$debs"
  if [[ ! -f "$debs/closure.txt" ]]; then
    closure busybox-static libc6 openjdk-17-jre-headless > "$debs/closure.txt.tmp"
    mv -f "$debs/closure.txt.tmp" "$debs/closure.txt"
  fi
  fetch $(cat "$debs/closure.txt") "linux-image-$kver-arm64:arm64"
  for p in $(cat "$debs/closure.txt") "linux-image-$kver-arm64"; do
    p=${p%:arm64}
    dpkg-deb -x "$(compgen -G "$debs/${p}_*_arm64.deb" || compgen -G "$debs/${p}_*_all.deb")" "$dir"
  done
}

# rootfs_images DIR OLD NEW: the trees of kernels OLD and NEW as ext4, squashfs and erofs images in DIR
rootfs_images() {
  local r=$1 old=$2 new=$3 v size
  for v in $old $new; do
    rootfs_tree "$v" "$r/tree-$v"
    find "$r/tree-$v" -exec touch -h -d @1700000000 {} +
  done
  # One ext4 size for both, 30 % above the larger tree: the slot of an A/B pair has a fixed size.
  size=$(du -s --block-size=1M "$r/tree-$old" "$r/tree-$new" | awk '{ if ($1 > m) m = $1 } END { printf "%d", m * 1.3 + 64 }')
  for v in $old $new; do
    mkext4 "$r/tree-$v" "$r/$v.ext4" "${size}M"
    mksquashfs "$r/tree-$v" "$r/$v.squashfs" -noappend -quiet -no-progress -comp xz -all-root -mkfs-time 1700000000 \
      -all-time 1700000000 >/dev/null
    SOURCE_DATE_EPOCH=1700000000 mkfs.erofs --quiet -zlz4hc -T1700000000 --all-root -U6b0a5c4e-1f0e-4c1e-9a51-3e2b9b1f7d10 \
      "$r/$v.erofs" "$r/tree-$v" >/dev/null
  done
}

# pair_rootfs: the same root filesystem with kernel 6.1.0-47 and 6.1.0-50, as ext4, squashfs and erofs
pair_rootfs() {
  local r="$work/rootfs" old=6.1.0-47 new=6.1.0-50 size fs
  mkdir -p "$r"
  # REUSE_IMAGES=1 takes the images of an earlier run (the builds are reproducible; mksquashfs alone takes minutes).
  if [[ -n ${REUSE_IMAGES:-} && -f $r/$old.ext4 && -f $r/$new.ext4 && -f $r/$old.squashfs && -f $r/$new.squashfs \
        && -f $r/$old.erofs && -f $r/$new.erofs ]]; then
    log "rootfs: reusing the images in $r"
  else
    rootfs_images "$r" "$old" "$new"
  fi
  size=$(( $(size_of "$r/$new.ext4") / 1048576 ))
  [[ -z ${PREPARE_ONLY:-} ]] || return 0
  # bsdiff's suffix sort of an 877 MiB image needs about 17 times that in memory and hours of CPU here.
  local tools=(twinroot skip:bsdiff xdelta3 zstd rdiff)
  for fs in ${ROOTFS_FORMATS:-ext4 squashfs erofs}; do
    case $fs in
      ext4) table "rootfs ext4 ${size} MiB (busybox-static, libc6, openjdk-17-jre-headless closure, kernel + modules): linux-image-$old -> $new" \
              "$r/$old.ext4" "$r/$new.ext4" "${tools[@]}" ;;
      squashfs) table "rootfs squashfs (xz), the same trees" "$r/$old.squashfs" "$r/$new.squashfs" "${tools[@]}" ;;
      erofs) table "rootfs erofs (lz4hc), the same trees" "$r/$old.erofs" "$r/$new.erofs" "${tools[@]}" ;;
      *) echo "delta.sh: unknown rootfs format $fs (ext4 squashfs erofs)" >&2; exit 2 ;;
    esac
  done
}

pairs=("$@")
[[ ${#pairs[@]} -gt 0 ]] || pairs=(kernel rootfs ext4-edit ext4-overwrite sparse-1g sparse-4g sparse-8g)
echo "Delta benchmark, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(free -g | awk '/Mem:/ {print $2}') GiB RAM"
echo "Command: bench/delta.sh ${pairs[*]}"
for p in "${pairs[@]}"; do
  case $p in
    kernel) pair_kernel ;;
    ext4-edit) pair_ext4_edit ;;
    ext4-overwrite) pair_ext4_overwrite ;;
    rootfs) pair_rootfs ;;
    # bsdiff needs about 17 times the image size in memory; zstd --patch-from takes at most a 2 GiB source.
    sparse-1g) pair_sparse 1 twinroot skip:bsdiff xdelta3 zstd rdiff ;;
    sparse-4g) pair_sparse 4 twinroot skip:bsdiff xdelta3 skip:zstd rdiff ;;
    sparse-8g) pair_sparse 8 twinroot skip:bsdiff xdelta3 skip:zstd rdiff ;;
    *) echo "delta.sh: unknown pair $p" >&2; exit 2 ;;
  esac
done
