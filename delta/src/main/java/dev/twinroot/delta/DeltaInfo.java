package dev.twinroot.delta;

import dev.twinroot.delta.format.DeltaHeader;
import dev.twinroot.delta.format.DeltaOp;
import dev.twinroot.delta.format.DeltaReader;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a delta holds: its header, its size, and per kind of operation how many there are, how many target
 * bytes they produce and how many delta bytes they take.
 */
public record DeltaInfo(DeltaHeader header, long deltaSize, Map<Kind, Long> opCounts, Map<Kind, Long> targetBytes,
                        Map<Kind, Long> deltaBytes) {

    /** The operation kinds, as the CLI and docs name them. */
    public enum Kind { COPY, ZERO, DATA, BSDIFF, SPLICE }

    public DeltaInfo {
        opCounts = Collections.unmodifiableMap(new EnumMap<>(opCounts));
        targetBytes = Collections.unmodifiableMap(new EnumMap<>(targetBytes));
        deltaBytes = Collections.unmodifiableMap(new EnumMap<>(deltaBytes));
    }

    public long opCount() {
        return opCounts.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Reads a whole delta, checking its structure (not its hashes: that needs the source; see DeltaVerifier). */
    public static DeltaInfo read(InputStream delta) throws IOException {
        DeltaReader reader = new DeltaReader(new BufferedInputStream(delta, 1 << 16));
        try {
            Tally tally = new Tally(reader.readHeader());
            long before = reader.offset();
            for (Optional<DeltaOp> op = reader.next(); op.isPresent(); op = reader.next()) {
                tally.add(op.get(), reader.offset() - before);
                before = reader.offset();
            }
            return tally.toInfo(reader.offset());
        } catch (RuntimeException e) {
            throw new DeltaFormatException("bad delta at offset " + reader.offset() + ": " + e, e);
        }
    }

    static Kind kindOf(DeltaOp op) {
        if (op instanceof DeltaOp.Copy || op instanceof DeltaOp.CopyPart) {
            return Kind.COPY;
        } else if (op instanceof DeltaOp.Zero) {
            return Kind.ZERO;
        } else if (op instanceof DeltaOp.Data) {
            return Kind.DATA;
        } else if (op instanceof DeltaOp.Splice) {
            return Kind.SPLICE;
        }
        return Kind.BSDIFF;
    }

    /** Adds operations up as they are written or read. */
    static final class Tally {
        private final DeltaHeader header;
        private final EnumMap<Kind, Long> counts = new EnumMap<>(Kind.class);
        private final EnumMap<Kind, Long> target = new EnumMap<>(Kind.class);
        private final EnumMap<Kind, Long> bytes = new EnumMap<>(Kind.class);

        Tally(DeltaHeader header) {
            this.header = header;
            for (Kind k : Kind.values()) {
                counts.put(k, 0L);
                target.put(k, 0L);
                bytes.put(k, 0L);
            }
        }

        void add(DeltaOp op, long encodedBytes) {
            Kind k = kindOf(op);
            counts.merge(k, 1L, Long::sum);
            // The zeros that end a copy are ZERO bytes, though they take no ZERO operation.
            long zeros = op instanceof DeltaOp.Copy c ? c.zerosAfter()
                    : op instanceof DeltaOp.CopyPart c ? c.zerosAfter() : 0;
            target.merge(k, op.targetLength() - zeros, Long::sum);
            target.merge(Kind.ZERO, zeros, Long::sum);
            bytes.merge(k, encodedBytes, Long::sum);
        }

        DeltaInfo toInfo(long deltaSize) {
            return new DeltaInfo(header, deltaSize, counts, target, bytes);
        }
    }
}
