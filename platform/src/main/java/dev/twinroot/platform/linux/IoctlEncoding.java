package dev.twinroot.platform.linux;

import java.util.Optional;

/**
 * How an architecture packs an ioctl request number: {@code _IOC(dir, type, nr, size)} puts the number in bits
 * 0-7, the type in 8-15, the argument size above, and the direction on top. x86-64 and aarch64 both take
 * {@code include/uapi/asm-generic/ioctl.h} as is (14 size bits, 2 direction bits, NONE=0 WRITE=1 READ=2);
 * powerpc, mips, sparc and alpha do not, which is why {@link #forArch} knows only the two.
 */
record IoctlEncoding(int sizeBits, int dirBits, int none, int write, int read) {

    static final IoctlEncoding GENERIC = new IoctlEncoding(14, 2, 0, 1, 2);

    private static final int NR_BITS = 8;
    private static final int TYPE_BITS = 8;

    /** For {@code os.arch} as the JVM names it. */
    static Optional<IoctlEncoding> forArch(String osArch) {
        return switch (osArch) {
            case "amd64", "x86_64", "aarch64" -> Optional.of(GENERIC);
            default -> Optional.empty();
        };
    }

    long ioc(int dir, int type, int nr, int size) {
        if (size < 0 || size >= 1 << sizeBits) {
            throw new IllegalArgumentException("ioctl argument size " + size + " does not fit in " + sizeBits + " bits");
        }
        long sizeShift = NR_BITS + TYPE_BITS;
        long dirShift = sizeShift + sizeBits;
        return ((long) dir << dirShift) | ((long) size << sizeShift) | ((long) type << NR_BITS) | nr;
    }

    /** {@code _IO(type, nr)}: no argument is copied. */
    long io(int type, int nr) {
        return ioc(none, type, nr, 0);
    }

    /** {@code _IOR(type, nr, T)}: the kernel writes a T for the caller. */
    long ior(int type, int nr, int size) {
        return ioc(read, type, nr, size);
    }

    /** {@code _IOW(type, nr, T)}: the kernel reads a T from the caller. */
    long iow(int type, int nr, int size) {
        return ioc(write, type, nr, size);
    }

    /** {@code _IOWR(type, nr, T)}: both. */
    long iowr(int type, int nr, int size) {
        return ioc(read | write, type, nr, size);
    }
}
