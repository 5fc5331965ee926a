package dev.twinroot.qemu;

import com.code_intelligence.jazzer.junit.FuzzTest;

/** Any text from sfdisk gives a table or a QemuException, never an unchecked exception or a hang. */
class PartitionTableFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void fuzz(byte[] data) {
        try {
            PartitionTable.parse(new String(data, java.nio.charset.StandardCharsets.UTF_8), "fuzz.img");
        } catch (QemuException expected) {
            // Rejected input is fine; anything else fails the fuzz test.
        }
    }
}
