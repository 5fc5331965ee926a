#!/usr/bin/env python3
"""Daemon start-up under emulation, side by side.

    bench/start-up.py [--restarts N] [--work DIR] DISK [DISK...]

Boots each DISK (a copy of it, in DIR) in its own QEMU at the same time (`twinroot qemu run --watchdog`), so that
the builds compared share the machine's noise. On each: the first boot's start (the daemon lists its classes), the
class-data archive made by hand from that start's list (`class-data make NAME.classlist.start`), N restarts of
the daemon (SIGTERM; busybox init starts it again) that map the archive, then `twinrootctl --version` and
`twinrootctl status`. A start is timed on the console, from `twinroot-init: starting supervisor` to the daemon's
`assessment of this boot ended`. Needs python3 and the host jar (`mvn -B -pl cli -am package -DskipTests`);
results in docs/benchmarks.md.
"""
import argparse, os, re, shutil, signal, statistics, subprocess, sys, threading, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HOST_JAR = os.path.join(ROOT, 'cli', 'target', 'twinroot.jar')


class Guest:
    """One QEMU driven through its serial console: every line stamped with seconds since the start."""

    def __init__(self, disk, log):
        self.t0 = time.time()
        self.lines = []
        self.cv = threading.Condition()
        self.log = open(log, 'w')
        self.p = subprocess.Popen(['java', '-jar', HOST_JAR, 'qemu', 'run', '--in-place', '--watchdog', disk],
                                  stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                  start_new_session=True)
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        buf = b''
        while True:
            b = self.p.stdout.read1(4096)
            if not b:
                break
            buf += b
            while b'\n' in buf:
                line, buf = buf.split(b'\n', 1)
                s = line.decode('utf-8', 'replace').rstrip('\r')
                t = time.time() - self.t0
                self.log.write('[%9.3f] %s\n' % (t, s))
                self.log.flush()
                with self.cv:
                    self.lines.append((t, s))
                    self.cv.notify_all()

    def mark(self):
        return len(self.lines)

    def send(self, command):
        self.p.stdin.write((command + '\n').encode())
        self.p.stdin.flush()

    def wait(self, pattern, timeout, since):
        rx = re.compile(pattern)
        deadline = time.time() + timeout
        with self.cv:
            i = since
            while True:
                while i < len(self.lines):
                    t, s = self.lines[i]
                    i += 1
                    if rx.search(s):
                        return t, i
                left = deadline - time.time()
                if left <= 0:
                    raise TimeoutError('no line matching %r within %d s' % (pattern, timeout))
                self.cv.wait(left)

    def run(self, command, timeout=900):
        """Runs a shell command on the console; returns its seconds and output lines."""
        tag = 'B%d' % (time.time() * 1000 % 10**7)
        m = self.mark()
        self.send('echo %s-begin; %s; echo %s-end $? .' % (tag, command, tag))
        t0, i0 = self.wait('^%s-begin' % tag, timeout, m)
        t1, i1 = self.wait('^%s-end' % tag, timeout, i0)
        return t1 - t0, [s for _, s in self.lines[i0:i1 - 1]]

    def kill(self):
        try:
            os.killpg(self.p.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def bench(disk, work, index, restarts, results):
    copy = os.path.join(work, 'disk-%d.img' % index)
    shutil.copyfile(disk, copy)
    g = Guest(copy, os.path.join(work, 'console-%d.log' % index))
    r = results[index] = {'restarts': []}
    try:
        t0, m = g.wait('twinroot-init: starting supervisor', 900, 0)
        t1, _ = g.wait('assessment of this boot ended', 900, m)
        r['first'] = t1 - t0
        time.sleep(3)
        m = g.mark()
        g.send('')  # the console's shell starts at the first Enter (askfirst)
        g.wait('built-in commands', 120, m)
        time.sleep(2)
        r['make'], out = g.run('N=$(/usr/lib/twinroot/class-data name) && nice -n 19 /usr/lib/twinroot/class-data'
                               ' make $N.classlist.start && ls -l $N.jsa')
        r['archive'] = out[-1] if out else '?'
        for k in range(restarts):
            time.sleep(20)
            m = g.mark()
            g.send('kill $(cat /run/twinroot/supervisor.pid)')
            t0, m = g.wait('twinroot-init: starting supervisor', 300, m)
            t1, _ = g.wait('assessment of this boot ended', 600, m)
            r['restarts'].append(t1 - t0)
        r['version'], _ = g.run('twinrootctl --version >/dev/null')
        r['status'], _ = g.run('twinrootctl status >/dev/null')
    except Exception as e:  # reported with the results, the other guests go on
        r['error'] = str(e)
    finally:
        g.kill()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--restarts', type=int, default=3)
    parser.add_argument('--work', default='/var/tmp/twinroot-start-up')
    parser.add_argument('disks', nargs='+')
    a = parser.parse_args()
    if not os.path.isfile(HOST_JAR):
        sys.exit('start-up: %s is missing: mvn -B -pl cli -am package -DskipTests' % HOST_JAR)
    os.makedirs(a.work, exist_ok=True)
    results = {}
    threads = [threading.Thread(target=bench, args=(d, a.work, i, a.restarts, results)) for i, d in enumerate(a.disks)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    failed = False
    for i, d in enumerate(a.disks):
        r = results[i]
        print(d)
        if 'error' in r:
            failed = True
            print('  FAILED: %s (console in %s)' % (r['error'], os.path.join(a.work, 'console-%d.log' % i)))
            continue
        print('  first boot, lists its classes:  %.1f s' % r['first'])
        print('  archive made by hand:           %.1f s  %s' % (r['make'], r['archive']))
        print('  restarts mapping the archive:   %s s, median %.1f s' % (
            ', '.join('%.1f' % x for x in r['restarts']), statistics.median(r['restarts'])))
        print('  twinrootctl --version / status: %.1f s / %.1f s' % (r['version'], r['status']))
    sys.exit(1 if failed else 0)


if __name__ == '__main__':
    main()
