package dev.twinroot.supervisor.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.twinroot.supervisor.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogsTest {

    @TempDir
    Path dir;

    @Test
    void eachRecordIsOneJsonLineWhateverTheMessage() throws IOException {
        LogRecord r = new LogRecord(Level.WARNING, "check 'app' failed: \"quoted\"\nsecond line\u0001");
        r.setLoggerName("dev.twinroot.supervisor.assessment.Assessment");
        r.setThrown(new IllegalStateException("boom"));
        String line = new JsonLineFormatter().format(r);
        assertTrue(line.endsWith("\n") && line.indexOf('\n') == line.length() - 1, line);
        JsonNode json = Json.reader(JsonNode.class).readValue(line);
        assertEquals("WARNING", json.get("level").asText());
        assertEquals("assessment", json.get("logger").asText());
        assertEquals("check 'app' failed: \"quoted\"\nsecond line\u0001", json.get("message").asText());
        assertTrue(json.get("thrown").asText().startsWith("java.lang.IllegalStateException: boom"));
        assertEquals(r.getInstant().toString(), json.get("time").asText());
    }

    @Test
    void theConsoleGetsAHumanLine() {
        LogRecord r = new LogRecord(Level.INFO, "slot B marked good");
        r.setLoggerName("dev.twinroot.supervisor.assessment.Assessment");
        assertEquals("INFO    assessment: slot B marked good\n", new ConsoleFormatter().format(r));
        LogRecord w = new LogRecord(Level.WARNING, "check 'app' failed");
        w.setLoggerName("dev.twinroot.supervisor.assessment.Assessment");
        assertEquals("WARNING assessment: check 'app' failed\n", new ConsoleFormatter().format(w), "a space after the longest level too");
    }

    @Test
    void filesRotateBySizeAndOnlyNAreKept() throws IOException {
        Path log = dir.resolve("supervisor.log");
        RotatingFileHandler h = new RotatingFileHandler(log, 1000, 3, new JsonLineFormatter());
        for (int i = 0; i < 100; i++) {
            h.publish(new LogRecord(Level.INFO, "message number " + i));
        }
        h.close();
        assertTrue(Files.size(log) <= 1000);
        assertTrue(Files.size(h.rotated(1)) <= 1000 && Files.size(h.rotated(1)) > 900);
        assertTrue(Files.exists(h.rotated(2)));
        assertTrue(Files.notExists(h.rotated(3)), "only 3 files are kept");
        List<String> tail = Logs.tail(h, 5);
        assertEquals(5, tail.size());
        assertTrue(tail.get(4).contains("message number 99"), tail.get(4));
        assertTrue(tail.get(0).contains("message number 95"), tail.get(0));
        int inCurrent = Files.readAllLines(log).size();
        List<String> across = Logs.tail(h, inCurrent + 2);
        assertTrue(across.get(0).contains("message number " + (99 - inCurrent - 1)), "tail reads into the rotated file");
    }

    @Test
    void aTrialLogGetsTheSameLinesWhileOpenAndKeepsItsFirstLinesWhenFull() throws IOException {
        Logs logs = Logs.start(dir.resolve("log"), 64 * 1024, 2);
        try {
            Logger log = Logger.getLogger("dev.twinroot.supervisor.assessment.Assessment");
            log.info("before the trial");
            Path trial = dir.resolve("trial-logs/boot-1-abc.log");
            logs.open(trial);
            log.info("during the trial");
            logs.close();
            log.info("after the trial");
            List<String> lines = Files.readAllLines(trial);
            assertEquals(1, lines.size(), lines.toString());
            assertTrue(lines.get(0).contains("during the trial"));
            assertEquals(3, logs.tail(10).size());
        } finally {
            logs.shutdown();
        }
        Path capped = dir.resolve("capped.log");
        RotatingFileHandler h = new RotatingFileHandler(capped, 500, 1, new JsonLineFormatter());
        for (int i = 0; i < 50; i++) {
            h.publish(new LogRecord(Level.INFO, "line " + i));
        }
        h.close();
        List<String> kept = Files.readAllLines(capped);
        assertTrue(kept.get(0).contains("line 0") && kept.size() < 50, kept.toString());
    }
}
