package dev.twinroot.qemu.product;

import dev.twinroot.qemu.GuestResult;
import dev.twinroot.qemu.QemuException;
import dev.twinroot.supervisor.Json;
import dev.twinroot.supervisor.api.Wire;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * The application containers of a device running a Twinroot image, driven with {@code twinrootctl apps} at its
 * console shell as an engineer would: fetch an image archive and a target state with busybox {@code wget},
 * load, apply, list.
 */
final class DeviceApps {

    /** Lines of {@code twinrootctl apps list --json} are prefixed with this, to tell them from log lines. */
    private static final String JSON_PREFIX = "@@";
    /** A JVM start and an image unpacked under TCG on a loaded host. */
    private static final Duration COMMAND = Duration.ofMinutes(5);

    private final TwinrootGuest guest;

    DeviceApps(TwinrootGuest guest) {
        this.guest = guest;
    }

    /** Downloads {@code url} to {@code file} on the device. */
    void download(String url, String file) throws QemuException {
        guest.run("wget -q -O " + file + " " + url, COMMAND).requireSuccess();
    }

    /** {@code twinrootctl apps load FILE}; returns what it printed. */
    List<String> load(String file) throws QemuException {
        return guest.run("twinrootctl apps load " + file, COMMAND).requireSuccess().output();
    }

    /** {@code twinrootctl apps apply FILE}: the daemon applies it in the background. */
    List<String> apply(String file) throws QemuException {
        return guest.run("twinrootctl apps apply " + file, COMMAND).requireSuccess().output();
    }

    /**
     * Waits on the device (one shell loop, so one console round trip) until {@code twinrootctl apps list} says
     * {@code text}, checking every few seconds up to {@code timeout}; returns the last listing.
     */
    List<String> awaitList(String text, Duration timeout) throws QemuException {
        long rounds = Math.max(1, timeout.toSeconds() / 10);
        GuestResult r = guest.run("i=0; while [ $i -lt " + rounds + " ]; do out=$(twinrootctl apps list 2>&1);"
                + " case \"$out\" in *'" + text.replace("'", "") + "'*) break;; esac; i=$((i+1)); sleep 3; done;"
                + " echo \"$out\"", timeout.plusMinutes(2));
        if (r.output().stream().noneMatch(l -> l.contains(text))) {
            throw new QemuException("twinrootctl apps list never said '" + text + "'; last: " + String.join(" | ", r.output()));
        }
        return r.output();
    }

    /** {@code twinrootctl apps list --json}, parsed. */
    Wire.AppsResponse list() throws IOException {
        GuestResult r = guest.run("twinrootctl apps list --json 2>&1 | sed 's/^/" + JSON_PREFIX + "/'", COMMAND);
        StringBuilder json = new StringBuilder();
        for (String line : r.output()) {
            if (line.startsWith(JSON_PREFIX)) {
                json.append(line, JSON_PREFIX.length(), line.length()).append('\n');
            }
        }
        try {
            return Json.reader(Wire.AppsResponse.class).readValue(json.toString());
        } catch (IOException e) {
            throw new QemuException("twinrootctl apps list --json printed no apps document (" + e.getMessage()
                    + "): " + String.join(" | ", r.output()));
        }
    }

    /** A file's lines on the device. */
    List<String> read(String file) throws QemuException {
        return guest.run("cat " + file, Duration.ofMinutes(1)).requireSuccess().output();
    }
}
