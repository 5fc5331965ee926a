package dev.twinroot.updater.install;

import dev.twinroot.updater.slot.SlotStorage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;

/** A slot whose writes stop after a byte budget: the bytes before the cut land, the rest never does. */
final class PowerCutSlot implements SlotStorage {

    private final SlotStorage slot;
    private long budget;
    private final long corruptAt;

    PowerCutSlot(SlotStorage slot, long budget) {
        this(slot, budget, -1);
    }

    /** A slot that silently flips the byte at {@code corruptAt} when it is written: bad flash, a bad cable. */
    PowerCutSlot(SlotStorage slot, long budget, long corruptAt) {
        this.slot = slot;
        this.budget = budget;
        this.corruptAt = corruptAt;
    }

    @Override
    public Path path() {
        return slot.path();
    }

    @Override
    public long size() throws IOException {
        return slot.size();
    }

    @Override
    public SeekableByteChannel openRead() throws IOException {
        return slot.openRead();
    }

    @Override
    public Writer openWrite() throws IOException {
        Writer w = slot.openWrite();
        SeekableByteChannel ch = w.channel();
        SeekableByteChannel limited = new SeekableByteChannel() {
            @Override
            public int read(ByteBuffer dst) throws IOException {
                return ch.read(dst);
            }

            @Override
            public int write(ByteBuffer src) throws IOException {
                if (budget <= 0) {
                    throw new InstallFixture.PowerCut("slot write");
                }
                int n = (int) Math.min(src.remaining(), budget);
                ByteBuffer part = src.slice();
                part.limit(n);
                long at = ch.position();
                if (corruptAt >= at && corruptAt < at + n) {
                    ByteBuffer copy = ByteBuffer.allocate(n).put(part.duplicate());
                    copy.flip();
                    int i = (int) (corruptAt - at);
                    copy.put(i, (byte) (copy.get(i) ^ 0x01));
                    part = copy;
                }
                int written = ch.write(part);
                src.position(src.position() + written);
                budget -= written;
                return written;
            }

            @Override
            public long position() throws IOException {
                return ch.position();
            }

            @Override
            public SeekableByteChannel position(long p) throws IOException {
                ch.position(p);
                return this;
            }

            @Override
            public long size() throws IOException {
                return ch.size();
            }

            @Override
            public SeekableByteChannel truncate(long size) throws IOException {
                ch.truncate(size);
                return this;
            }

            @Override
            public boolean isOpen() {
                return ch.isOpen();
            }

            @Override
            public void close() throws IOException {
                ch.close();
            }
        };
        return new Writer() {
            @Override
            public SeekableByteChannel channel() {
                return limited;
            }

            @Override
            public void flush() throws IOException {
                w.flush();
            }

            @Override
            public void close() throws IOException {
                w.close();
            }
        };
    }
}
