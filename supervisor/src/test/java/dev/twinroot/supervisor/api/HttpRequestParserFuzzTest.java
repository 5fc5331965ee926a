package dev.twinroot.supervisor.api;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Any bytes on the API's socket give a request, "need more bytes" or an {@link HttpProtocolException}. Runs
 * the seed inputs in the normal build; {@code JAZZER_FUZZ=1 mvn test -Dtest=HttpRequestParserFuzzTest} fuzzes.
 */
class HttpRequestParserFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void anyBytes(byte[] input) {
        try {
            HttpRequestParser.parse(input, input.length);
        } catch (HttpProtocolException expected) {
            // the one failure a caller handles
        }
    }
}
