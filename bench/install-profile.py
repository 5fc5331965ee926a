#!/usr/bin/env python3
"""Where a `twinrootctl install` spends its start, under emulation.

    bench/install-profile.py [--work DIR] DISK RELEASE_DIR

Boots a copy of DISK (in DIR, default /tmp/install-profile) in one QEMU (`twinroot qemu run --watchdog`), serves
RELEASE_DIR over HTTP to the guest (http://10.0.2.100/), and once the supervisor committed the boot times, on the
console, `twinrootctl --version`, `twinrootctl status --json` and `twinrootctl install
http://10.0.2.100/update-delta.bundle` up to its first state (`mark-bad`), the install's JVM logging every class it
loads (`-Xlog:class+load` with uptime, into /data/cl.txt). Then it interrupts the install (Ctrl-C: the JVM writes
out its log as it exits), syncs and cuts the power, reads the log back from a copy of
the data partition (`e2fsck` replays the journal, `debugfs` dumps the file) and prints how many classes came from
where and what loaded in each second of the JVM's life.

DISK is typically a release's settled disk (target/qemu-releases/v1-settled/disk.img after `./twinroot qemu test
full-update`), RELEASE_DIR the next release's build (target/qemu-releases/v2). Needs python3, the host jar
(`mvn -B -pl cli -am package -DskipTests`), sfdisk, e2fsprogs; results in docs/benchmarks.md.
"""
import argparse, collections, importlib.util, json, os, re, subprocess, sys, threading, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HOST_JAR = os.path.join(ROOT, 'cli', 'target', 'twinroot.jar')
PORT = 8799

_spec = importlib.util.spec_from_file_location('start_up', os.path.join(ROOT, 'bench', 'start-up.py'))
start_up = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(start_up)


class ServedGuest(start_up.Guest):
    """start-up.py's console driver, with the host's port PORT reachable as http://10.0.2.100/."""

    def __init__(self, disk, log):
        self.t0 = time.time()
        self.lines = []
        self.cv = threading.Condition()
        self.log = open(log, 'w')
        self.p = subprocess.Popen(['java', '-jar', HOST_JAR, 'qemu', 'run', '--in-place', '--watchdog',
                                   '--http-port', str(PORT), disk], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                  stderr=subprocess.STDOUT, start_new_session=True)
        threading.Thread(target=self._read, daemon=True).start()


def data_partition(disk):
    table = json.loads(subprocess.run(['sfdisk', '-J', disk], check=True, capture_output=True, text=True).stdout)
    for p in table['partitiontable']['partitions']:
        if p.get('name') == 'data':
            return p['start'], p['size']
    sys.exit('install-profile: %s has no partition named data' % disk)


def read_class_log(disk, work):
    start, size = data_partition(disk)
    data = os.path.join(work, 'data.img')
    subprocess.run(['dd', 'if=' + disk, 'of=' + data, 'bs=512', 'skip=%d' % start, 'count=%d' % size,
                    'conv=sparse', 'status=none'], check=True)
    subprocess.run(['e2fsck', '-fy', data], capture_output=True)  # replays the journal; exit 1 = fixed
    out = os.path.join(work, 'cl.txt')
    subprocess.run(['debugfs', '-R', 'dump /cl.txt ' + out, data], check=True, capture_output=True)
    rows = []
    with open(out, errors='replace') as f:
        for line in f:
            m = re.match(r'\[([\d.]+)s\] (\S+) source: (.*)', line)
            if m:
                rows.append((float(m.group(1)), m.group(2), m.group(3)))
    return rows


def summarize(rows):
    def origin(source):
        if 'shared objects file' in source:
            return 'class-data archive'
        if source.startswith('jrt:'):
            return 'JDK modules'
        return source.rsplit('/', 1)[-1]
    print('%d classes, the last at %.1f s of JVM uptime' % (len(rows), rows[-1][0] if rows else 0))
    for name, n in collections.Counter(origin(s) for _, _, s in rows).most_common(10):
        print('  %5d  %s' % (n, name))
    print('second  classes  packages')
    per_second = collections.defaultdict(collections.Counter)
    for t, c, _ in rows:
        package = c.rsplit('.', 1)[0] if '.' in c else c
        per_second[int(t)]['.'.join(package.split('.')[:3])] += 1
    for s in sorted(per_second):
        print('%6d  %7d  %s' % (s, sum(per_second[s].values()),
                                ', '.join('%s %d' % kv for kv in per_second[s].most_common(3))))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--work', default='/tmp/install-profile')
    ap.add_argument('disk')
    ap.add_argument('release_dir')
    a = ap.parse_args()
    os.makedirs(a.work, exist_ok=True)
    disk = os.path.join(a.work, 'disk.img')
    subprocess.run(['cp', '--sparse=always', a.disk, disk], check=True)
    http = subprocess.Popen([sys.executable, '-m', 'http.server', str(PORT), '--bind', '127.0.0.1', '--directory',
                             a.release_dir], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    guest = ServedGuest(disk, os.path.join(a.work, 'console.log'))
    try:
        t, _ = guest.wait('assessment of this boot ended', 300, 0)
        print('boot committed %.1f s after power-on' % t, flush=True)
        guest.send('')
        time.sleep(2)
        for command in ['twinrootctl --version', 'twinrootctl status --json > /dev/null']:
            seconds, _ = guest.run(command, 300)
            print('%s: %.1f s' % (command, seconds), flush=True)
        mark = guest.mark()
        guest.send("JAVA_TOOL_OPTIONS='-Xlog:class+load=info:file=/data/cl.txt:uptime' "
                   'twinrootctl install http://10.0.2.100/update-delta.bundle')
        # The JVM's own first line: the command's echo may wrap anywhere on the console.
        t0, _ = guest.wait('Picked up JAVA_TOOL_OPTIONS', 120, mark)
        t1, _ = guest.wait('state: mark-bad', 900, mark)
        print('twinrootctl install, from its JVM start to mark-bad: %.1f s' % (t1 - t0), flush=True)
        guest.wait('state: write', 60, mark)
        # Ctrl-C: the JVM exits through its shutdown, which writes out the rest of its log (the installer's journal
        # makes the interrupted install safe); then everything on the disk before the power cut.
        guest.p.stdin.write(b'\x03')
        guest.p.stdin.flush()
        time.sleep(10)
        seconds, _ = guest.run('sync', 120)
    finally:
        guest.kill()
        http.kill()
    time.sleep(1)
    summarize(read_class_log(disk, a.work))


if __name__ == '__main__':
    main()
