package dev.twinroot.image.flash;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A finished flash.
 *
 * @param sha256   hex SHA-256 of the {@code bytesWritten} bytes written (the decompressed image)
 * @param verified the target was read back from the medium and had the same SHA-256
 * @param notes    things the user should know that did not fail the flash (partition table not re-read...)
 */
public record FlashResult(Path target, long bytesWritten, String sha256, boolean verified, Duration writeTime,
                          Duration verifyTime, List<String> notes) {

    public FlashResult {
        notes = List.copyOf(notes);
    }
}
