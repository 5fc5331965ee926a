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
