package dev.twinroot.updater.bootcontrol.uboot;

import dev.twinroot.updater.bootcontrol.BootStateFormatException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32;

/**
 * U-Boot's binary environment without the redundancy flag byte, as {@code env export -c}, {@code env import -c}
 * and libubootenv's single-copy mode read and write it:
 *
 * <pre>
 * offset 0   4 bytes  CRC32 (zlib) of bytes 4..size, little-endian
 * offset 4   entries  "name=value" each followed by NUL, sorted by name as U-Boot exports them
 *            1 byte   NUL: an empty entry ends the list
 *            padding  to size; covered by the CRC, content ignored (U-Boot and libubootenv write NUL)
 * </pre>
 *
 * Names and values are bytes other than NUL (names also without {@code =}); they are mapped to Java strings as
 * ISO-8859-1 so that any byte round-trips.
 */
public final class UBootEnvCodec {

    static final int CRC_LENGTH = 4;
    /** CRC, one empty entry's NUL and nothing else: the smallest environment there is. */
    static final int MIN_SIZE = CRC_LENGTH + 1;
    /** No environment U-Boot uses is near this; it bounds what a reader accepts. */
    static final int MAX_SIZE = 1 << 20;

    private UBootEnvCodec() {
    }

    /** The variables of an environment image of exactly {@code size} bytes, in stored order. */
    public static Map<String, String> decode(byte[] image, int size) throws BootStateFormatException {
        checkSize(size);
        try {
            return decodeChecked(image, size);
        } catch (RuntimeException e) {
            // Last resort: a bug here must still reach the caller as "this copy is not valid".
            throw new BootStateFormatException("U-Boot environment: could not be decoded (" + e.getClass().getSimpleName()
                    + ")", e);
        }
    }

    private static Map<String, String> decodeChecked(byte[] image, int size) throws BootStateFormatException {
        if (image.length != size) {
            throw new BootStateFormatException("U-Boot environment: size is " + image.length + " bytes, expected "
                    + size);
        }
        int stored = ByteBuffer.wrap(image, 0, CRC_LENGTH).order(ByteOrder.LITTLE_ENDIAN).getInt();
        int computed = crc(image);
        if (stored != computed) {
            throw new BootStateFormatException(String.format("U-Boot environment: CRC32 at offset 0 is 0x%08x, "
                    + "data at offset %d..%d gives 0x%08x", stored, CRC_LENGTH, size, computed));
        }
        Map<String, String> vars = new LinkedHashMap<>();
        int pos = CRC_LENGTH;
        while (true) {
            int end = indexOfNul(image, pos);
            if (end < 0) {
                throw new BootStateFormatException("U-Boot environment: entry at offset " + pos
                        + " has no terminating NUL before the end at " + size);
            }
            if (end == pos) {
                return Collections.unmodifiableMap(vars);
            }
            int eq = indexOf(image, pos, end, (byte) '=');
            if (eq <= pos) {
                throw new BootStateFormatException("U-Boot environment: entry at offset " + pos
                        + (eq < 0 ? " has no '='" : " has an empty name"));
            }
            String name = new String(image, pos, eq - pos, StandardCharsets.ISO_8859_1);
            String value = new String(image, eq + 1, end - eq - 1, StandardCharsets.ISO_8859_1);
            if (vars.putIfAbsent(name, value) != null) {
                throw new BootStateFormatException("U-Boot environment: entry at offset " + pos
                        + " repeats a variable name");
            }
            pos = end + 1;
        }
    }

    /** An environment image of {@code size} bytes holding {@code vars}, sorted by name, padded with NUL. */
    public static byte[] encode(Map<String, String> vars, int size) {
        checkSize(size);
        byte[] image = new byte[size];
        int pos = CRC_LENGTH;
        for (Map.Entry<String, String> var : new TreeMap<>(vars).entrySet()) {
            String name = var.getKey();
            if (name.isEmpty() || name.indexOf('=') >= 0 || name.indexOf('\0') >= 0 || !latin1(name)) {
                throw new IllegalArgumentException("U-Boot variable name must be non-empty ISO-8859-1 without '=' "
                        + "or NUL");
            }
            if (var.getValue().indexOf('\0') >= 0 || !latin1(var.getValue())) {
                throw new IllegalArgumentException("value of U-Boot variable " + name
                        + " must be ISO-8859-1 without NUL");
            }
            byte[] entry = (name + "=" + var.getValue()).getBytes(StandardCharsets.ISO_8859_1);
            if (entry.length + 2 > size - pos) {
                throw new IllegalArgumentException("U-Boot environment: variables need more than " + size + " bytes");
            }
            System.arraycopy(entry, 0, image, pos, entry.length);
            pos += entry.length + 1;
        }
        ByteBuffer.wrap(image, 0, CRC_LENGTH).order(ByteOrder.LITTLE_ENDIAN).putInt(crc(image));
        return image;
    }

    private static void checkSize(int size) {
        if (size < MIN_SIZE || size > MAX_SIZE) {
            throw new IllegalArgumentException("U-Boot environment size must be " + MIN_SIZE + ".." + MAX_SIZE
                    + " bytes, found " + size);
        }
    }

    private static int crc(byte[] image) {
        CRC32 crc = new CRC32();
        crc.update(image, CRC_LENGTH, image.length - CRC_LENGTH);
        return (int) crc.getValue();
    }

    private static int indexOfNul(byte[] bytes, int from) {
        return indexOf(bytes, from, bytes.length, (byte) 0);
    }

    private static int indexOf(byte[] bytes, int from, int to, byte b) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static boolean latin1(String text) {
        return text.chars().allMatch(c -> c <= 0xff);
    }
}
