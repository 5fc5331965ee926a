package dev.twinroot.updater.bootcontrol.uboot;

import dev.twinroot.updater.bootcontrol.BootState;
import dev.twinroot.updater.bootcontrol.BootStateFormatException;
import dev.twinroot.updater.bootcontrol.BootStateVariables;
import dev.twinroot.updater.contract.BootContract;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The boot state stored twice, each copy a U-Boot environment carrying {@code BOOT_SEQ}: a reader takes the
 * valid copy with the larger sequence number (the first copy on a tie), a writer overwrites the other one with
 * the next number. A torn write breaks only the copy being written, whose CRC then fails, so the other copy
 * still holds the previous state. The boot script makes the same choice with the same rules.
 */
public final class RedundantBootState {

    /** {@code 0x} and 1-16 hex digits: U-Boot's {@code test} reads this as hex, {@code setexpr} ignores the 0x. */
    private static final Pattern SEQUENCE = Pattern.compile("0x[0-9a-fA-F]{1,16}");

    private RedundantBootState() {
    }

    /** The newest valid copy, if any; invalid or missing copies are skipped. */
    public static Optional<StoredCopy> newest(List<Optional<byte[]>> copies) {
        Optional<StoredCopy> newest = Optional.empty();
        for (int i = 0; i < copies.size(); i++) {
            Optional<StoredCopy> copy = copies.get(i).flatMap(RedundantBootState::validOrEmpty);
            int index = i;
            if (copy.isPresent() && newest.map(n -> copy.get().sequence() > n.sequence()).orElse(true)) {
                newest = copy.map(c -> new StoredCopy(index, c.sequence(), c.variables()));
            }
        }
        return newest;
    }

    /** One copy's variables and sequence number, or why it is not valid. */
    public static StoredCopy parse(int index, byte[] image) throws BootStateFormatException {
        Map<String, String> vars = UBootEnvCodec.decode(image, BootContract.STATE_SIZE);
        String seq = vars.get(BootContract.BOOT_SEQ);
        if (seq == null) {
            throw new BootStateFormatException("boot state: variable " + BootContract.BOOT_SEQ + " is missing");
        }
        if (!SEQUENCE.matcher(seq).matches()) {
            throw new BootStateFormatException("boot state: " + BootContract.BOOT_SEQ
                    + " must be 0x and 1-16 hex digits, found " + seq.length() + " characters");
        }
        try {
            return new StoredCopy(index, Long.parseLong(seq.substring(2), 16), vars);
        } catch (NumberFormatException e) {
            throw new BootStateFormatException("boot state: " + BootContract.BOOT_SEQ + " is above 0x7fffffffffffffff, "
                    + "beyond what U-Boot's test compares", e);
        }
    }

    private static Optional<StoredCopy> validOrEmpty(byte[] image) {
        try {
            return Optional.of(parse(0, image));
        } catch (BootStateFormatException e) {
            return Optional.empty();
        }
    }

    /** The boot state a copy describes. */
    public static BootState state(StoredCopy copy) throws BootStateFormatException {
        return BootStateVariables.fromVariables(copy.variables());
    }

    /** Which copy a writer overwrites: the one that is not the newest valid copy. */
    public static int writeTarget(Optional<StoredCopy> newest) {
        return newest.map(n -> 1 - n.index()).orElse(0);
    }

    /** The sequence number of the next write: one above the newest, 1 when there is no valid copy. */
    public static long nextSequence(Optional<StoredCopy> newest) {
        return newest.map(n -> Math.addExact(n.sequence(), 1L)).orElse(1L);
    }

    /** One copy's bytes. */
    public static byte[] encode(BootState state, long sequence) {
        if (sequence < 0) {
            throw new IllegalArgumentException("sequence number must not be negative, found " + sequence);
        }
        Map<String, String> vars = new LinkedHashMap<>(BootStateVariables.toVariables(state));
        vars.put(BootContract.BOOT_SEQ, "0x" + Long.toHexString(sequence));
        return UBootEnvCodec.encode(vars, BootContract.STATE_SIZE);
    }

    /** Both copies of a fresh image: the same state with sequence number 0, so copy 1 wins the tie. */
    public static List<byte[]> initialCopies(BootState state) {
        return List.of(encode(state, 0), encode(state, 0));
    }
}
