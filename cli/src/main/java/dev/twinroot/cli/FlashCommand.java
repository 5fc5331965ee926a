package dev.twinroot.cli;

import dev.twinroot.image.flash.FlashOptions;
import dev.twinroot.image.flash.FlashPlan;
import dev.twinroot.image.flash.FlashRefusedException;
import dev.twinroot.image.flash.FlashResult;
import dev.twinroot.image.flash.Flasher;
import dev.twinroot.image.flash.ProgressListener;
import dev.twinroot.image.flash.ProgressMeter;
import dev.twinroot.image.flash.Sizes;
import dev.twinroot.image.flash.TargetKind;
import dev.twinroot.platform.Platform;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.Console;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code twinroot flash IMAGE DEVICE}: write, sync, read back, verify, re-read the partition table. */
@Command(name = "flash", mixinStandardHelpOptions = true,
        description = {"Write an image to an SD card, USB stick or file, then read it back and verify its SHA-256.",
                "IMAGE may be raw or compressed with gzip, xz or zstd (recognised by its first bytes).",
                "Refuses a device that is mounted (unless --force), that holds / or the image (always), or that is"
                        + " smaller than the image. A missing path outside /dev becomes a new file."},
        footer = {"", "Examples:",
                "  twinroot flash build/os.img.zst /dev/sdb",
                "  twinroot flash --yes build/os.img.xz /tmp/card.img"})
final class FlashCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "IMAGE", description = "the image: raw, .gz, .xz or .zst")
    Path image;

    @Parameters(index = "1", paramLabel = "DEVICE", description = "a block device (/dev/sdb, /dev/mmcblk0) or a file")
    Path device;

    @Option(names = "--force", description = "write although a filesystem on DEVICE is mounted, or DEVICE is another"
            + " partition of this system's disk (never the disk holding /)")
    boolean force;

    @Option(names = "--no-verify", description = "skip reading DEVICE back")
    boolean noVerify;

    @Option(names = {"-y", "--yes"}, description = "do not ask before overwriting DEVICE (needed without a terminal)")
    boolean yes;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Flasher flasher = new Flasher(Platform.linux(), InstantSource.system());
        FlashPlan plan = flasher.plan(image, device, new FlashOptions(force, !noVerify));
        describe(plan, err);
        Optional<Console> terminal = Optional.ofNullable(System.console());
        if (!yes && plan.kind() != TargetKind.NEW_FILE) {
            confirm(plan, terminal);
        }
        Optional<ProgressMeter> meter = terminal.map(t -> new ProgressMeter(err, InstantSource.system()));
        FlashResult result;
        try {
            result = flasher.flash(plan, meter.<ProgressListener>map(m -> m).orElse(ProgressListener.none()));
        } finally {
            meter.ifPresent(ProgressMeter::finish);
        }
        result.notes().forEach(n -> err.println("note: " + n));
        out.printf(Locale.ROOT, "wrote %s (%d bytes) to %s in %.1f s, %s%n", Sizes.human(result.bytesWritten()),
                result.bytesWritten(), result.target(), result.writeTime().toMillis() / 1000.0,
                result.verified() ? String.format(Locale.ROOT, "verified in %.1f s", result.verifyTime().toMillis() / 1000.0)
                        : "not verified (--no-verify)");
        out.println("sha256 " + result.sha256());
        return 0;
    }

    private static void describe(FlashPlan plan, PrintWriter err) {
        var img = plan.image();
        String size = img.sizeExact() ? Sizes.human(img.minimumSize())
                : img.minimumSize() > 0 ? "at least " + Sizes.human(img.minimumSize()) : "size unknown until written";
        err.println("image:  " + img.path() + " (" + img.format().name().toLowerCase(Locale.ROOT) + ", " + size + ")");
        String target = switch (plan.kind()) {
            case BLOCK_DEVICE -> "block device, " + Sizes.human(plan.capacity().orElse(0));
            case FILE -> "existing file, will be overwritten";
            case NEW_FILE -> "new file";
        };
        err.println("target: " + plan.target() + " (" + target + ")");
        plan.warnings().forEach(w -> err.println("warning: " + w));
        err.flush();
    }

    private static void confirm(FlashPlan plan, Optional<Console> terminal) throws FlashRefusedException {
        Console console = terminal.orElseThrow(() -> new FlashRefusedException(
                "no terminal to ask on: pass --yes to overwrite " + plan.target()));
        String answer = console.readLine("Everything on %s will be lost. Type 'yes' to write: ", plan.target());
        if (answer == null || !answer.strip().equals("yes")) {
            throw new FlashRefusedException("not confirmed: nothing was written to " + plan.target());
        }
    }
}
