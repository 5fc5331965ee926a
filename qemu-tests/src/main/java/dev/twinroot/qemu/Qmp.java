package dev.twinroot.qemu;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A QEMU Machine Protocol client over QEMU's unix socket, for the clean operations: {@code system_reset} (the
 * reset button) and {@code quit}. Never for a power cut: {@code quit} lets QEMU flush its block layer, while a
 * power cut must leave the disk exactly as far as QEMU had written it, which only SIGKILL does.
 */
final class Qmp implements AutoCloseable {

    /** QMP replies are small; a longer line is not QEMU speaking. */
    private static final int MAX_LINE = 1 << 20;

    private final SocketChannel channel;
    private final BufferedReader in;
    private final OutputStream out;
    private final ObjectMapper json = new ObjectMapper();

    private Qmp(SocketChannel channel) {
        this.channel = channel;
        this.in = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel), StandardCharsets.UTF_8));
        this.out = Channels.newOutputStream(channel);
    }

    /** Connects (QEMU creates the socket while it starts, so this retries until {@code timeout}) and negotiates. */
    static Qmp connect(Path socket, Duration timeout) throws QemuException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(socket));
                Qmp qmp = new Qmp(ch);
                try {
                    qmp.readMessage(); // the greeting
                    qmp.execute("qmp_capabilities");
                    return qmp;
                } catch (IOException e) {
                    qmp.close();
                    throw e;
                }
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw new QemuException("QMP socket " + socket + ": " + e.getMessage(), e);
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new QemuException("interrupted while connecting to QMP", ie);
                }
            }
        }
    }

    /** Runs a command without arguments and returns its {@code return} value; asynchronous events are skipped. */
    JsonNode execute(String command) throws QemuException {
        ObjectNode request = json.createObjectNode().put("execute", command);
        try {
            out.write((json.writeValueAsString(request) + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            while (true) {
                JsonNode reply = readMessage();
                if (reply.has("return")) {
                    return reply.get("return");
                }
                if (reply.has("error")) {
                    throw new QemuException("QMP " + command + " failed: " + reply.get("error").path("desc").asText());
                }
            }
        } catch (QemuException e) {
            throw e;
        } catch (IOException e) {
            throw new QemuException("QMP " + command + ": " + e.getMessage(), e);
        }
    }

    private JsonNode readMessage() throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) {
                throw new QemuException("QMP connection closed by QEMU");
            }
            if (line.length() >= MAX_LINE) {
                throw new QemuException("QMP message longer than " + MAX_LINE + " characters");
            }
            line.append((char) c);
        }
        JsonNode node = json.readTree(line.toString());
        if (node == null || !node.isObject()) {
            throw new QemuException("QMP message is not a JSON object");
        }
        return node;
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // Closing a socket to a QEMU that is gone: nothing left to release.
        }
    }
}
