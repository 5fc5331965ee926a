package dev.twinroot.platform.linux;

import dev.twinroot.platform.WatchdogInfo;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** {@code struct watchdog_info { __u32 options; __u32 firmware_version; __u8 identity[32]; }}: 40 bytes. */
final class WatchdogInfoLayout {

    static final int SIZE = 40;
    private static final int IDENTITY_OFFSET = 8;
    private static final int IDENTITY_LENGTH = 32;

    private WatchdogInfoLayout() {
    }

    static WatchdogInfo decode(byte[] raw) {
        if (raw.length != SIZE) {
            throw new IllegalArgumentException("struct watchdog_info is " + SIZE + " bytes, found " + raw.length);
        }
        ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.nativeOrder());
        int end = IDENTITY_OFFSET;
        while (end < IDENTITY_OFFSET + IDENTITY_LENGTH && raw[end] != 0) {
            end++;
        }
        String identity = new String(raw, IDENTITY_OFFSET, end - IDENTITY_OFFSET, StandardCharsets.US_ASCII);
        return new WatchdogInfo(b.getInt(0), b.getInt(4), identity);
    }
}
