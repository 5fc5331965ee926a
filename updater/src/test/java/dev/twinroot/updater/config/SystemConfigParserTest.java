package dev.twinroot.updater.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinroot.updater.contract.Slot;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SystemConfigParserTest {

    static byte[] documented() throws IOException {
        try (InputStream in = SystemConfigParserTest.class.getResourceAsStream(
                "SystemConfigFuzzTestInputs/parse/full.json")) {
            return in.readAllBytes();
        }
    }

    static SystemConfig parse(String json) throws ConfigException {
        return new SystemConfigParser().parse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theDocumentedExampleParses() throws IOException {
        SystemConfig c = new SystemConfigParser().parse(documented());
        assertEquals("twinroot-qemu-arm64", c.compatible());
        assertEquals(SlotLocation.partLabel("rootfs-a"), c.slot(Slot.A));
        assertEquals(SlotLocation.device("/dev/vda3"), c.slot(Slot.B));
        assertEquals(BootBackend.UBOOT, c.bootBackend());
        assertEquals(Path.of("/boot"), c.bootPath());
        assertEquals(Path.of("/data/twinroot"), c.dataDir());
        assertEquals(Duration.ofSeconds(30), c.http().readTimeout());
        assertEquals(8, c.http().retries());
    }

    @Test
    void aRaspberryPiNamesItsSlotsByMbrPartUuid() throws IOException {
        byte[] pi;
        try (var in = SystemConfigParserTest.class.getResourceAsStream(
                "SystemConfigFuzzTestInputs/parse/raspberrypi4.json")) {
            pi = in.readAllBytes();
        }
        SystemConfig c = new SystemConfigParser().parse(pi);
        assertEquals(SlotLocation.partUuid("5a1e0c2b-02"), c.slot(Slot.A));
        assertEquals(SlotLocation.Kind.PARTUUID, c.slot(Slot.B).kind());
        assertEquals("5a1e0c2b-03", c.slot(Slot.B).value(), "stored in lower case, as the kernel writes it");
    }

    @Test
    void theSupervisorsFieldsAreLeftAlone() throws ConfigException {
        SystemConfig c = parse("{\"compatible\":\"x\",\"slots\":{\"A\":{\"file\":\"/a\"},\"B\":{\"file\":\"/b\"}},"
                + "\"bootControl\":{\"backend\":\"file\",\"path\":\"/s\"},\"keyring\":\"/k\",\"dataDir\":\"/d\","
                + "\"healthChecks\":[{\"name\":\"web\"}]}");
        assertEquals(HttpSettings.defaults(), c.http());
    }

    @Test
    void mistakesAreNamed() {
        String base = "\"compatible\":\"x\",\"bootControl\":{\"backend\":\"file\",\"path\":\"/s\"},"
                + "\"keyring\":\"/k\",\"dataDir\":\"/d\"";
        assertMessage("{" + base + "}", "slots is missing");
        assertMessage("{" + base + ",\"slots\":{\"A\":{\"file\":\"/a\"}}}", "slots must name slot B");
        assertMessage("{" + base + ",\"slots\":{\"A\":{\"file\":\"/a\"},\"C\":{\"file\":\"/c\"}}}",
                "unknown slot \"C\"");
        assertMessage("{" + base + ",\"slots\":{\"A\":{\"file\":\"/a\",\"device\":\"/b\"},\"B\":{\"file\":\"/b\"}}}",
                "exactly one of");
        assertMessage("{" + base + ",\"slots\":{\"A\":{\"file\":\"/a\"},\"B\":{\"file\":\"/a\"}}}",
                "must not be the same storage");
        assertMessage("{" + base + ",\"slots\":{\"A\":{\"file\":\"/a\"},\"B\":{\"device\":\"vda3\"}}}",
                "must be an absolute path");
        for (String bad : new String[] {"rootfs-a", "5a1e0c2b", "5a1e0c2b-2", "5a1e0c2b-00", "5a1e0c2-002",
                "0a1e0c2b-0g", "c12a7328-f81f-11d2-ba4b-00a0c93ec93b"}) {
            assertMessage("{" + base + ",\"slots\":{\"A\":{\"partuuid\":\"" + bad + "\"},\"B\":{\"file\":\"/b\"}}}",
                    "partuuid must be an MBR partition's SSSSSSSS-NN");
        }
        assertMessage("{" + base + ",\"slots\":{\"A\":{\"file\":\"/a\"},\"B\":{\"file\":\"/b\"}},"
                + "\"http\":{\"retries\":-1}}", "http.retries must be a whole number from 0 to 1000");
        assertMessage("{" + base + ",\"slots\":{\"A\":{\"file\":\"/a\"},\"B\":{\"file\":\"/b\"}},"
                + "\"http\":{\"retry\":1}}", "http: unknown field \"retry\"");
        assertMessage("{" + base.replace("\"file\",", "\"uboot\",") + ",\"slots\":{}}",
                "bootControl.backend must be u-boot, grub or file, found \"uboot\"");
        assertMessage("[1]", "the document: expected a JSON object, found an array");
        assertMessage("{\"a\":", "not valid JSON: ");
    }

    private static void assertMessage(String json, String fragment) {
        ConfigException e = assertThrows(ConfigException.class, () -> parse(json), json);
        assertTrue(e.getMessage().contains(fragment), "expected \"" + fragment + "\" in: " + e.getMessage());
    }

    /** Seeded mutations of the documented example: a config or a ConfigException, never anything else. */
    @Test
    void mutatedConfigsGiveAConfigOrAConfigException() throws IOException {
        byte[] good = documented();
        Random r = new Random(2026);
        SystemConfigParser parser = new SystemConfigParser();
        int parsed = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] b = good.clone();
            int edits = 1 + r.nextInt(4);
            for (int e = 0; e < edits && b.length > 0; e++) {
                int at = r.nextInt(b.length);
                switch (r.nextInt(3)) {
                    case 0 -> b[at] = (byte) r.nextInt();
                    case 1 -> b[at] = (byte) "{}[]\",:0123456789-truefalsenull/ ".charAt(r.nextInt(33));
                    default -> b = java.util.Arrays.copyOf(b, at);
                }
            }
            try {
                parser.parse(b);
                parsed++;
            } catch (ConfigException expected) {
                assertTrue(expected.getMessage() != null && !expected.getMessage().isBlank());
            }
        }
        assertTrue(parsed > 0, "no mutation parsed: the property checks only the refusal path");
    }
}
