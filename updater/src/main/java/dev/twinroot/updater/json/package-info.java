/**
 * JSON read from and written to the device's own files (the system config, the install journal and status, the
 * supervisor's state records) as plain trees: {@link dev.twinroot.updater.json.JsonTree} reads and writes them
 * with jackson-jr, {@link dev.twinroot.updater.json.JsonObject} gives typed access whose errors name the field.
 *
 * <p>Why not Jackson's databind, which the host tools use: under emulation (and on slow boards) building its
 * {@code ObjectMapper} and introspecting records loads about 750 classes and took about 13 s of the daemon's way
 * to its commit; these trees load about 120 (docs/benchmarks.md, "Daemon start-up under emulation").
 */
package dev.twinroot.updater.json;
