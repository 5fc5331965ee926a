package dev.twinroot.supervisor.grow;

import com.code_intelligence.jazzer.junit.FuzzTest;

/** Any bytes where a superblock should be give a superblock or a {@link GrowException}. */
class Ext4SuperblockFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void anyBytes(byte[] input) {
        try {
            Ext4Superblock sb = Ext4Superblock.parse(input);
            sb.bytes();
        } catch (GrowException expected) {
            // the one failure a caller handles
        }
    }
}
