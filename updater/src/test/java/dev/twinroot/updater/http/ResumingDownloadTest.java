package dev.twinroot.updater.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinroot.updater.config.HttpSettings;
import dev.twinroot.updater.testing.TestBundles;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResumingDownloadTest {

    static final byte[] FILE = TestBundles.image(3, 300_000);
    // The read timeout must outlast a loopback answer on a loaded build machine (load 14 on 2 cores turned a 404
    // into a timeout and a retry at 400 ms); the stall test then waits this long once.
    static final HttpSettings FAST = new HttpSettings(Duration.ofSeconds(5), Duration.ofSeconds(2), 3,
            Duration.ofMillis(10), Duration.ofMillis(40));

    final List<Duration> sleeps = new ArrayList<>();
    final Sleeper sleeper = sleeps::add;

    private byte[] download(FlakyServer server) throws IOException {
        try (InputStream in = new ResumingDownload(ResumingDownload.client(FAST), server.uri(), FAST, sleeper)) {
            return in.readAllBytes();
        }
    }

    @Test
    void aWellBehavedServerNeedsOneConnection() throws IOException {
        try (FlakyServer s = new FlakyServer(FILE, List.of())) {
            assertArrayEquals(FILE, download(s));
            assertEquals(1, s.requests().size());
            assertNull(s.requests().get(0).range());
        }
    }

    @Test
    void dropsResumeExactlyWhereTheStreamWas() throws IOException {
        try (FlakyServer s = new FlakyServer(FILE, List.of(FlakyServer.Behaviour.dropAfter(70_001),
                FlakyServer.Behaviour.dropAfter(1), FlakyServer.Behaviour.dropAfter(100_000)))) {
            assertArrayEquals(FILE, download(s));
            List<FlakyServer.Request> r = s.requests();
            assertEquals(4, r.size());
            assertEquals("bytes=70001-", r.get(1).range());
            assertEquals("bytes=70002-", r.get(2).range());
            assertEquals("bytes=170002-", r.get(3).range());
            assertEquals("\"v1\"", r.get(3).ifRange());
        }
    }

    @Test
    void aStalledBodyTimesOutAndResumes() throws IOException {
        try (FlakyServer s = new FlakyServer(FILE, List.of(FlakyServer.Behaviour.stallAfter(50_000)))) {
            assertArrayEquals(FILE, download(s));
            assertEquals("bytes=50000-", s.requests().get(1).range());
        }
    }

    @Test
    void aServerIgnoringRangeIsReadAgainAndTheKnownPrefixSkipped() throws IOException {
        try (FlakyServer s = new FlakyServer(FILE, List.of(FlakyServer.Behaviour.dropAfter(123_456),
                FlakyServer.Behaviour.ignoringRange()))) {
            assertArrayEquals(FILE, download(s));
            assertEquals(2, s.requests().size());
        }
    }

    @Test
    void aFileChangedBetweenRequestsIsNotSpliced() throws IOException {
        try (FlakyServer s = new FlakyServer(FILE, List.of(FlakyServer.Behaviour.dropAfter(10_000)))) {
            try (InputStream in = new ResumingDownload(ResumingDownload.client(FAST), s.uri(), FAST, sleeper)) {
                byte[] first = in.readNBytes(10_000);
                assertArrayEquals(java.util.Arrays.copyOf(FILE, 10_000), first);
                s.change(TestBundles.image(4, 300_000));
                ChangedResourceException e = assertThrows(ChangedResourceException.class, in::readAllBytes);
                assertTrue(e.getMessage().contains("changed on the server after 10000 bytes"), e.getMessage());
            }
        }
    }

    @Test
    void retriesBackOffAndGiveUpWithoutProgress() throws IOException {
        try (FlakyServer s = new FlakyServer(FILE, List.of(FlakyServer.Behaviour.status(503),
                FlakyServer.Behaviour.status(503), FlakyServer.Behaviour.status(503),
                FlakyServer.Behaviour.status(503), FlakyServer.Behaviour.status(503)))) {
            DownloadException e = assertThrows(DownloadException.class, () -> download(s));
            assertTrue(e.getMessage().contains("after 3 retries without progress"), e.getMessage());
            assertEquals(List.of(Duration.ofMillis(10), Duration.ofMillis(20), Duration.ofMillis(40)), sleeps);
            assertEquals(4, s.requests().size());
        }
    }

    @Test
    void progressResetsTheRetryCount() throws IOException {
        List<FlakyServer.Behaviour> script = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            script.add(FlakyServer.Behaviour.dropAfter(20_000));
        }
        try (FlakyServer s = new FlakyServer(FILE, script)) {
            assertArrayEquals(FILE, download(s));
            assertEquals(9, s.requests().size());
        }
    }

    @Test
    void aClientErrorIsNotRetried() throws IOException {
        try (FlakyServer s = new FlakyServer(FILE, List.of(FlakyServer.Behaviour.status(404)))) {
            DownloadException e = assertThrows(DownloadException.class, () -> download(s),
                    () -> "requests " + s.requests());
            assertTrue(e.getMessage().contains("HTTP 404 at byte 0"), e.getMessage());
            assertEquals(1, s.requests().size());
        }
    }
}
