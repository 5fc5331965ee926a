package dev.twinroot.updater.config;

import java.io.IOException;

/** The device's system config is missing, not JSON, or names a value the updater cannot use. */
public final class ConfigException extends IOException {

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
