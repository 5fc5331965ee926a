package dev.twinroot.supervisor.daemon;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Measures the daemon's idle footprint (not a test): starts it on a {@link TestDevice}, lets it settle, prints
 * the resident set size and thread count. Run with the device's JVM options, e.g.
 * {@code java -XX:+UseSerialGC -Xmx24m -Xss256k -cp CLASSPATH dev.twinroot.supervisor.daemon.FootprintProbe}.
 */
public final class FootprintProbe {

    private FootprintProbe() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("twinroot-footprint");
        TestDevice device = new TestDevice(dir, "true");
        try (Daemon daemon = device.start()) {
            daemon.awaitAssessment(Duration.ofMinutes(1));
            daemon.service().status();
            Thread.sleep(args.length > 0 ? Long.parseLong(args[0]) : 5000);
            System.gc();
            Thread.sleep(1000);
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS") || line.startsWith("Threads")) {
                    System.out.println(line);
                }
            }
            System.out.println("assessment: " + daemon.assessed().map(s -> s.name()).orElse("none"));
        }
    }
}
