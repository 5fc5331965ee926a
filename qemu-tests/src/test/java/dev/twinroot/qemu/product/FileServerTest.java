package dev.twinroot.qemu.product;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileServerTest {

    @TempDir
    Path dir;

    private static HttpURLConnection get(FileServer server, String name, long from) throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + server.port() + "/" + name)
                .toURL().openConnection();
        if (from > 0) {
            c.setRequestProperty("Range", "bytes=" + from + "-");
        }
        return c;
    }

    @Test
    void servesWholeFilesAndRangesAndCountsTheBytes() throws IOException {
        byte[] content = new byte[300_000];
        new Random(7).nextBytes(content);
        Path file = Files.write(dir.resolve("b"), content);
        try (FileServer server = new FileServer()) {
            assertEquals("http://10.0.2.100/os.bundle", server.serve("os.bundle", file));
            HttpURLConnection whole = get(server, "os.bundle", 0);
            assertEquals(200, whole.getResponseCode());
            try (InputStream in = whole.getInputStream()) {
                assertArrayEquals(content, in.readAllBytes());
            }
            HttpURLConnection tail = get(server, "os.bundle", 100_000);
            assertEquals(206, tail.getResponseCode());
            assertEquals("bytes 100000-299999/300000", tail.getHeaderField("Content-Range"));
            try (InputStream in = tail.getInputStream()) {
                assertArrayEquals(Arrays.copyOfRange(content, 100_000, content.length), in.readAllBytes());
            }
            assertEquals(500_000, server.bytesSent("os.bundle"));
            assertEquals(2, server.requests("os.bundle"));
            assertEquals(404, get(server, "other", 0).getResponseCode());
            assertEquals(416, get(server, "os.bundle", 300_000).getResponseCode());
        }
    }

    @Test
    void servesTheFilesBelowADirectoryAndNothingOutsideIt() throws IOException {
        Path channel = Files.createDirectories(dir.resolve("www/deltas"));
        Files.writeString(channel.resolveSibling("index.json"), "{}");
        Files.write(channel.resolve("d.twb"), new byte[1234]);
        Files.writeString(dir.resolve("secret"), "outside");
        Files.createSymbolicLink(channel.resolve("link"), dir.resolve("secret"));
        Files.writeString(channel.resolveSibling(".key"), "hidden");
        try (FileServer server = new FileServer()) {
            assertEquals("http://10.0.2.100/channel/", server.serveDirectory("channel", dir.resolve("www")));
            HttpURLConnection index = get(server, "channel/index.json", 0);
            assertEquals(200, index.getResponseCode());
            try (InputStream in = index.getInputStream()) {
                assertEquals("{}", new String(in.readAllBytes()));
            }
            HttpURLConnection delta = get(server, "channel/deltas/d.twb", 1000);
            assertEquals(206, delta.getResponseCode());
            try (InputStream in = delta.getInputStream()) {
                assertEquals(234, in.readAllBytes().length);
            }
            assertEquals(234, server.bytesSent("channel/deltas/d.twb"));
            for (String refused : new String[] {"channel/deltas/link", "channel/../secret", "channel/%2e%2e/secret",
                    "channel/.key", "channel/deltas", "channel/", "channel", "channel//index.json", "other/index.json"}) {
                assertEquals(404, get(server, refused, 0).getResponseCode(), refused);
            }
            // Refused requests are counted too: a scenario sees how often a device asked for what is not there.
            assertEquals(1, server.requests("channel/.key"));
            assertEquals(1, server.requests("channel/index.json"));
        }
    }

    @Test
    void dropsOneResponseAfterTheGivenBytesThenServesTheRest() throws IOException {
        byte[] content = new byte[1 << 20];
        new Random(8).nextBytes(content);
        Path file = Files.write(dir.resolve("b"), content);
        try (FileServer server = new FileServer()) {
            server.serve("d", file);
            server.dropOnceAfter("d", 200_000);
            HttpURLConnection first = get(server, "d", 0);
            assertEquals(200, first.getResponseCode());
            // The connection ends early: a short body (EOF) or a reset, depending on timing; never the whole file.
            long got = 0;
            try (InputStream in = first.getInputStream()) {
                byte[] buffer = new byte[8192];
                for (int r; (r = in.read(buffer)) > 0; ) {
                    got += r;
                }
            } catch (IOException e) {
                assertTrue(got <= 200_000, "read " + got + " bytes before the reset");
            }
            assertTrue(got <= 200_000, "read " + got + " bytes of a response dropped after 200000");
            long sent = server.bytesSent("d");
            assertEquals(200_000, sent);
            HttpURLConnection rest = get(server, "d", sent);
            assertEquals(206, rest.getResponseCode());
            try (InputStream in = rest.getInputStream()) {
                assertArrayEquals(Arrays.copyOfRange(content, (int) sent, content.length), in.readAllBytes());
            }
            assertEquals(content.length, server.bytesSent("d"));
        }
    }
}
