package dev.twinroot.delta;

import java.io.ByteArrayOutputStream;

/**
 * Writes the instruction stream of a SPLICE operation (see {@link SplicePatch}) for target bytes described in
 * order as literals and source copies. Adjacent literals merge; a copy that continues the previous one merges.
 */
final class SpliceBuilder {

    private final ByteArrayOutputStream instructions = new ByteArrayOutputStream();
    private final ByteArrayOutputStream literals = new ByteArrayOutputStream();
    /** Literal bytes since the last instruction. */
    private int literal;
    private long cursor;
    private long copySource = -1;
    private long copyLength;
    private int length;
    private int copies;

    /** {@code start}: the target offset where the operation starts, the cursor's first value. */
    SpliceBuilder(long start) {
        this.cursor = start;
    }

    void literal(byte[] b, int off, int len) {
        if (len == 0) {
            return;
        }
        flushCopy();
        literals.write(b, off, len);
        literal += len;
        length = Math.addExact(length, len);
    }

    void copy(long source, int len) {
        if (len == 0) {
            return;
        }
        if (copySource >= 0 && copySource + copyLength == source) {
            copyLength += len;
        } else {
            flushCopy();
            copySource = source;
            copyLength = len;
        }
        length = Math.addExact(length, len);
    }

    /** Target bytes described so far. */
    int length() {
        return length;
    }

    /** Copies written (or pending): none means the operation would be a plain literal. */
    int copies() {
        return copies + (copySource >= 0 ? 1 : 0);
    }

    /** Where the next copy's source delta is counted from if the next thing is a literal of {@code len} bytes. */
    long cursorAfterLiteral(int len) {
        return copySource >= 0 ? copySource + copyLength + len : cursor + literal + len;
    }

    byte[] finish() {
        flushCopy();
        if (literal > 0) {
            varint(literal);
            varint(0);
            literal = 0;
        }
        ByteArrayOutputStream stream = new ByteArrayOutputStream(instructions.size() + literals.size() + 4);
        byte[] ins = instructions.toByteArray();
        writeVarint(stream, ins.length);
        stream.writeBytes(ins);
        stream.writeBytes(literals.toByteArray());
        return stream.toByteArray();
    }

    private void flushCopy() {
        if (copySource < 0) {
            return;
        }
        varint(literal);
        cursor += literal;
        literal = 0;
        varint(copyLength);
        varint(SplicePatch.zigzag(copySource - cursor));
        cursor = copySource + copyLength;
        copySource = -1;
        copyLength = 0;
        copies++;
    }

    private void varint(long v) {
        writeVarint(instructions, v);
    }

    private static void writeVarint(ByteArrayOutputStream stream, long v) {
        while ((v & ~0x7FL) != 0) {
            stream.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        stream.write((int) v);
    }
}
