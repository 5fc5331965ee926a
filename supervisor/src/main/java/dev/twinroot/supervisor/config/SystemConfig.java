package dev.twinroot.supervisor.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * {@code /etc/twinroot/system.json}: everything the device daemon is told by the image that carries it. Built
 * only by {@link ConfigLoader}, which fills defaults and validates every field, so a value of this type is
 * always usable. Field by field in {@code docs/config.md}.
 *
 * <p>The same file also holds the updater's part (slots, boot control, keyring, download settings), read by
 * the updater's own {@code SystemConfigParser}; {@link SystemConfigReader} skips those keys, and
 * {@link ConfigLoader} checks them with that parser, so one load validates the whole file.
 */
public record SystemConfig(
        Integer formatVersion,
        String compatible,
        String osRelease,
        String dataDir,
        Api api,
        Health health,
        Updates updates,
        Optional<Watchdog> watchdog,
        Logs logs,
        Data data,
        Reboot reboot,
        Apps apps) {

    public static final int FORMAT_VERSION = 1;

    public SystemConfig {
        osRelease = osRelease == null ? "/etc/os-release" : osRelease;
        dataDir = dataDir == null ? "/data" : dataDir;
        api = api == null ? new Api(null, null, null) : api;
        if (api.tokenFile() == null) {
            // The root file system is read-only: a token the daemon generates per device lives on the data partition.
            api = new Api(api.port(), api.socket(), dataDir + "/twinroot/api-token");
        }
        health = health == null ? new Health(null, null) : health;
        updates = updates == null ? new Updates(null, null, null) : updates;
        watchdog = watchdog == null ? Optional.empty() : watchdog;
        logs = logs == null ? new Logs(null, null) : logs;
        data = data == null ? new Data(null) : data;
        reboot = reboot == null ? new Reboot(null, null) : reboot;
        apps = apps == null ? new Apps(null) : apps;
    }

    public Path dataPath() {
        return Path.of(dataDir);
    }

    /**
     * The slots, the bootloader backend and the keyring. The installer needs exactly this part too: it moves to
     * the updater module when the installer lands, and the supervisor then reads it from there.
     */
    public record Api(
            Integer port,
            String socket,
            String tokenFile) {

        public Api {
            port = port == null ? 7411 : port;
            socket = socket == null ? "/run/twinroot/api.sock" : socket;
        }
    }

    public record Health(
            Integer deadlineSeconds,
            List<HealthCommand> commands) {

        public Health {
            deadlineSeconds = deadlineSeconds == null ? 300 : deadlineSeconds;
            commands = commands == null ? List.of() : List.copyOf(commands);
        }

        public Duration deadline() {
            return Duration.ofSeconds(deadlineSeconds);
        }
    }

    /** A program the device maker supplies: exit 0 within its timeout means healthy. */
    public record HealthCommand(
            String name,
            List<String> command,
            Integer timeoutSeconds) {

        public HealthCommand {
            command = command == null ? List.of() : List.copyOf(command);
            timeoutSeconds = timeoutSeconds == null ? 30 : timeoutSeconds;
        }

        public Duration timeout() {
            return Duration.ofSeconds(timeoutSeconds);
        }
    }

    public record Updates(
            Optional<String> channel,
            Integer pollIntervalSeconds,
            Policy policy) {

        public Updates {
            channel = channel == null ? Optional.empty() : channel;
            pollIntervalSeconds = pollIntervalSeconds == null ? 3600 : pollIntervalSeconds;
            policy = policy == null ? new Policy(null, null, null, null) : policy;
        }

        public Optional<URI> channelUri() {
            return channel.map(URI::create);
        }

        public Duration pollInterval() {
            return Duration.ofSeconds(pollIntervalSeconds);
        }
    }

    /** When an installed update may reboot the device: {@code immediate}, {@code window} or {@code unlocked}. */
    public record Policy(
            String reboot,
            String window,
            String zone,
            String locksDir) {

        public Policy {
            reboot = reboot == null ? "immediate" : reboot;
            zone = zone == null ? "UTC" : zone;
            locksDir = locksDir == null ? "/run/twinroot/locks" : locksDir;
        }

        public Optional<String> windowText() {
            return Optional.ofNullable(window);
        }
    }

    public record Watchdog(
            String device,
            Integer timeoutSeconds) {

        public Watchdog {
            device = device == null ? "/dev/watchdog" : device;
            timeoutSeconds = timeoutSeconds == null ? 30 : timeoutSeconds;
        }

        public Duration timeout() {
            return Duration.ofSeconds(timeoutSeconds);
        }
    }

    /** The data partition: {@code grow} makes it fill its disk at each start (a no-op once it does). */
    public record Data(Boolean grow) {

        public Data {
            grow = grow == null ? Boolean.TRUE : grow;
        }
    }

    /** The JSON log on the data partition: rotated when a file reaches {@code maxFileBytes}, {@code files} kept. */
    /** Application containers: how to reach registries. */
    public record Apps(Registries registries) {

        public Apps {
            registries = registries == null ? new Registries(null, Optional.empty()) : registries;
        }
    }

    /**
     * {@code insecure}: registries ({@code host:port} as image references name them) spoken to over plain HTTP;
     * {@code credentialsFile}: a root-only JSON file of user names and passwords for registries' token services.
     */
    public record Registries(
            List<String> insecure,
            Optional<String> credentialsFile) {

        public Registries {
            insecure = insecure == null ? List.of() : List.copyOf(insecure);
            credentialsFile = credentialsFile == null ? Optional.empty() : credentialsFile;
        }
    }

    public record Logs(
            Long maxFileBytes,
            Integer files) {

        public Logs {
            maxFileBytes = maxFileBytes == null ? 1024L * 1024 : maxFileBytes;
            files = files == null ? 5 : files;
        }
    }

    /**
     * How the supervisor reboots the device: it asks the init system with {@code command} (a program found on
     * PATH and its arguments), so services stop and file systems are unmounted cleanly; if the device is still up
     * {@code fallbackSeconds} later, it syncs and calls reboot(2) itself.
     */
    public record Reboot(
            List<String> command,
            Integer fallbackSeconds) {

        /** busybox init (the images {@code twinroot image build} makes): its reboot applet signals init. */
        public static final List<String> DEFAULT_COMMAND = List.of("reboot");

        public Reboot {
            command = command == null ? DEFAULT_COMMAND : List.copyOf(command);
            fallbackSeconds = fallbackSeconds == null ? 90 : fallbackSeconds;
        }

        public Duration fallback() {
            return Duration.ofSeconds(fallbackSeconds);
        }
    }
}
