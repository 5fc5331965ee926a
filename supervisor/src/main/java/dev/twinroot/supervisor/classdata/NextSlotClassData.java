package dev.twinroot.supervisor.classdata;

import dev.twinroot.platform.ExternalTool;
import dev.twinroot.platform.MountInfo;
import dev.twinroot.platform.MountTable;
import dev.twinroot.supervisor.SupervisorException;
import dev.twinroot.updater.contract.Slot;
import dev.twinroot.updater.install.SlotPreparation;
import dev.twinroot.updater.slot.SlotStorage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;

/**
 * Makes the class-data archive of a freshly installed slot before its first boot, so that the trial boot's
 * daemon maps its classes instead of loading them from the jar (about 14 s against 6 under emulation, most of
 * the way to the commit). The archive must be made by the new slot's own Java runtime, for its own jar, with its
 * own options: the slot is mounted read-only, {@code /data}, {@code /proc}, {@code /dev} and a {@code /tmp} are
 * mounted into it, and the new slot's {@code class-data make} runs chrooted there, from the newest start list
 * ({@link ClassDataArchive#keepStartList}; the running jar's: a new jar loads nearly the same classes; one it
 * lacks is left out, one it adds is loaded from the jar), which is kept as the new slot's list too. Everything
 * is unmounted afterwards, whatever happened.
 *
 * <p>An image without the {@code class-data} script (built before it existed) gets no archive here: its first
 * boot makes one after the commit, as before.
 */
public final class NextSlotClassData implements SlotPreparation {

    static final ExternalTool MOUNT = new ExternalTool("mount", "mount");
    static final ExternalTool UMOUNT = new ExternalTool("umount", "mount");
    static final ExternalTool CHROOT = new ExternalTool("chroot", "coreutils");
    /** Where the image keeps the script, inside the slot. */
    static final String SCRIPT = "usr/lib/twinroot/class-data";
    private static final Duration MOUNT_TIMEOUT = Duration.ofMinutes(1);
    /** Under the watchdog's five minutes of silence the update agent is allowed (37 s measured under TCG). */
    private static final Duration DUMP_TIMEOUT = Duration.ofMinutes(4);

    private final Path dataMount;
    private final Path classDataDir;
    private final Path mountPoint;
    private final long minFreeBytes;

    /**
     * @param dataMount the data partition's mount point, mounted into the slot at the same path (it must be a
     *     directory of the slot image: {@code /data} is in every Twinroot image)
     * @param classDataDir where archives are kept, below {@code dataMount}
     * @param mountPoint where the slot is mounted meanwhile
     */
    public NextSlotClassData(Path dataMount, Path classDataDir, Path mountPoint, long minFreeBytes) {
        if (!classDataDir.startsWith(dataMount)) {
            throw new IllegalArgumentException(classDataDir + " is not below " + dataMount);
        }
        this.dataMount = dataMount;
        this.classDataDir = classDataDir;
        this.mountPoint = mountPoint;
        this.minFreeBytes = minFreeBytes;
    }

    /** The device's: {@code /data/twinroot/class-data}, the slot mounted at {@code /run/twinroot/next-slot}. */
    public static NextSlotClassData onDevice() {
        return new NextSlotClassData(Path.of("/data"), Path.of("/data/twinroot/class-data"),
                Path.of("/run/twinroot/next-slot"), ClassDataArchive.MIN_FREE_BYTES);
    }

