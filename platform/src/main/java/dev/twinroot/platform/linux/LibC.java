package dev.twinroot.platform.linux;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

import java.nio.charset.StandardCharsets;

/**
 * The C library calls Twinroot makes, by JNA direct mapping (no proxies). Each call that can fail declares
 * {@link LastErrorException}, which JNA throws with errno when the call returns -1.
 *
 * <p>ioctl(2) and open(2) are variadic in C; they are bound here with fixed arguments. That is sound on
 * x86-64 and aarch64 Linux, where a variadic integer or pointer argument travels exactly like a named one
 * ({@link LinuxPlatform} refuses other architectures). Strings are passed as NUL-terminated UTF-8 byte arrays
 * so the JVM's locale cannot change which path the kernel sees.
 */
final class LibC {

    static final int O_RDONLY = 0;
    static final int O_WRONLY = 1;
    static final int O_RDWR = 2;
    /** Same value on x86-64 and aarch64 (asm-generic/fcntl.h); O_DIRECTORY and O_DIRECT are not, so unused. */
    static final int O_CLOEXEC = 02000000;

    /** asm-generic value, the same on x86-64 and aarch64 (s390 differs, and is refused). */
    static final int POSIX_FADV_DONTNEED = 4;

    static final int RB_AUTOBOOT = 0x01234567;
    static final int RB_POWER_OFF = 0x4321fedc;

    static {
        Native.register(LibC.class, com.sun.jna.Platform.C_LIBRARY_NAME);
    }

    private LibC() {
    }

    static byte[] cString(String s) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        byte[] c = new byte[utf8.length + 1];
        System.arraycopy(utf8, 0, c, 0, utf8.length);
        return c;
    }

    static native int open(byte[] path, int flags) throws LastErrorException;

    static native int close(int fd) throws LastErrorException;

    static native long write(int fd, byte[] buffer, long count) throws LastErrorException;

    static native int ioctl(int fd, long request, long[] arg) throws LastErrorException;

    static native int ioctl(int fd, long request, int[] arg) throws LastErrorException;

    static native int ioctl(int fd, long request, byte[] arg) throws LastErrorException;

    static native int ioctl(int fd, long request, Pointer arg) throws LastErrorException;

    static native int fsync(int fd) throws LastErrorException;

    static native int fdatasync(int fd) throws LastErrorException;

    static native int syncfs(int fd) throws LastErrorException;

    static native void sync();

    /** Returns 0 or an errno value itself: posix_fadvise(3) does not set errno. */
    static native int posix_fadvise(int fd, long offset, long len, int advice);

    static native int mount(byte[] source, byte[] target, byte[] fsType, long flags, byte[] data)
            throws LastErrorException;

    static native int umount2(byte[] target, int flags) throws LastErrorException;

    static native int reboot(int howto) throws LastErrorException;
}
