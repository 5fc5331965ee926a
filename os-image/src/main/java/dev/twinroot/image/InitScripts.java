package dev.twinroot.image;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The shell scripts Twinroot puts into an image, kept as resources so they read as plain shell: the
 * initramfs {@code /init}, the rootfs {@code /sbin/init}, the supervisor runner busybox init respawns and its
 * class-data script, the
 * shutdown busybox init runs before it signals every process (and the supervisor stop it starts with), and the
 * self-test a test harness triggers with {@code twinroot.selftest=1}; and the JVM options two of them share.
 */
enum InitScripts {
    INITRAMFS_INIT("initramfs-init.sh"),
    ROOTFS_INIT("rootfs-init.sh"),
    SUPERVISOR_RUN("supervisor-run.sh"),
    /** The daemon's JVM options and class-data archive: named, made (docs/image.md). */
    CLASS_DATA("class-data.sh"),
    SUPERVISOR_STOP("supervisor-stop.sh"),
    SHUTDOWN("shutdown.sh"),
    UDHCPC_SCRIPT("udhcpc-script.sh"),
    TWINROOTCTL("twinrootctl.sh"),
    SELFTEST("selftest.sh"),
    /** Not a script: the JVM options holding C2 back, one per line, which class-data and twinrootctl read. */
    LATE_C2_OPTIONS("late-c2.options");

    /** Where the supervisor jar goes in a rootfs; its runner reports it missing rather than pretend. */
    static final String SUPERVISOR_JAR = "/usr/lib/twinroot/twinroot-supervisor.jar";

    private final String resource;

    InitScripts(String resource) {
        this.resource = resource;
    }

    byte[] bytes() {
        try (InputStream in = InitScripts.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("resource " + resource + " is missing from the os-image jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String text() {
        return new String(bytes(), StandardCharsets.UTF_8);
    }
}
