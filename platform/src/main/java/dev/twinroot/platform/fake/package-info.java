/**
 * In-memory stand-ins for the {@link dev.twinroot.platform.Platform} interfaces, for tests of this and other
 * modules (partitioner, updater, supervisor). They live in main code, not in a test-jar, because consuming
 * test-jars across this Maven reactor is awkward (the test-jar must be built and attached before the
 * consumer's test compile, which breaks {@code -pl X -am}); nothing in production code may use them.
 *
 * <p>They copy the kernel's rules where a caller could depend on them (EBUSY for BLKRRPART while a partition
 * is open, EINVAL for a misaligned BLKPG or BLKDISCARD, EBUSY for a second open of a watchdog); the same
 * contract tests run against the Linux implementation on loop devices, so the two cannot drift apart.
 * Time comes from an injected {@link java.time.InstantSource}, normally a {@link FakeClock}.
 */
package dev.twinroot.platform.fake;
