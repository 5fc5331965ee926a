package dev.twinroot.image;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where downloaded packages and fetched package sets are kept between runs, so tests and CI download once:
 * {@code $TWINROOT_CACHE} if set, else {@code ~/.cache/twinroot}.
 */
public record PackageCache(Path root) {

    public static PackageCache defaultLocation() {
        return new PackageCache(Optional.ofNullable(System.getenv("TWINROOT_CACHE"))
                .filter(s -> !s.isBlank())
                .map(Path::of)
                .orElseGet(() -> Path.of(System.getProperty("user.home"), ".cache", "twinroot")));
    }

    Path debian() {
        return root.resolve("debian");
    }
}
