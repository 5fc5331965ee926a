package dev.twinroot.delta;

import java.io.IOException;
import java.nio.channels.SeekableByteChannel;

/**
 * Runs the instruction stream of a SPLICE operation (delta version 3): literals and copies of source extents,
 * interleaved. The stream is untrusted: every length is checked against what remains of the target and of the
 * stream, every copy against the source size, and each instruction makes progress, so any byte string gives
 * the target bytes or a {@link DeltaFormatException}.
 *
 * <pre>
 * stream      = varint instructions_length, instruction* (instructions_length bytes), literals (the rest)
 * instruction = varint literal_length, varint copy_length,
 *               [zigzag varint source_delta, present when copy_length &gt; 0]
 * </pre>
 *
 * Each instruction takes its next {@code literal_length} bytes from the literals, in order, then copies. The
 * literals are kept together so that a codec compresses them as it would a DATA payload. The source
 * <em>cursor</em> starts at the target offset where the operation starts; a literal moves it on by its length;
 * a copy reads source [cursor + source_delta, + copy_length) and leaves the cursor at that extent's end. Data
 * that sits in the target about where it sat in the source, shifted a little by edits before it, then takes one
 * or two bytes of address. The whole target hash of the operation is checked by the caller.
 */
final class SplicePatch {

    private static final int MAX_VARINT_BYTES = 9;

    private SplicePatch() {
    }

    /**
     * The {@code targetLength} bytes that {@code stream[0, streamLength)} builds, copying from {@code source}
     * (whose first {@code sourceSize} bytes count); {@code cursor} is the target offset of the operation.
     */
    static byte[] apply(SeekableByteChannel source, long sourceSize, long cursor, byte[] stream, int streamLength,
                        int targetLength, String where) throws IOException {
        if (streamLength > stream.length) {
            throw new IllegalArgumentException("stream length beyond the array");
        }
        byte[] out = new byte[targetLength];
        Cursor in = new Cursor(stream, streamLength, where);
        long instructionsLength = in.varint("instructions length");
        if (instructionsLength > streamLength - in.pos) {
            throw new DeltaFormatException("corrupted delta: " + where + " splice instructions length "
                    + instructionsLength + " exceeds the " + (streamLength - in.pos) + " stream bytes left");
        }
        in = new Cursor(stream, in.pos + (int) instructionsLength, where, in.pos);
        int literals = in.end;
        int produced = 0;
        long at = cursor;
        while (in.pos < in.end) {
            int instruction = in.pos;
            long literal = in.varint("literal length");
            if (literal > targetLength - produced || literal > streamLength - literals) {
                throw new DeltaFormatException("corrupted delta: " + where + " splice instruction at stream byte "
                        + instruction + " has a literal of " + literal + " bytes; "
                        + Math.min(targetLength - produced, streamLength - literals) + " remain");
            }
            System.arraycopy(stream, literals, out, produced, (int) literal);
            literals += (int) literal;
            produced += (int) literal;
            at += literal;
            long copy = in.varint("copy length");
            if (copy > targetLength - produced) {
                throw new DeltaFormatException("corrupted delta: " + where + " splice instruction at stream byte "
                        + instruction + " copies " + copy + " bytes; " + (targetLength - produced)
                        + " target bytes remain");
            }
            if (copy == 0) {
                if (literal == 0) {
                    throw new DeltaFormatException("corrupted delta: " + where + " splice instruction at stream byte "
                            + instruction + " produces nothing");
                }
                continue;
            }
            long delta = unzigzag(in.varint("source delta"));
            // at >= 0 and |delta| < 2^62: only a positive delta can overflow.
            long from = delta > Long.MAX_VALUE - at ? -1 : at + delta;
            if (from < 0 || from > sourceSize - copy) {
                throw new DeltaFormatException("corrupted delta: " + where + " splice instruction at stream byte "
                        + instruction + " copies " + copy + " bytes from source offset " + at + " + (" + delta
                        + "), outside the source of " + sourceSize + " bytes");
            }
            ChannelIo.readFully(source, from, out, produced, (int) copy);
            produced += (int) copy;
            at = from + copy;
        }
        if (produced != targetLength || literals != streamLength) {
            throw new DeltaFormatException("corrupted delta: " + where + " splice stream builds " + produced
                    + " bytes, the operation says " + targetLength + ", and leaves " + (streamLength - literals)
                    + " literal bytes unused");
        }
        return out;
    }

    static long unzigzag(long v) {
        return (v >>> 1) ^ -(v & 1);
    }

    static long zigzag(long v) {
        return (v << 1) ^ (v >> 63);
    }

    /** Reads varints (unsigned LEB128, minimal, at most 9 bytes, as in the delta itself) from the stream. */
    private static final class Cursor {
        private final byte[] b;
        private final int end;
        private final String where;
        int pos;

        Cursor(byte[] b, int end, String where) {
            this(b, end, where, 0);
        }

        Cursor(byte[] b, int end, String where, int pos) {
            this.b = b;
            this.end = end;
            this.where = where;
            this.pos = pos;
        }

        long varint(String field) throws DeltaFormatException {
            int start = pos;
            long value = 0;
            for (int i = 0; i < MAX_VARINT_BYTES; i++) {
                if (pos >= end) {
                    throw new DeltaFormatException("corrupted delta: " + where + " splice " + field
                            + " at stream byte " + start + " ends early");
                }
                int x = b[pos++] & 0xFF;
                if (i > 0 && x == 0) {
                    throw new DeltaFormatException("corrupted delta: " + where + " splice " + field
                            + " at stream byte " + start + " is not minimally encoded");
                }
                value |= (long) (x & 0x7F) << (7 * i);
                if ((x & 0x80) == 0) {
                    return value;
                }
            }
            throw new DeltaFormatException("corrupted delta: " + where + " splice " + field + " at stream byte "
                    + start + " is longer than 9 bytes");
        }
    }
}
