package dev.twinroot.platform.fake;

import dev.twinroot.platform.Platform;

import java.time.InstantSource;

/**
 * All fakes wired together: the mounts hold the fake block devices they mount, the watchdogs and the power
 * read the given clock. {@link #platform()} is what code under test receives; the fields are what the test
 * sets up and inspects.
 */
public record FakePlatform(FakeBlockDevices blockDevices, FakeFileSync fileSync, FakeMounts mounts,
                           FakePower power, FakeWatchdogs watchdogs, FakeFilesystems filesystems) {

    public static FakePlatform create(InstantSource clock) {
        return create(clock, new FakeBlockDevices());
    }

    /** With block devices built by the test, e.g. with a partition scanner. */
    public static FakePlatform create(InstantSource clock, FakeBlockDevices blockDevices) {
        FakeMounts mounts = new FakeMounts(blockDevices);
        return new FakePlatform(blockDevices, new FakeFileSync(), mounts, new FakePower(clock),
                new FakeWatchdogs(clock), new FakeFilesystems(blockDevices, mounts));
    }

    public Platform platform() {
        return new Platform(blockDevices, fileSync, mounts, power, watchdogs, filesystems);
    }
}
