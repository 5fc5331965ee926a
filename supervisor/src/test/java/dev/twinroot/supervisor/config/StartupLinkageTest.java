package dev.twinroot.supervisor.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinroot.updater.signing.ClockPolicy;
import dev.twinroot.updater.signing.CmsVerifier;
import dev.twinroot.updater.signing.DevelopmentCa;
import dev.twinroot.updater.signing.KeyAlgorithm;
import dev.twinroot.updater.signing.Keyring;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the daemon's start (and every {@code twinrootctl}) does before its commit with the configuration and the
 * keyring must not link machinery that costs seconds under emulation and is not needed yet (docs/benchmarks.md,
 * session 11): a record's generated {@code equals}/{@code hashCode}/{@code toString} (the first one links
 * {@code java.lang.runtime.ObjectMethods} and spins method handles: about a second), or Bouncy Castle's OID tables
 * (needed when a signature is verified, not when the verifier is built). Checked in a fresh JVM's class-load log.
 */
class StartupLinkageTest {

    @TempDir
    Path dir;

    @Test
    void loadingTheConfigAndBuildingTheVerifierLinkNoRecordMethodsAndNoBouncyCastleOids() throws Exception {
        Path keyring = Files.createDirectories(dir.resolve("keyring"));
        DevelopmentCa.generate(KeyAlgorithm.ECDSA_P256, Instant.now(), "fleet").writeTo(dir.resolve("ca"));
        Files.copy(dir.resolve("ca").resolve(DevelopmentCa.CA_FILE), keyring.resolve("ca.pem"));
        Path config = dir.resolve("system.json");
        Files.writeString(config, """
                {"formatVersion": 1, "compatible": "twinroot-qemu-arm64",
                 "slots": {"A": {"partlabel": "rootfs-a"}, "B": {"partlabel": "rootfs-b"}},
                 "bootControl": {"backend": "u-boot", "path": "/mnt/boot"},
                 "keyring": "%s", "dataDir": "/data", "osRelease": "/etc/twinroot/os-release",
                 "updates": {"channel": "http://10.0.2.100/channel/index.json", "pollIntervalSeconds": 3600,
                             "policy": {"reboot": "immediate"}},
                 "watchdog": {"device": "/dev/watchdog", "timeoutSeconds": 60}}
                """.formatted(keyring));

        List<String> loaded = classesLoadedBy(config);

        assertTrue(loaded.contains(Start.class.getName()), "the child ran: " + loaded.size() + " classes");
        assertTrue(loaded.contains(CmsVerifier.class.getName()), "the verifier was built");
        assertFalse(loaded.contains("java.lang.runtime.ObjectMethods"), "a record's generated method was called");
        assertFalse(loaded.stream().anyMatch(c -> c.startsWith("org.bouncycastle.asn1.")),
                "Bouncy Castle's ASN.1 classes were initialised");
    }

    /** The child: the configuration as the daemon loads it, then the channel's verifier as its wiring builds it. */
    public static final class Start {
        public static void main(String[] args) throws Exception {
            DeviceConfig config = ConfigLoader.loadDevice(Path.of(args[0]));
            new CmsVerifier(Keyring.load(config.updater().keyring()), ClockPolicy.system());
            System.out.println("started " + config.supervisor().updates().channel().orElseThrow());
        }
    }

    private List<String> classesLoadedBy(Path config) throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path log = dir.resolve("class-load.log");
        Process p = new ProcessBuilder(java.toString(), "-Xlog:class+load=info:file=" + log,
                "-cp", System.getProperty("java.class.path"), Start.class.getName(), config.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("out.txt").toFile()).start();
        assertTrue(p.waitFor(Duration.ofMinutes(2).toSeconds(), TimeUnit.SECONDS), "the child JVM hung");
        String out = Files.readString(dir.resolve("out.txt"), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("started http://10.0.2.100/channel/index.json"), out);
        return Files.readAllLines(log).stream().map(l -> l.replaceFirst("^\\[[^]]*\\]\\[info\\]\\[class,load\\] ", ""))
                .map(l -> l.split(" ", 2)[0]).toList();
    }
}
