package dev.twinroot.image.flash;

import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

/**
 * What {@link Flasher#plan} found, for the user to confirm: the image, the target (after following symbolic
 * links, e.g. {@code /dev/disk/by-id/...}), its capacity (empty for a file, which grows), and warnings about
 * what {@code --force} let through.
 */
public record FlashPlan(FlashImage image, Path target, TargetKind kind, OptionalLong capacity,
                        FlashOptions options, List<String> warnings) {

    public FlashPlan {
        warnings = List.copyOf(warnings);
    }
}
