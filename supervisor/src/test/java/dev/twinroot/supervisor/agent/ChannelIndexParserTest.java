package dev.twinroot.supervisor.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ChannelIndexParserTest {

    static final URI BASE = URI.create("http://10.0.2.100/channels/stable/index.json");
    static final String SHA = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    static String example() throws IOException {
        try (InputStream in = ChannelIndexParserTest.class.getResourceAsStream("channel-example.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static ChannelIndex parse(String json) throws ChannelException {
        return ChannelIndexParser.parse(json.getBytes(StandardCharsets.UTF_8), BASE);
    }

    static String rejected(String json) {
        return assertThrows(ChannelException.class, () -> parse(json)).getMessage();
    }

    @Test
    void parsesTheDocumentedExample() throws Exception {
        ChannelIndex index = parse(example());
        ChannelIndex.Release r = index.devices().get("qemu-arm64");
        assertEquals("1.3.0", r.version());
        assertEquals(URI.create("http://10.0.2.100/channels/stable/bundles/qemu-arm64-1.3.0.twb"), r.bundle().url());
        assertEquals(2, r.deltas().size());
        assertEquals("1.2.0", r.deltas().get(0).from());
        assertEquals(URI.create("https://cdn.example.com/deltas/qemu-arm64-1.1.0-1.3.0.twb"), r.deltas().get(1).url());
    }

    @Test
    void choosesTheDeltaForTheRunningVersionElseTheFullBundle() throws Exception {
        ChannelIndex index = parse(example());
        UpdateChoice.Install delta = (UpdateChoice.Install) UpdateChoice.choose(index, "qemu-arm64", "1.2.0");
        assertEquals(Optional.of("1.2.0"), delta.deltaFrom());
        assertTrue(delta.artifact().url().toString().endsWith("qemu-arm64-1.2.0-1.3.0.twb"));
        UpdateChoice.Install full = delta.fallbackToFull().orElseThrow();
        assertEquals(delta.release().bundle(), full.artifact());
        assertEquals(Optional.empty(), full.fallbackToFull());

        UpdateChoice.Install noDelta = (UpdateChoice.Install) UpdateChoice.choose(index, "qemu-arm64", "0.9.0");
        assertEquals(Optional.empty(), noDelta.deltaFrom());
        assertTrue(UpdateChoice.choose(index, "qemu-arm64", "1.3.0") instanceof UpdateChoice.NoUpdate);
        UpdateChoice.NoUpdate other = (UpdateChoice.NoUpdate) UpdateChoice.choose(index, "rpi4", "1.0.0");
        assertEquals("the channel has no release for device type rpi4", other.why());
    }

    @Test
    void namesTheFieldThatIsWrong() {
        assertEquals("channel index: formatVersion: expected 1, found 2", rejected("{\"formatVersion\":2,\"devices\":{}}"));
        assertEquals("channel index: devices[\"x\"].bundle.sha256: expected [0-9a-f]{64}, found \"abc\"",
                rejected(release("\"bundle\":{\"url\":\"a.twb\",\"size\":1,\"sha256\":\"abc\"}")));
        assertEquals("channel index: devices[\"x\"].bundle.size: expected 1..17592186044416, found 0",
                rejected(release("\"bundle\":{\"url\":\"a.twb\",\"size\":0,\"sha256\":\"" + SHA + "\"}")));
        assertTrue(rejected(release("\"bundle\":{\"url\":\"file:///etc/shadow\",\"size\":1,\"sha256\":\"" + SHA + "\"}"))
                .contains("expected http or https with a host"));
        assertTrue(rejected("{\"formatVersion\":1,\"devices\":{\"x\":{},\"x\":{}}}").startsWith("channel index: not valid JSON"),
                "duplicate keys are refused");
        assertTrue(rejected("{\"formatVersion\":1,").startsWith("channel index: not valid JSON: ")
                && rejected("{\"formatVersion\":1,").contains("(line 1, column"));
        assertTrue(rejected("[]").contains("expected a JSON object"));
    }

    @Test
    void neverQuotesMuchOfTheInput() {
        String msg = rejected(release("\"bundle\":{\"url\":\"a.twb\",\"size\":1,\"sha256\":\"" + "z".repeat(5000) + "\"}"));
        assertTrue(msg.length() < 200, msg);
    }

    private static String release(String bundle) {
        return "{\"formatVersion\":1,\"devices\":{\"x\":{\"version\":\"1.0\"," + bundle + "}}}";
    }

    /** The example with bytes changed at random: an index or a ChannelException, nothing else. */
    @Test
    void mutatedIndexesNeverEscapeTheParser() throws Exception {
        byte[] seed = example().getBytes(StandardCharsets.UTF_8);
        Random random = new Random(7);
        int parsed = 0;
        for (int i = 0; i < 5000; i++) {
            byte[] b = seed.clone();
            for (int k = 0; k <= random.nextInt(3); k++) {
                b[random.nextInt(b.length)] = (byte) random.nextInt(256);
            }
            try {
                ChannelIndexParser.parse(b, BASE);
                parsed++;
            } catch (ChannelException expected) {
                assertTrue(expected.getMessage().startsWith("channel index: "), expected.getMessage());
            }
        }
        assertTrue(parsed > 0 && parsed < 5000, "some mutations still parse, most do not: " + parsed);
    }

    @Test
    void refusesAnOversizedIndexBeforeParsing() {
        byte[] big = new byte[ChannelIndexParser.MAX_BYTES + 1];
        assertTrue(assertThrows(ChannelException.class, () -> ChannelIndexParser.parse(big, BASE)).getMessage()
                .contains("at most " + ChannelIndexParser.MAX_BYTES));
    }
}
