package dev.twinroot.updater.bundle;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a bundle is for and what it carries. Signatures cover its exact encoded bytes, so a reader keeps the
 * bytes it verified rather than re-encoding this record.
 *
 * @param compatible the device type this bundle is built for; must equal the device's own string
 * @param version the version the device runs after installing
 * @param minimumVersion the lowest version a device must already run to install this bundle
 * @param payloads in the order they appear in the bundle, at most one per slot class
 */
public record Manifest(String compatible, Version version, Optional<Version> minimumVersion, List<Payload> payloads) {

    static final Pattern COMPATIBLE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+:-]{0,127}");

    public Manifest {
        Objects.requireNonNull(version);
        Objects.requireNonNull(minimumVersion);
        checkCompatible(compatible);
        payloads = List.copyOf(payloads);
        if (payloads.isEmpty()) {
            throw new IllegalArgumentException("a bundle carries at least one payload");
        }
        Set<String> slots = new HashSet<>();
        for (Payload p : payloads) {
            if (!slots.add(p.slotClass())) {
                throw new IllegalArgumentException("two payloads for slot class " + p.slotClass());
            }
        }
        if (minimumVersion.isPresent() && minimumVersion.get().compareTo(version) > 0) {
            throw new IllegalArgumentException("minimum version " + minimumVersion.get() + " is above the bundle's"
                    + " own version " + version);
        }
    }

    /** Throws IllegalArgumentException unless {@code compatible} is a valid device type string. */
    public static void checkCompatible(String compatible) {
        if (!COMPATIBLE.matcher(compatible).matches()) {
            throw new IllegalArgumentException("compatible must be 1-128 of [A-Za-z0-9._+:-], starting with a letter or"
                    + " digit");
        }
    }

    /** Sum of the stored payload sizes: the bytes after the header. */
    public long payloadBytes() {
        long total = 0;
        for (Payload p : payloads) {
            total = Math.addExact(total, p.size());
        }
        return total;
    }
}
