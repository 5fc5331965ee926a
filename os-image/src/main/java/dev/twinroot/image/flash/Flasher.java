package dev.twinroot.image.flash;

import dev.twinroot.image.flash.ProgressListener.Phase;
import dev.twinroot.platform.BlockDevice;
import dev.twinroot.platform.Platform;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.OptionalLong;
import java.util.zip.CRC32C;

/**
 * Writes an image to a device or file and proves it arrived.
 *
 * <pre>{@code
 * Flasher flasher = new Flasher(Platform.linux(), InstantSource.system());
 * FlashPlan plan = flasher.plan(Path.of("os.img.zst"), Path.of("/dev/sdb"), FlashOptions.defaults());
 * // show plan, ask the user
 * FlashResult done = flasher.flash(plan, ProgressListener.none());
 * }</pre>
 *
 * <p>The image is streamed in {@link #CHUNK}-sized writes at chunk-aligned offsets, hashed as it goes, synced
 * every {@link #SYNC_EVERY} bytes (so progress shows what reached the device, not what sits in the page cache)
 * and at the end; then the target's cache is dropped and exactly the written length is read back and hashed.
 */
public final class Flasher {

    static final int CHUNK = 4 << 20;
    static final long SYNC_EVERY = 64L << 20;
    private static final int MBR_SIGNATURE_OFFSET = 510;

    private final Platform platform;
    private final InstantSource clock;
    private final TargetInspector inspector;

    public Flasher(Platform platform, InstantSource clock) {
        this(platform, clock, Path.of("/sys/dev/block"), Path.of("/proc/swaps"));
    }

    Flasher(Platform platform, InstantSource clock, Path sysDevBlock, Path procSwaps) {
        this.platform = platform;
        this.clock = clock;
        this.inspector = new TargetInspector(platform, new BlockTopology(sysDevBlock, platform.blockDevices()), procSwaps);
    }

    /** Opens the image, checks the target; nothing is written. */
    public FlashPlan plan(Path image, Path target, FlashOptions options) throws FlashException {
        FlashImage flashImage = FlashImage.open(image);
        try {
            return inspector.inspect(flashImage, target, options);
        } catch (FlashException e) {
            throw e;
        } catch (IOException e) {
            throw new FlashException("checking " + target + ": " + e.getMessage(), e);
        }
    }

    /**
     * Flashes what {@code plan} describes. The target is checked again first: a card may have been swapped or
     * automounted while the user read the question.
     */
    public FlashResult flash(FlashPlan plan, ProgressListener progress) throws FlashException {
        FlashPlan now = plan(plan.image().path(), plan.target(), plan.options());
        if (now.kind() != plan.kind() || !now.capacity().equals(plan.capacity())) {
            throw new FlashRefusedException(plan.target() + " changed since it was checked (now " + now.kind()
                    + now.capacity().stream().mapToObj(c -> " of " + c + " bytes").findFirst().orElse("") + "): run again");
        }
        try (FlashTarget target = open(now)) {
            return run(now, target, progress);
        } catch (FlashException e) {
            throw e;
        } catch (IOException e) {
            throw new FlashException(plan.target() + ": " + e.getMessage(), e);
        }
    }

    private FlashTarget open(FlashPlan plan) throws IOException {
        return switch (plan.kind()) {
            case BLOCK_DEVICE -> new DeviceTarget(platform.blockDevices().open(plan.target(), BlockDevice.Access.READ_WRITE),
                    platform.fileSync());
            case FILE -> FileTarget.open(plan.target(), false, platform.fileSync());
            case NEW_FILE -> FileTarget.open(plan.target(), true, platform.fileSync());
        };
    }

