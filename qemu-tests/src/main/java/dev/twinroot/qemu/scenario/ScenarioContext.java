package dev.twinroot.qemu.scenario;

import dev.twinroot.qemu.Device;
import dev.twinroot.qemu.QemuMachine;
import dev.twinroot.qemu.product.Releases;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.Consumer;

/**
 * What a running scenario gets from the runner: its own directory (logs, disk copies), a seeded random source
 * for random power cuts (the seed is in the summary, so a failure can be replayed), devices that are always
 * shut down at the end, and notes (measurements) that end up in the report.
 */
public final class ScenarioContext {

    private final Path directory;
    private final long seed;
    private final Random random;
    private final List<Device> devices = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final Releases releases;
    private final Consumer<String> narrator;

    ScenarioContext(Path directory, long seed, Releases releases, Consumer<String> narrator) {
        this.directory = directory;
        this.seed = seed;
        this.random = new Random(seed);
        this.releases = releases;
        this.narrator = narrator;
    }

    /** The releases (images and bundles) scenarios install, built once per run and shared. */
    public Releases releases() {
        return releases;
    }

    /** Tells the person watching what happens now, e.g. "installing 2.0.0 into slot B"; printed at once. */
    public void step(String what) {
        narrator.accept(what);
    }

    /** This scenario's directory: {@code target/qemu-logs/<id>/}. */
    public Path directory() {
        return directory;
    }

    public long seed() {
        return seed;
    }

    /** Seeded from {@link #seed()}: use it for every random choice so a failure can be replayed. */
    public Random random() {
        return random;
    }

    /** A device whose disk is a copy of {@code image}, logging into {@code <directory>/<name>/}. */
    public Device newDevice(String name, QemuMachine machine, Optional<Path> image) throws IOException {
        if (!name.matches("[a-z0-9][a-z0-9-]{0,40}")) {
            throw new IllegalArgumentException("device name must be lower-case letters, digits, '-', found '" + name + "'");
        }
        Device device = Device.create(name, machine, image, directory.resolve(name));
        synchronized (devices) {
            devices.add(device);
        }
        return device;
    }

    /** Records a measurement or fact for the report, e.g. {@code "prompt after 1450 ms"}. */
    public void note(String note) {
        synchronized (notes) {
            notes.add(note);
        }
    }

    List<String> notes() {
        synchronized (notes) {
            return List.copyOf(notes);
        }
    }

    List<Device> devices() {
        synchronized (devices) {
            return List.copyOf(devices);
        }
    }

    int boots() {
        return devices().stream().mapToInt(Device::boots).sum();
    }
}