    @Override
    public String prepare(Slot slot, SlotStorage storage) throws IOException {
        Optional<Path> list = ClassDataFiles.newestStartList(classDataDir);
        if (list.isEmpty()) {
            return "no class-data archive made for slot " + slot.name() + ": no class list in " + classDataDir
                    + " (a start without an archive keeps one); its first boot makes one after the commit";
        }
        long free = Files.getFileStore(classDataDir).getUsableSpace();
        if (free < minFreeBytes) {
            return "no class-data archive made for slot " + slot.name() + ": " + free + " bytes free on "
                    + classDataDir + ", less than the " + minFreeBytes + " it leaves room for";
        }
        String running = ClassDataFiles.nameOf(list.get()).orElseThrow();
        Path next = classDataDir.resolve(running + ".classlist.next");
        unmountLeftovers();
        Files.createDirectories(mountPoint);
        Deque<Path> mounted = new ArrayDeque<>();
        Throwable failure = null;
        try {
            mount(mounted, mountPoint, "-o", "ro", storage.path().toString(), mountPoint.toString());
            if (!Files.isExecutable(mountPoint.resolve(SCRIPT))) {
                return "no class-data archive made for slot " + slot.name() + ": its image has no /" + SCRIPT
                        + " (an image built before it); its first boot makes one after the commit";
            }
            Path slotData = inSlot(dataMount);
            if (!Files.isDirectory(slotData)) {
                return "no class-data archive made for slot " + slot.name() + ": its image has no " + dataMount
                        + " to mount the data partition at";
            }
            ClassDataFiles.copyCompleteLines(list.get(), next);
            mount(mounted, inSlot(Path.of("/proc")), "-t", "proc", "proc", inSlot(Path.of("/proc")).toString());
            mount(mounted, inSlot(Path.of("/dev")), "--bind", "/dev", inSlot(Path.of("/dev")).toString());
            mount(mounted, inSlot(Path.of("/tmp")), "-t", "tmpfs", "tmpfs", inSlot(Path.of("/tmp")).toString());
            mount(mounted, slotData, "--bind", dataMount.toString(), slotData.toString());
            ExternalTool.Result r = ClassDataArchive.NICE.run(List.of("-n", "19", CHROOT.require().toString(),
                    mountPoint.toString(), "/" + SCRIPT, "make", next.toString()), DUMP_TIMEOUT);
            if (!r.succeeded()) {
                throw new SupervisorException("making slot " + slot.name() + "'s class-data archive failed: /"
                        + SCRIPT + " make exited with " + r.exitCode() + ": "
                        + ClassDataArchive.lastLine(r.stderr() + r.stdout()));
            }
            Path archive = Path.of(r.stdout().strip());
            Optional<String> made = ClassDataFiles.nameOf(archive);
            if (!archive.startsWith(classDataDir) || made.isEmpty() || !Files.isRegularFile(archive)) {
                throw new SupervisorException("making slot " + slot.name() + "'s class-data archive: /" + SCRIPT
                        + " make named '" + r.stdout().strip() + "', which is no archive in " + classDataDir);
            }
            // The list goes with the archive: a start that maps an archive lists nothing, so the install after
            // the next one makes its archive from this list too (a class it lacks is loaded from the jar).
            Path madeList = classDataDir.resolve(made.get() + ".classlist.start");
            if (!Files.exists(madeList)) {
                Files.copy(next, madeList);
            }
            // The running slot's files and the new slot's (one name when both have the same jar and runtime):
            // whatever else there is belongs to the image just overwritten.
            ClassDataFiles.removeAllBut(classDataDir, new HashSet<>(List.of(running, made.get())), false);
            return "class-data archive for slot " + slot.name() + " made: " + archive + " (" + Files.size(archive)
                    + " bytes)";
        } catch (Throwable t) {
            failure = t;
            throw t;
        } finally {
            cleanUp(next, mounted, failure);
        }
    }

    /**
     * Unmounts what {@code prepare} mounted and deletes its copy of the list. A failure here is added to
     * {@code failure} (what made the preparation fail) when there is one, so that the first cause is what is
     * reported; otherwise it is thrown.
     */
    static void cleanUp(Path next, Deque<Path> mounted, Throwable failure) throws IOException {
        IOException cleanUp = null;
        try {
            unmount(mounted);
        } catch (IOException e) {
            cleanUp = e;
        }
        try {
            Files.deleteIfExists(next);
        } catch (IOException e) {
            if (cleanUp == null) {
                cleanUp = e;
            } else {
                cleanUp.addSuppressed(e);
            }
        }
        if (cleanUp != null) {
            if (failure == null) {
                throw cleanUp;
            }
            failure.addSuppressed(cleanUp);
        }
    }

    private Path inSlot(Path absolute) {
        return mountPoint.resolve(Path.of("/").relativize(absolute));
    }

    private static void mount(Deque<Path> mounted, Path where, String... args) throws IOException {
        ExternalTool.Result r = MOUNT.run(List.of(args), MOUNT_TIMEOUT);
        if (!r.succeeded()) {
            throw new SupervisorException("mount " + String.join(" ", args) + " failed: "
                    + ClassDataArchive.lastLine(r.stderr() + r.stdout()));
        }
        mounted.push(where);
    }

    /** The last mounted first; a mount still busy is detached lazily, as the next install would find it. */
    private static void unmount(Deque<Path> mounted) throws IOException {
        IOException first = null;
        while (!mounted.isEmpty()) {
            Path where = mounted.pop();
            ExternalTool.Result r = UMOUNT.run(List.of(where.toString()), MOUNT_TIMEOUT);
            if (!r.succeeded()) {
                r = UMOUNT.run(List.of("-l", where.toString()), MOUNT_TIMEOUT);
            }
            if (!r.succeeded() && first == null) {
                first = new SupervisorException("umount " + where + " failed: "
                        + ClassDataArchive.lastLine(r.stderr() + r.stdout()));
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /** Mounts an earlier preparation left behind (its process killed): the slot must not stay mounted. */
    private void unmountLeftovers() throws IOException {
        Path procMounts = Path.of("/proc/self/mountinfo");
        if (!Files.isReadable(procMounts)) {
            return;
        }
        Path root = mountPoint.toAbsolutePath().normalize();
        List<Path> leftovers = MountTable.parse(Files.readAllBytes(procMounts)).mounts().stream()
                .map(MountInfo::mountPoint).filter(p -> p.startsWith(root)).distinct()
                .sorted(Comparator.comparingInt(Path::getNameCount).reversed()).toList();
        for (Path p : leftovers) {
            UMOUNT.run(List.of("-l", p.toString()), MOUNT_TIMEOUT);
        }
    }
}
