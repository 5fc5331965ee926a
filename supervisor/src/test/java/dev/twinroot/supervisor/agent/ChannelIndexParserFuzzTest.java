package dev.twinroot.supervisor.agent;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.net.URI;

/** Any bytes from a channel give an index or a {@link ChannelException}. */
class ChannelIndexParserFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void anyBytes(byte[] input) {
        try {
            ChannelIndexParser.parse(input, URI.create("http://10.0.2.100/channels/stable/index.json"));
        } catch (ChannelException expected) {
            // the one failure a caller handles
        }
    }
}
