package dev.twinroot.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinroot.platform.ExternalTool;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The initramfs's {@code find_device} (the function itself, cut from {@code /init}) run by the host's busybox
 * against a sysfs and /dev laid out as the kernel makes them, with the paths moved under a temporary directory:
 * {@code root=PARTUUID=SIGNATURE-NN} on an MBR disk, {@code PARTLABEL=} on a GPT one.
 */
class InitramfsRootLookupTest {
    static final ExternalTool BUSYBOX = HostTools.BUSYBOX;

    @TempDir
    Path dir;

    @Test
    void partuuidFindsTheMbrPartitionBySignatureAndNumber() throws Exception {
        sysfs("vda", 0x1234abcd, List.of("", "", ""));
        sysfs("vdb", 0x0badf00d, List.of("", ""));
        assertEquals("/dev/vda2", lookup("PARTUUID=1234abcd-02"));
        assertEquals("/dev/vdb1", lookup("PARTUUID=0BADF00D-01"), "U-Boot and the kernel print lowercase; both match");
        assertEquals("/dev/vda3", lookup("PARTUUID=1234abcd-03"));
        assertEquals("", lookup("PARTUUID=1234abcd-04"));
        assertEquals("", lookup("PARTUUID=1234abce-02"));
    }

    @Test
    void partlabelStillFindsGptPartitions() throws Exception {
        sysfs("vda", 0, List.of("boot", "rootfs-a", "rootfs-b"));
        assertEquals("/dev/vda3", lookup("PARTLABEL=rootfs-b"));
        assertEquals("", lookup("PARTUUID=00000000-09"));
    }

    /** A disk {@code name} with one partition per entry of {@code labels} (empty: no PARTNAME, as on MBR). */
    private void sysfs(String name, int signature, List<String> labels) throws IOException {
        Path device = Files.createDirectories(dir.resolve("sys/devices/virtio/block").resolve(name));
        Path classBlock = Files.createDirectories(dir.resolve("sys/class/block"));
        Files.createSymbolicLink(classBlock.resolve(name), classBlock.relativize(device));
        Files.writeString(device.resolve("uevent"), "DEVNAME=" + name + "\nDEVTYPE=disk\n");
        ByteBuffer mbr = ByteBuffer.allocate(1024).order(ByteOrder.LITTLE_ENDIAN);
        mbr.putInt(440, signature);
        Files.createDirectories(dir.resolve("dev"));
        Files.write(dir.resolve("dev").resolve(name), mbr.array());
        for (int i = 0; i < labels.size(); i++) {
            String part = name + (i + 1);
            Path p = Files.createDirectories(device.resolve(part));
            Files.writeString(p.resolve("partition"), (i + 1) + "\n");
            Files.writeString(p.resolve("uevent"), "PARTN=" + (i + 1) + "\nDEVNAME=" + part + "\n"
                    + (labels.get(i).isEmpty() ? "" : "PARTNAME=" + labels.get(i) + "\n"));
            Files.createSymbolicLink(classBlock.resolve(part), classBlock.relativize(p));
            Files.write(dir.resolve("dev").resolve(part), new byte[0]);
        }
    }

    /** What find_device prints for this root (its own /dev names), or "" when it finds nothing. */
    private String lookup(String root) throws IOException {
        String init = InitScripts.INITRAMFS_INIT.text();
        int start = init.indexOf("find_device() {");
        int end = init.indexOf("\n}\n", start);
        assertTrue(start >= 0 && end > start, "find_device() is in the initramfs /init");
        String function = init.substring(start, end + 3).replace("/sys/class/block", dir.resolve("sys/class/block").toString())
                .replace("\"/dev/", "\"" + dir.resolve("dev") + "/");
        Path script = dir.resolve("lookup.sh");
        Files.writeString(script, function + "find_device \"$1\" || true\n");
        String out = BUSYBOX.run(List.of("sh", script.toString(), root), Duration.ofSeconds(30)).requireSuccess().stdout().strip();
        return out.replace(dir.resolve("dev").toString(), "/dev");
    }
}
