package dev.twinroot.supervisor.classdata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinroot.platform.ExternalTool;
import dev.twinroot.platform.MountInfo;
import dev.twinroot.platform.MountTable;
import dev.twinroot.supervisor.SupervisorException;
import dev.twinroot.updater.contract.Slot;
import dev.twinroot.updater.slot.FileSlotStorage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The new slot mounted for real (an ext4 image made here, mounted through a loop device), with its script run
 * chrooted into it. The slot's {@code class-data} is a stand-in written by the test, a busybox script that checks
 * what the real one needs (the class list at the same path, {@code /proc}, {@code /dev}, a writable {@code /tmp})
 * and writes a file where the real one writes its archive: the real script's dump is proved by os-image's
 * ClassDataScriptTest and, chrooted into a real slot, by the QEMU scenarios. Needs root.
 */
class NextSlotClassDataTest {

    private static final ExternalTool MKE2FS = new ExternalTool("mke2fs", "e2fsprogs");
    private static final String RUNNING = "1111111111111111-17.0.9";
    private static final String NEW = "2222222222222222-17.0.9";

    private Path dir;
    private Path data;
    private Path classData;
    private Path mountPoint;
    private NextSlotClassData preparation;

    @BeforeEach
    void dataPartition() throws IOException {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "mounting needs root");
        Assumptions.assumeTrue(MKE2FS.isPresent() && NextSlotClassData.MOUNT.isPresent()
                && NextSlotClassData.CHROOT.isPresent(), "needs mke2fs, mount and chroot");
        Assumptions.assumeTrue(new ExternalTool("busybox", "busybox-static").isPresent(), "needs busybox-static");
        // Not under /tmp (nor under a checkout that may be there): the slot gets a tmpfs of its own at /tmp,
        // which would hide the data partition's mount point, as it would on a device whose data were in /tmp.
        dir = Files.createTempDirectory(Files.createDirectories(Path.of("/var/tmp/twinroot-tests")), "next-slot");
        data = Files.createDirectories(dir.resolve("data"));
        classData = Files.createDirectories(data.resolve("twinroot/class-data"));
        mountPoint = dir.resolve("mnt");
        preparation = new NextSlotClassData(data, classData, mountPoint, 0);
    }

    @AfterEach
    void nothingStaysMounted() throws IOException {
        if (dir == null) {
            return;
        }
        assertEquals(List.of(), mountsUnder(dir), "left mounted");
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Test
    void theNewSlotsScriptMakesItsArchiveFromTheRunningDaemonsListAndTheSlotIsNotWritten() throws Exception {
        Files.writeString(classData.resolve(RUNNING + ".classlist.start"), "java/lang/Object\ndev/twinroot/Main\njava/ut");
        Files.writeString(classData.resolve(RUNNING + ".jsa"), "the running slot's archive");
        Files.writeString(classData.resolve("3333333333333333-17.0.9.jsa"), "the overwritten image's archive");
        Path slot = slotImage(STAND_IN);
        String before = sha256(slot);

        String said = preparation.prepare(Slot.B, new FileSlotStorage(slot));

        Path archive = classData.resolve(NEW + ".jsa");
        assertEquals("class-data archive for slot B made: " + archive + " (8 bytes)", said);
        assertEquals("archive\n", Files.readString(archive));
        assertEquals("java/lang/Object\ndev/twinroot/Main\n", Files.readString(data.resolve("list-seen")),
                "the list's complete lines, at the same path inside the slot");
        assertTrue(Files.exists(classData.resolve(RUNNING + ".jsa")) && Files.exists(classData.resolve(RUNNING + ".classlist.start")),
                "the running slot's files stay");
        assertFalse(Files.exists(classData.resolve("3333333333333333-17.0.9.jsa")), "the overwritten image's go");
        assertFalse(Files.exists(classData.resolve(RUNNING + ".classlist.next")));
        assertEquals("java/lang/Object\ndev/twinroot/Main\n", Files.readString(classData.resolve(NEW + ".classlist.start")),
                "the list goes with the new archive, for the install after this one");
        assertEquals(before, sha256(slot), "the slot was not written");
    }

    @Test
    void anUpdateWithTheSameJarAndRuntimeMakesTheArchiveOfTheSameName() throws Exception {
        Files.writeString(classData.resolve(RUNNING + ".classlist.start"), "java/lang/Object\n");
        Path slot = slotImage(standIn(RUNNING));

        String said = preparation.prepare(Slot.B, new FileSlotStorage(slot));

        assertEquals("class-data archive for slot B made: " + classData.resolve(RUNNING + ".jsa") + " (8 bytes)", said);
        assertTrue(Files.exists(classData.resolve(RUNNING + ".classlist.start")));
    }

    /** An unmount that fails (here: nothing mounted there) after the preparation failed: the first cause is kept. */
    @Test
    void aFailedUnmountIsAddedToThePreparationsFailureNotPutInItsPlace() throws Exception {
        Path next = Files.writeString(classData.resolve(RUNNING + ".classlist.next"), "java/lang/Object\n");
        Path notMounted = Files.createDirectories(dir.resolve("not-mounted"));
        SupervisorException cause = new SupervisorException("the dump failed");

        NextSlotClassData.cleanUp(next, new ArrayDeque<>(List.of(notMounted)), cause);

        assertEquals(1, cause.getSuppressed().length);
        assertTrue(cause.getSuppressed()[0].getMessage().startsWith("umount " + notMounted + " failed"),
                cause.getSuppressed()[0].getMessage());
        assertFalse(Files.exists(next), "the list's copy is deleted all the same");

        IOException alone = assertThrows(IOException.class,
                () -> NextSlotClassData.cleanUp(next, new ArrayDeque<>(List.of(notMounted)), null));
        assertTrue(alone.getMessage().startsWith("umount " + notMounted + " failed"), alone.getMessage());
    }

    @Test
    void aFailingScriptIsReportedAndEverythingIsUnmounted() throws Exception {
        Files.writeString(classData.resolve(RUNNING + ".classlist.start"), "java/lang/Object\n");
        Path slot = slotImage("#!/bin/busybox sh\necho 'class-data: java -Xshare:dump failed: no room' >&2\nexit 1\n");

        SupervisorException e = assertThrows(SupervisorException.class,
                () -> preparation.prepare(Slot.B, new FileSlotStorage(slot)));

        assertEquals("making slot B's class-data archive failed: /usr/lib/twinroot/class-data make exited with 1: "
                + "class-data: java -Xshare:dump failed: no room", e.getMessage());
        assertFalse(Files.exists(classData.resolve(RUNNING + ".classlist.next")));
    }

    @Test
    void anImageWithoutTheScriptGetsNoArchive() throws Exception {
        Files.writeString(classData.resolve(RUNNING + ".classlist.start"), "java/lang/Object\n");
        Path slot = slotImage(null);

        String said = preparation.prepare(Slot.B, new FileSlotStorage(slot));

        assertEquals("no class-data archive made for slot B: its image has no /usr/lib/twinroot/class-data (an image"
                + " built before it); its first boot makes one after the commit", said);
    }

    @Test
    void withoutAClassListNothingIsMounted() throws Exception {
        Path slot = dir.resolve("not-even-an-image");

        String said = preparation.prepare(Slot.A, new FileSlotStorage(slot));

        assertTrue(said.startsWith("no class-data archive made for slot A: no class list in " + classData), said);
    }

    @Test
    void whatAKilledPreparationLeftMountedIsUnmountedFirst() throws Exception {
        Files.writeString(classData.resolve(RUNNING + ".classlist.start"), "java/lang/Object\n");
        Path slot = slotImage(STAND_IN);
        Files.createDirectories(mountPoint);
        ExternalTool.Result left = NextSlotClassData.MOUNT.run(List.of("-t", "tmpfs", "tmpfs", mountPoint.toString()),
                Duration.ofMinutes(1));
        assertEquals(0, left.exitCode(), left.stderr());

        String said = preparation.prepare(Slot.B, new FileSlotStorage(slot));

        assertTrue(said.startsWith("class-data archive for slot B made: "), said);
    }

    private String standIn() {
        return standIn(NEW);
    }

    /** What the real script needs from its surroundings, checked; then a file where it puts the archive. */
    private String standIn(String name) {
        return "#!/bin/busybox sh\n"
                + "[ \"$1\" = make ] && [ $# = 2 ] || exit 2\n"
                + "/bin/busybox test -r /proc/self/status || { echo 'no /proc' >&2; exit 1; }\n"
                + "/bin/busybox test -c /dev/null || { echo 'no /dev/null' >&2; exit 1; }\n"
                + "/bin/busybox touch /tmp/written || { echo 'no writable /tmp' >&2; exit 1; }\n"
                + "/bin/busybox cp \"$2\" " + data.resolve("list-seen") + " || exit 1\n"
                + "echo archive > " + classData.resolve(name + ".jsa.tmp") + " && /bin/busybox mv "
                + classData.resolve(name + ".jsa.tmp") + " " + classData.resolve(name + ".jsa") + " || exit 1\n"
                + "echo " + classData.resolve(name + ".jsa") + "\n";
    }

    private static final String STAND_IN = "stand-in";

    /** An ext4 slot image: busybox, the mount points, and {@code script} as its class-data (none if null). */
    private Path slotImage(String script) throws Exception {
        Path tree = Files.createDirectories(dir.resolve("tree"));
        for (String d : List.of("bin", "proc", "dev", "tmp", "usr/lib/twinroot")) {
            Files.createDirectories(tree.resolve(d));
        }
        Files.createDirectories(tree.resolve(Path.of("/").relativize(data)));
        Files.copy(new ExternalTool("busybox", "busybox-static").require(), tree.resolve("bin/busybox"));
        if (script != null) {
            Path s = tree.resolve("usr/lib/twinroot/class-data");
            Files.writeString(s, STAND_IN.equals(script) ? standIn() : script);
            Files.setPosixFilePermissions(s, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Path image = dir.resolve("slot.img");
        ExternalTool.Result r = MKE2FS.run(List.of("-q", "-F", "-t", "ext4", "-d", tree.toString(), image.toString(),
                "16M"), Duration.ofMinutes(1));
        assertEquals(0, r.exitCode(), r.stderr());
        return image;
    }

    private static List<Path> mountsUnder(Path dir) throws IOException {
        return MountTable.parse(Files.readAllBytes(Path.of("/proc/self/mountinfo"))).mounts().stream()
                .map(MountInfo::mountPoint).filter(p -> p.startsWith(dir)).toList();
    }

    private static String sha256(Path file) throws IOException, NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
