package dev.twinroot.supervisor.apps.target;

/**
 * A named directory on the data partition mounted at {@code path} in the container. Named, not a host path, so
 * a target state can never reach outside the apps' volume directory, and a new release of the service finds
 * the same data.
 */
public record Volume(String name, String path, boolean readOnly) {
}
