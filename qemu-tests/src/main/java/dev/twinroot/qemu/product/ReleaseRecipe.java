package dev.twinroot.qemu.product;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The releases the product scenarios install, each an image config a device maker could have written: a good
 * first release, a good second one, and bad second ones that fail the way real releases fail (an application
 * health check that never passes, an init that dies so the kernel panics, a supervisor that hangs). Every release
 * after the first is also built as a delta from the first. Every release arms QEMU's i6300esb watchdog through
 * the supervisor, and polls the fleet's update channel {@link #CHANNEL}, as a real device would; a scenario that
 * serves no channel there leaves the agent with failed checks (HTTP 404, or no network at all) that it retries
 * with backoff, and nothing else.
 *
 * @param health the {@code health} block of the device settings, JSON, if the release has its own checks
 * @param extraFiles device path to the file's content, installed with the config's {@code extraFiles}
 * @param bootloader the image config's {@code bootloader}: {@code u-boot} (the default) or {@code grub}
 */
public enum ReleaseRecipe {
    V1("1.0.0", Optional.empty(), Optional.empty(), Map.of()),
    /** The first release again with a squashfs slot: U-Boot loads its kernel from the slot's boot area. */
    SQUASHFS("1.0.0-squashfs", Optional.empty(), Optional.empty(), Map.of(), "u-boot", "squashfs"),
    V2("2.0.0", Optional.of("V1"), Optional.empty(), Map.of()),
    UNHEALTHY("2.0.0-unhealthy", Optional.of("V1"), Optional.of(Unhealthy.HEALTH), Unhealthy.FILES),
    PANIC("2.0.0-panic", Optional.of("V1"), Optional.empty(),
            Map.of("/sbin/init", "#!/bin/busybox sh\n"
                    + "echo \"bad-init: this release's init exits, so the kernel panics\"\nexit 1\n")),
    HUNG("2.0.0-hung", Optional.of("V1"),
            Optional.of("{\"deadlineSeconds\": 300, \"commands\": [{\"name\": \"hang\", \"command\": [\"/bin/busybox\","
                    + " \"sh\", \"-c\", \"echo hang: stopping the supervisor with SIGSTOP > /dev/console;"
                    + " kill -STOP $PPID\"], \"timeoutSeconds\": 60}]}"),
            Map.of()),
    /** The same releases for a board whose UEFI firmware starts GRUB: the boot state is GRUB's grubenv. */
    GRUB_V1("1.0.0", Optional.empty(), Optional.empty(), Map.of(), "grub", "ext4"),
    GRUB_V2("2.0.0", Optional.of("GRUB_V1"), Optional.empty(), Map.of(), "grub", "ext4"),
    GRUB_UNHEALTHY("2.0.0-unhealthy", Optional.of("GRUB_V1"), Optional.of(Unhealthy.HEALTH), Unhealthy.FILES, "grub", "ext4"),
    /** GRUB with squashfs slots: GRUB loads the kernel from the slot's boot area through the ESP's records. */
    GRUB_SQUASHFS_V1("1.0.0", Optional.empty(), Optional.empty(), Map.of(), "grub", "squashfs"),
    GRUB_SQUASHFS_V2("2.0.0", Optional.of("GRUB_SQUASHFS_V1"), Optional.empty(), Map.of(), "grub", "squashfs");

    /** The unhealthy release's application health check, which never passes. */
    private static final class Unhealthy {
        static final String HEALTH = "{\"deadlineSeconds\": 120, \"commands\": [{\"name\": \"app\", "
                + "\"command\": [\"/usr/lib/app/health\"], \"timeoutSeconds\": 30}]}";
        static final Map<String, String> FILES = Map.of("/usr/lib/app/health", "#!/bin/busybox sh\n"
                + "echo \"app: cannot open /data/app/db: schema version 7 is not supported\"\nexit 1\n");
    }

