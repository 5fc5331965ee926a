package dev.twinroot.updater.bootcontrol.uboot;

import dev.twinroot.platform.ExternalTool;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Wraps a boot script's source into the legacy U-Boot image ({@code boot.scr}) that {@code source} runs. */
public final class BootScriptCompiler {

    public static final ExternalTool MKIMAGE = new ExternalTool("mkimage", "u-boot-tools");

    private BootScriptCompiler() {
    }

    /** Writes {@code boot.cmd} next to {@code bootScr} and compiles it into {@code bootScr}. */
    public static void compile(String source, Path bootScr) throws IOException {
        Path cmd = bootScr.resolveSibling(bootScr.getFileName().toString().replaceFirst("\\.scr$", "") + ".cmd");
        Files.writeString(cmd, source, StandardCharsets.US_ASCII);
        MKIMAGE.run(List.of("-A", "arm64", "-O", "linux", "-T", "script", "-C", "none", "-n", "twinroot boot script",
                "-d", cmd.toString(), bootScr.toString()), Duration.ofSeconds(30)).requireSuccess();
    }
}
