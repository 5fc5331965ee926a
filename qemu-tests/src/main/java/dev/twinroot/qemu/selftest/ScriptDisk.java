package dev.twinroot.qemu.selftest;

import dev.twinroot.platform.ExternalTool;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A small disk for testing the harness before the real image builder exists: GPT, one 32 MiB vfat partition
 * named {@code boot} holding a {@code boot.scr} compiled from the given U-Boot commands, the way U-Boot's
 * distro boot expects it.
 */
public final class ScriptDisk {

    private static final ExternalTool SGDISK = new ExternalTool("sgdisk", "gdisk");
    private static final ExternalTool MKFS_VFAT = new ExternalTool("mkfs.vfat", "dosfstools");
    private static final ExternalTool MKIMAGE = new ExternalTool("mkimage", "u-boot-tools");
    private static final ExternalTool MCOPY = new ExternalTool("mcopy", "mtools");
    private static final Duration TOOL_TIMEOUT = Duration.ofSeconds(60);

    /** Where partition 1 starts: 1 MiB, the usual alignment. */
    public static final long BOOT_OFFSET = 1L << 20;
    private static final long DISK_SIZE = 64L << 20;

    private ScriptDisk() {
    }

    /** Writes {@code disk} (replacing it), using {@code work} for the script's source and compiled form. */
    public static Path build(Path disk, String bootCommands, Path work) throws IOException {
        Files.createDirectories(work);
        Files.deleteIfExists(disk);
        try (RandomAccessFile f = new RandomAccessFile(disk.toFile(), "rw")) {
            f.setLength(DISK_SIZE);
        }
        SGDISK.run(List.of("-n", "1:2048:+32M", "-c", "1:boot", "-t", "1:0700", disk.toString()), TOOL_TIMEOUT)
                .requireSuccess();
        MKFS_VFAT.run(List.of("--offset", Long.toString(BOOT_OFFSET / 512), "-n", "BOOT", disk.toString(),
                Long.toString((32L << 20) / 1024)), TOOL_TIMEOUT).requireSuccess();
        Path cmd = work.resolve("boot.cmd");
        Path scr = work.resolve("boot.scr");
        Files.writeString(cmd, bootCommands, StandardCharsets.US_ASCII);
        MKIMAGE.run(List.of("-A", "arm64", "-T", "script", "-C", "none", "-d", cmd.toString(), scr.toString()),
                TOOL_TIMEOUT).requireSuccess();
        MCOPY.run(List.of("-i", disk + "@@" + BOOT_OFFSET, scr.toString(), "::boot.scr"), TOOL_TIMEOUT).requireSuccess();
        return disk;
    }
}