    /**
     * The default image's files take about 381 MiB: 448 MiB slots hold them with room to spare, and every install
     * under TCG (hash the source, write, verify: three passes over the slot) costs 30 % less than with the
     * default 640 MiB.
     */
    static final String SLOT_SIZE = "448MiB";

    /**
     * The update channel every release polls: the host's {@link FileServer} serves a channel directory under
     * {@code /channel/} (what {@code twinroot channel publish} writes), reached as 10.0.2.100 through QEMU's
     * guestfwd.
     */
    static final String CHANNEL = "http://" + dev.twinroot.qemu.QemuMachine.HTTP_GUEST_ADDRESS + "/channel/index.json";
    /**
     * The default hour: a fleet's interval. A scenario that wants the check sooner asks for it on the device
     * ({@code twinrootctl check-update}); after a failure the agent retries after 30 s, 60 s, 120 s... up to it.
     */
    static final int POLL_INTERVAL_SECONDS = 3600;

    /** 60 s: long enough for a JVM restart under TCG on a loaded 2-core host, short enough for a test. */
    static final int WATCHDOG_SECONDS = 60;
    /**
     * The hung release's own timeout, 30 s: its supervisor is stopped on purpose, so each of its three trial boots
     * waits out the whole timeout; the supervisor pets every third of it, 10 s, which TCG keeps up with.
     */
    static final int HUNG_WATCHDOG_SECONDS = 30;

    private final String version;
    private final Optional<String> previous;
    private final Optional<String> health;
    private final Map<String, String> extraFiles;
    private final String bootloader;
    private final String slotFilesystem;

    ReleaseRecipe(String version, Optional<String> previous, Optional<String> health, Map<String, String> extraFiles) {
        this(version, previous, health, extraFiles, "u-boot", "ext4");
    }

    ReleaseRecipe(String version, Optional<String> previous, Optional<String> health, Map<String, String> extraFiles,
                  String bootloader, String slotFilesystem) {
        this.version = version;
        this.previous = previous;
        this.health = health;
        this.extraFiles = extraFiles;
        this.bootloader = bootloader;
        this.slotFilesystem = slotFilesystem;
    }

    public String version() {
        return version;
    }

    /** The release the delta bundle starts from. */
    public Optional<ReleaseRecipe> previous() {
        return previous.map(ReleaseRecipe::valueOf);
    }

    /** The directory name of this release: {@code v1}, {@code unhealthy}... */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@code ext4} unless the recipe says otherwise. */
    String slotFilesystem() {
        return slotFilesystem;
    }

    Map<String, String> extraFiles() {
        return extraFiles;
    }

    /** The image config, JSON; extra file {@code /a/b} is read from {@code files/a/b} next to the config. */
    String config() {
        StringBuilder files = new StringBuilder();
        extraFiles.keySet().stream().sorted().forEach(path -> files.append(files.isEmpty() ? "" : ", ")
                .append('"').append(path).append("\": \"files").append(path).append('"'));
        String loader = bootloader.equals("u-boot") ? "" : "\"bootloader\": \"" + bootloader + "\", ";
        String filesystem = slotFilesystem.equals("ext4") ? "" : "\"slotFilesystem\": \"" + slotFilesystem + "\", ";
        return "{\"version\": \"" + version + "\", " + loader + filesystem + "\"sizes\": {\"slot\": \"" + SLOT_SIZE
                + "\"}, \"extraFiles\": {"
                + files + "}, \"device\": {"
                + "\"watchdog\": {\"device\": \"/dev/watchdog\", \"timeoutSeconds\": "
                + (this == HUNG ? HUNG_WATCHDOG_SECONDS : WATCHDOG_SECONDS) + "}"
                + ", \"updates\": {\"channel\": \"" + CHANNEL + "\", \"pollIntervalSeconds\": " + POLL_INTERVAL_SECONDS
                + ", \"policy\": {\"reboot\": \"immediate\"}}"
                + health.map(h -> ", \"health\": " + h).orElse("") + "}}";
    }
}
