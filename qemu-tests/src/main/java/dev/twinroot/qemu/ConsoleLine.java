package dev.twinroot.qemu;

/**
 * One line the guest printed on its serial console, cleaned of carriage returns, terminal escape sequences and
 * backspaces, with the time it started to arrive in milliseconds since QEMU was started.
 */
public record ConsoleLine(long millis, String text) {

    @Override
    public String toString() {
        return String.format("[%8d] %s", millis, text);
    }
}
