package dev.twinroot.supervisor.config;

import dev.twinroot.supervisor.SupervisorException;

/** {@code system.json} is missing, not JSON, or a field has a value the supervisor cannot use. */
public final class ConfigException extends SupervisorException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
