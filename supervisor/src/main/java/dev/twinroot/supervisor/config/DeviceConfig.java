package dev.twinroot.supervisor.config;

/**
 * Both readings of one {@code system.json}: the supervisor's settings and the updater's part (slots, boot
 * control, keyring), read from the same bytes by {@link ConfigLoader}.
 */
public record DeviceConfig(SystemConfig supervisor, dev.twinroot.updater.config.SystemConfig updater) {
}
