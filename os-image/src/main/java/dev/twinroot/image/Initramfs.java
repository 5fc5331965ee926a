package dev.twinroot.image;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.apache.commons.compress.archivers.cpio.CpioArchiveEntry;
import org.apache.commons.compress.archivers.cpio.CpioArchiveOutputStream;
import org.apache.commons.compress.archivers.cpio.CpioConstants;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipParameters;

/**
 * The initramfs: a gzip-compressed cpio "newc" archive holding static busybox, the kernel modules needed to
 * reach and mount a slot (their closure, decompressed, with the load order in {@code /etc/twinroot/modules})
 * and the {@code /init} script. Byte-identical for the same inputs: entries sorted, fixed inode numbers,
 * owner root, one timestamp, no gzip file name.
 */
final class Initramfs {
    static final String MODULE_LIST = "etc/twinroot/modules";
    private static final Pattern SAFE_PATH = Pattern.compile("[A-Za-z0-9_.+/-]+");

    private final ModuleRequest request;
    private final long epochSeconds;

    Initramfs(ModuleRequest request, long epochSeconds) {
        this.request = request;
        this.epochSeconds = epochSeconds;
    }

    /** Writes the initramfs for {@code kernel} with {@code busybox} (a static binary) to {@code out}. */
    LoadPlan write(Kernel kernel, Path busybox, Path out) throws IOException {
        if (!Files.isRegularFile(busybox)) {
            throw new ImageException("initramfs needs a static busybox, but " + busybox + " does not exist");
        }
        StaticExecutable.require(busybox);
        LoadPlan plan = ModuleClosure.of(kernel.moduleDir()).resolve(request);
        Map<String, byte[]> files = new TreeMap<>();
        StringBuilder order = new StringBuilder();
        for (KernelModule module : plan.loadOrder()) {
            String path = module.initramfsPath(kernel.version());
            // /init reads the list line by line and passes each to insmod unquoted by the shell's read.
            if (!SAFE_PATH.matcher(path).matches()) {
                throw new ImageException("kernel module file " + path + " has characters /init cannot load it by");
            }
            files.put(path, ModuleClosure.contents(kernel.moduleDir().resolve(module.file())));
            order.append(path).append('\n');
        }
        files.put(MODULE_LIST, order.toString().getBytes(StandardCharsets.UTF_8));
        files.put("init", InitScripts.INITRAMFS_INIT.bytes());
        files.put("bin/busybox", Files.readAllBytes(busybox));

        Map<String, Integer> directories = new TreeMap<>();
        for (String dir : new String[] {"dev", "proc", "sys", "run", "tmp", "newroot", "sbin", "usr/bin", "usr/sbin"}) {
            directories.put(dir, 0755);
        }
        for (String file : files.keySet()) {
            for (int slash = file.indexOf('/'); slash > 0; slash = file.indexOf('/', slash + 1)) {
                directories.put(file.substring(0, slash), 0755);
            }
        }
        directories.put("tmp", 01777);

        GzipParameters gzip = new GzipParameters();
        gzip.setModificationTime(0);
        gzip.setCompressionLevel(9);
        try (OutputStream file = Files.newOutputStream(out);
             GzipCompressorOutputStream gz = new GzipCompressorOutputStream(file, gzip);
             CpioArchiveOutputStream cpio = new CpioArchiveOutputStream(gz, CpioConstants.FORMAT_NEW)) {
            Counter inode = new Counter();
            CpioArchiveEntry root = entry(".", CpioConstants.C_ISDIR | 0755, 0, inode);
            root.setNumberOfLinks(2);
            put(cpio, root, new byte[0]);
            for (Map.Entry<String, Integer> dir : directories.entrySet()) {
                CpioArchiveEntry e = entry(dir.getKey(), CpioConstants.C_ISDIR | dir.getValue(), 0, inode);
                e.setNumberOfLinks(2);
                put(cpio, e, new byte[0]);
            }
            // The kernel opens /dev/console before running /init; without it /init has no output at all.
            CpioArchiveEntry console = entry("dev/console", CpioConstants.C_ISCHR | 0600, 0, inode);
            console.setRemoteDeviceMaj(5);
            console.setRemoteDeviceMin(1);
            put(cpio, console, new byte[0]);
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                boolean executable = f.getKey().equals("init") || f.getKey().startsWith("bin/");
                put(cpio, entry(f.getKey(), CpioConstants.C_ISREG | (executable ? 0755 : 0644), f.getValue().length, inode), f.getValue());
            }
        }
        return plan;
    }

    private CpioArchiveEntry entry(String name, int mode, long size, Counter inode) {
        CpioArchiveEntry e = new CpioArchiveEntry(CpioConstants.FORMAT_NEW, name, size);
        e.setMode(mode);
        e.setInode(++inode.value);
        e.setUID(0);
        e.setGID(0);
        e.setNumberOfLinks(1);
        e.setTime(epochSeconds);
        return e;
    }

    private static void put(CpioArchiveOutputStream cpio, CpioArchiveEntry entry, byte[] content) throws IOException {
        cpio.putArchiveEntry(entry);
        cpio.write(content);
        cpio.closeArchiveEntry();
    }

    private static final class Counter {
        long value;
    }
}
