package dev.twinroot.supervisor.agent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ChannelClientTest {

    final ChannelServer server = newServer();
    final ChannelClient client = new ChannelClient(Duration.ofSeconds(2), Duration.ofMillis(700));

    static ChannelServer newServer() {
        try {
            return new ChannelServer();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void fetchesAFile() throws Exception {
        byte[] body = "{\"formatVersion\":1}".getBytes();
        server.on("/stable/index.json", new ChannelServer.Serve(body));
        assertArrayEquals(body, client.fetch(server.uri("/stable/index.json"), 1024));
    }

    @Test
    void errorStatusesAreFailures() {
        server.on("/gone", new ChannelServer.Status(404));
        server.on("/broken", new ChannelServer.Status(500));
        assertEquals("GET " + server.uri("/gone") + ": HTTP 404",
                assertThrows(ChannelException.class, () -> client.fetch(server.uri("/gone"), 1024)).getMessage());
        assertTrue(assertThrows(ChannelException.class, () -> client.fetch(server.uri("/broken"), 1024))
                .getMessage().endsWith("HTTP 500"));
    }

    @Test
    void aServerThatStallsIsCutOffBeforeOrAfterItsHeaders() {
        server.on("/before", new ChannelServer.StallBeforeHeaders());
        server.on("/during", new ChannelServer.StallInBody(new byte[1000]));
        for (String path : new String[] {"/before", "/during"}) {
            long start = System.nanoTime();
            ChannelException e = assertThrows(ChannelException.class, () -> client.fetch(server.uri(path), 4096));
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertTrue(e.getMessage().contains("answer within 0.7 s"), e.getMessage());
            assertTrue(ms < 5000, path + " took " + ms + " ms");
        }
    }

    @Test
    void aDroppedConnectionIsAFailure() {
        server.on("/drop", new ChannelServer.Drop());
        ChannelException e = assertThrows(ChannelException.class, () -> client.fetch(server.uri("/drop"), 1024));
        assertTrue(e.getMessage().startsWith("GET " + server.uri("/drop")), e.getMessage());
    }

    @Test
    void aBodyPastTheCapIsRefusedAsItArrives() {
        server.on("/big", new ChannelServer.Serve(new byte[100_000]));
        ChannelException e = assertThrows(ChannelException.class, () -> client.fetch(server.uri("/big"), 4096));
        assertTrue(e.getMessage().contains("more than 4096 bytes"), e.getMessage());
    }

    @Test
    void nobodyListeningIsAFailure() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        ChannelException e = assertThrows(ChannelException.class,
                () -> client.fetch(URI.create("http://127.0.0.1:" + port + "/index.json"), 1024));
        assertTrue(e.getMessage().contains("refused") || e.getMessage().contains("Connect"), e.getMessage());
    }
}
