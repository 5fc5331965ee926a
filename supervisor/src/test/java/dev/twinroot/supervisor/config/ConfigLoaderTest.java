package dev.twinroot.supervisor.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ConfigLoaderTest {

    static final String MINIMAL = "{\"formatVersion\":1,\"compatible\":\"qemu-arm64\","
            + "\"slots\":{\"A\":{\"device\":\"/dev/vda2\"},\"B\":{\"device\":\"/dev/vda3\"}},"
            + "\"bootControl\":{\"backend\":\"u-boot\",\"path\":\"/mnt/boot\"},\"keyring\":\"/etc/twinroot/keyring\",\"dataDir\":\"/data\"%s}";

    static List<String> docExamples() throws IOException {
        String md = Files.readString(Path.of("../docs/config.md"), StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("```json\n(.*?)```", Pattern.DOTALL).matcher(md);
        List<String> blocks = new ArrayList<>();
        while (m.find()) {
            blocks.add(m.group(1));
        }
        return blocks;
    }

    static SystemConfig parse(String json) throws ConfigException {
        return ConfigLoader.parse(json.getBytes(StandardCharsets.UTF_8), "system.json");
    }

    static String rejected(String extra) {
        return assertThrows(ConfigException.class, () -> parse(String.format(MINIMAL, extra))).getMessage();
    }

    @Test
    void theDocumentedExamplesAreValid() throws IOException {
        List<String> examples = docExamples();
        assertEquals(3, examples.size(), "docs/config.md has a full, a minimal and a channel example");
        SystemConfig full = parse(examples.get(0));
        assertEquals("twinroot-qemu-arm64", full.compatible());
        assertEquals(Optional.of(URI.create("http://10.0.2.100/channels/stable/index.json")), full.updates().channelUri());
        assertEquals("window", full.updates().policy().reboot());
        assertEquals(2, full.health().commands().size());
        assertEquals(Duration.ofSeconds(30), full.health().commands().get(1).timeout());
        assertEquals(Duration.ofSeconds(30), full.watchdog().orElseThrow().timeout());
        assertEquals(List.of("10.0.2.100:5000"), full.apps().registries().insecure());
        assertEquals(Optional.of("/etc/twinroot/registry-credentials.json"), full.apps().registries().credentialsFile());
        SystemConfig minimal = parse(examples.get(1));
        assertEquals(List.of(), minimal.apps().registries().insecure());
        assertEquals(Optional.empty(), minimal.apps().registries().credentialsFile());
        SystemConfig channel = parse(examples.get(2));
        assertEquals(Optional.of(URI.create("http://10.0.2.100/channels/stable/index.json")),
                channel.updates().channelUri());
        assertEquals("immediate", channel.updates().policy().reboot());
        assertEquals(Duration.ofSeconds(60), channel.updates().pollInterval());
    }

    @Test
    void defaultsFillWhatTheFileLeavesOut() throws ConfigException {
        SystemConfig c = parse(String.format(MINIMAL, ""));
        assertEquals(Path.of("/data"), c.dataPath());
        assertEquals(7411, c.api().port());
        assertEquals("/run/twinroot/api.sock", c.api().socket());
        assertEquals("/data/twinroot/api-token", c.api().tokenFile());
        assertEquals(Duration.ofMinutes(5), c.health().deadline());
        assertEquals(List.of(), c.health().commands());
        assertEquals(Optional.empty(), c.updates().channel());
        assertEquals(Duration.ofHours(1), c.updates().pollInterval());
        assertEquals("immediate", c.updates().policy().reboot());
        assertEquals(Optional.empty(), c.watchdog());
        assertEquals("/etc/os-release", c.osRelease());
        assertEquals(1024L * 1024, c.logs().maxFileBytes());
        assertTrue(c.data().grow());
        assertEquals(List.of("reboot"), c.reboot().command());
        assertEquals(Duration.ofSeconds(90), c.reboot().fallback());
    }

    @Test
    void theRebootCommandIsAProgramOnPathAndTheFallbackIsBounded() throws ConfigException {
        SystemConfig systemd = parse(String.format(MINIMAL,
                ",\"reboot\":{\"command\":[\"systemctl\",\"reboot\"],\"fallbackSeconds\":120}"));
        assertEquals(List.of("systemctl", "reboot"), systemd.reboot().command());
        assertEquals(Duration.ofSeconds(120), systemd.reboot().fallback());
        assertEquals("system.json: reboot.command: expected a program and its arguments, e.g. [\"reboot\"], found []",
                rejected(",\"reboot\":{\"command\":[]}"));
        assertEquals("system.json: reboot.command[0]: expected a program name found on PATH (no '/'), e.g. \"reboot\""
                + " or \"systemctl\", found \"/sbin/reboot\"", rejected(",\"reboot\":{\"command\":[\"/sbin/reboot\"]}"));
        assertEquals("system.json: reboot.command[1]: expected a string, found null",
                rejected(",\"reboot\":{\"command\":[\"reboot\",null]}"));
        assertEquals("system.json: reboot.fallbackSeconds: expected 10..240, found 300",
                rejected(",\"reboot\":{\"fallbackSeconds\":300}"));
        assertEquals("system.json: reboot.fallbackSeconds: expected 10..240, found 5",
                rejected(",\"reboot\":{\"fallbackSeconds\":5}"));
    }

    @Test
    void dataGrowIsABoolean() throws ConfigException {
        assertEquals(false, parse(String.format(MINIMAL, ",\"data\":{\"grow\":false}")).data().grow());
        assertEquals("system.json: unknown field 'data.grows'", rejected(",\"data\":{\"grows\":false}"));
        assertTrue(rejected(",\"data\":{\"grow\":\"no\"}").startsWith("system.json: data.grow: "),
                rejected(",\"data\":{\"grow\":\"no\"}"));
    }

    @Test
    void eachWrongFieldIsNamed() {
        assertEquals("system.json: unknown field 'api.prot'", rejected(",\"api\":{\"prot\":1}"));
        assertEquals("system.json: api.port: expected 0..65535, found 70000", rejected(",\"api\":{\"port\":70000}"));
        assertEquals("system.json: health.deadlineSeconds: expected 10..86400, found 5",
                rejected(",\"health\":{\"deadlineSeconds\":5}"));
        assertEquals("system.json: health.commands[0].command[0]: expected an absolute path, found \"curl\"",
                rejected(",\"health\":{\"commands\":[{\"name\":\"a\",\"command\":[\"curl\"]}]}"));
        assertEquals("system.json: health.commands[1].name: expected a name no other check has, found \"a\"",
                rejected(",\"health\":{\"commands\":[{\"name\":\"a\",\"command\":[\"/bin/true\"]},"
                        + "{\"name\":\"a\",\"command\":[\"/bin/true\"]}]}"));
        assertEquals("system.json: health.commands[0].timeoutSeconds: expected 1..300, found 301",
                rejected(",\"health\":{\"commands\":[{\"name\":\"a\",\"command\":[\"/bin/true\"],\"timeoutSeconds\":301}]}"));
        assertEquals("system.json: updates.channel: expected an http:// or https:// URL with a host, found \"ftp://x/i.json\"",
                rejected(",\"updates\":{\"channel\":\"ftp://x/i.json\"}"));
        assertEquals("system.json: updates.policy.window: expected a daily window such as \"02:00-04:00\" when reboot"
                + " is \"window\", found nothing", rejected(",\"updates\":{\"policy\":{\"reboot\":\"window\"}}"));
        assertEquals("system.json: updates.policy.window: expected HH:MM-HH:MM with different start and end, found \"2-4\"",
                rejected(",\"updates\":{\"policy\":{\"reboot\":\"window\",\"window\":\"2-4\"}}"));
        assertEquals("system.json: updates.policy.zone: expected a time zone such as \"UTC\" or \"Europe/Berlin\", found"
                + " \"Mars/Olympus\"", rejected(",\"updates\":{\"policy\":{\"zone\":\"Mars/Olympus\"}}"));
        assertEquals("system.json: apps.registries.insecure[1]: expected host or host:port as an image reference names"
                + " it, found \"http://r:5000\"", rejected(",\"apps\":{\"registries\":{\"insecure\":[\"r:5000\",\"http://r:5000\"]}}"));
        assertEquals("system.json: apps.registries.credentialsFile: expected an absolute path, found \"creds.json\"",
                rejected(",\"apps\":{\"registries\":{\"credentialsFile\":\"creds.json\"}}"));
        assertEquals("system.json: unknown field 'apps.registries.mirrors'",
                rejected(",\"apps\":{\"registries\":{\"mirrors\":[]}}"));
        assertEquals("system.json: dataDir: expected an absolute path, found \"data\"", assertThrows(ConfigException.class,
                () -> parse(String.format(MINIMAL.replace("\"dataDir\":\"/data\"", "\"dataDir\":\"data\""), ""))).getMessage());
        assertTrue(rejected(",\"api\":{\"port\":\"seven\"}").startsWith("system.json: api.port: "));
    }

    @Test
    void theUpdatersPartIsRequiredAndChecked() {
        assertEquals("system.json: compatible: expected letters, digits, '.', '_', '+', ':' or '-' (at most 128), found nothing",
                assertThrows(ConfigException.class, () -> parse("{\"formatVersion\":1}")).getMessage());
        assertEquals("system.json: formatVersion: expected 1, found 2",
                assertThrows(ConfigException.class, () -> parse("{\"formatVersion\":2}")).getMessage());
        String oneSlot = MINIMAL.replace(",\"B\":{\"device\":\"/dev/vda3\"}", "");
        String noB = assertThrows(ConfigException.class, () -> parse(String.format(oneSlot, ""))).getMessage();
        assertTrue(noB.startsWith("system.json: ") && noB.contains("slot B"), noB);
        String lilo = MINIMAL.replace("u-boot", "lilo");
        String badBackend = assertThrows(ConfigException.class, () -> parse(String.format(lilo, ""))).getMessage();
        assertTrue(badBackend.startsWith("system.json: ") && badBackend.contains("bootControl.backend"), badBackend);
    }

    @Test
    void notJsonSaysWhere() {
        String msg = assertThrows(ConfigException.class, () -> parse("{\"formatVersion\":1,\n  oops}")).getMessage();
        assertTrue(msg.startsWith("system.json: not valid JSON: ") && msg.contains("(line 2, column"), msg);
    }
}