    private FlashResult run(FlashPlan plan, FlashTarget target, ProgressListener progress) throws IOException {
        Instant start = clock.instant();
        MessageDigest sha = sha256();
        ChunkChecksums chunks = new ChunkChecksums();
        byte[] buffer = new byte[CHUNK];
        boolean hasPartitionTable = false;
        long written = 0;
        long lastSync = 0;
        OptionalLong total = plan.image().sizeExact() ? OptionalLong.of(plan.image().minimumSize()) : OptionalLong.empty();
        progress.update(Phase.WRITE, 0, total);
        try (InputStream in = plan.image().openStream()) {
            int n;
            while ((n = in.readNBytes(buffer, 0, CHUNK)) > 0) {
                if (plan.capacity().isPresent() && written + n > plan.capacity().getAsLong()) {
                    throw new FlashException("the image does not fit: " + plan.target() + " holds "
                            + plan.capacity().getAsLong() + " bytes and the image is longer; the device now holds a partial image");
                }
                if (written == 0) {
                    hasPartitionTable = n >= 512 && buffer[MBR_SIGNATURE_OFFSET] == 0x55
                            && buffer[MBR_SIGNATURE_OFFSET + 1] == (byte) 0xaa;
                }
                writeFully(target, ByteBuffer.wrap(buffer, 0, n), written);
                sha.update(buffer, 0, n);
                chunks.add(crc(buffer, n));
                written += n;
                if (written - lastSync >= SYNC_EVERY) {
                    target.syncData();
                    lastSync = written;
                }
                progress.update(Phase.WRITE, written, total);
            }
        } catch (CorruptImageException e) {
            throw new CorruptImageException(e.getMessage() + "; " + plan.target() + " now holds a partial image (" + written
                    + " bytes): do not boot it", e.getCause());
        }
        progress.update(Phase.SYNC, 0, OptionalLong.of(written));
        target.syncData();
        progress.update(Phase.SYNC, written, OptionalLong.of(written));
        String digest = HexFormat.of().formatHex(sha.digest());
        Instant writtenAt = clock.instant();

        boolean verified = false;
        if (plan.options().verify()) {
            target.dropCache();
            progress.update(Phase.VERIFY, 0, OptionalLong.of(written));
            verify(target, written, digest, chunks, buffer, progress);
            verified = true;
        }
        Instant end = clock.instant();
        List<String> notes = new ArrayList<>(plan.warnings());
        target.rereadPartitionTable(hasPartitionTable).ifPresent(notes::add);
        return new FlashResult(plan.target(), written, digest, verified, Duration.between(start, writtenAt),
                Duration.between(writtenAt, end), notes);
    }

    private static void verify(FlashTarget target, long length, String expected, ChunkChecksums chunks, byte[] buffer,
                               ProgressListener progress) throws IOException {
        MessageDigest sha = sha256();
        SeekableByteChannel ch = target.channel();
        long offset = 0;
        for (int chunk = 0; offset < length; chunk++) {
            int n = (int) Math.min(CHUNK, length - offset);
            ByteBuffer buf = ByteBuffer.wrap(buffer, 0, n);
            ch.position(offset);
            while (buf.hasRemaining()) {
                if (ch.read(buf) < 0) {
                    throw new VerifyFailedException("verify failed: " + target.path() + " ended at byte "
                            + (offset + buf.position()) + " while reading back " + length + " bytes", offset + buf.position());
                }
            }
            if (crc(buffer, n) != chunks.get(chunk)) {
                throw new VerifyFailedException("verify failed: " + target.path() + " reads back differently from what was"
                        + " written, first in chunk " + chunk + " (bytes " + offset + " to " + (offset + n - 1) + ")", offset);
            }
            sha.update(buffer, 0, n);
            offset += n;
            progress.update(Phase.VERIFY, offset, OptionalLong.of(length));
        }
        String found = HexFormat.of().formatHex(sha.digest());
        if (!found.equals(expected)) {
            throw new VerifyFailedException("verify failed: SHA-256 of " + length + " bytes read back from " + target.path()
                    + " is " + found + ", written " + expected, -1);
        }
    }

    private static void writeFully(FlashTarget target, ByteBuffer buf, long offset) throws IOException {
        SeekableByteChannel ch = target.channel();
        ch.position(offset);
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
    }

    private static int crc(byte[] data, int length) {
        CRC32C crc = new CRC32C();
        crc.update(data, 0, length);
        return (int) crc.getValue();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
