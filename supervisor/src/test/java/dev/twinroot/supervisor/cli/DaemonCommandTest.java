package dev.twinroot.supervisor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DaemonCommandTest {

    @Test
    void initsPlainStartsAreRecognised() {
        assertEquals(Optional.of(Path.of("/etc/twinroot/system.json")), DaemonCommand.plainStart(new String[] {"daemon"}));
        assertEquals(Optional.of(Path.of("/x.json")), DaemonCommand.plainStart(new String[] {"daemon", "--config", "/x.json"}));
        assertEquals(Optional.of(Path.of("/x.json")), DaemonCommand.plainStart(new String[] {"daemon", "-c", "/x.json"}));
        assertEquals(Optional.of(Path.of("/x.json")), DaemonCommand.plainStart(new String[] {"daemon", "--config=/x.json"}));
    }

    @Test
    void everythingElseGoesThroughTheCommandLine() {
        for (String[] args : new String[][] {{}, {"status"}, {"daemon", "--help"}, {"daemon", "-h"}, {"daemon", "--config"},
                {"daemon", "--config="}, {"daemon", "--config", "--help"}, {"daemon", "extra"}, {"daemon", "-c", "a", "b"}}) {
            assertEquals(Optional.empty(), DaemonCommand.plainStart(args), String.join(" ", args));
            if (args.length > 0 && !args[0].equals("daemon")) {
                continue;
            }
            assertEquals(Optional.empty(), DaemonCommand.startDirectly(args, new PrintWriter(new StringWriter())));
        }
    }

    @Test
    void aBadConfigurationIsOneLineAndExitOne(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("system.json");
        Files.writeString(config, "{ not json");
        StringWriter err = new StringWriter();
        Optional<Integer> exit = DaemonCommand.startDirectly(new String[] {"daemon", "--config", config.toString()},
                new PrintWriter(err));
        assertEquals(Optional.of(1), exit);
        String text = err.toString();
        assertTrue(text.startsWith("twinrootctl daemon: "), text);
        assertEquals(1, text.lines().count(), text);
    }

    @Test
    void theSameErrorThroughPicocli(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("system.json");
        Files.writeString(config, "{ not json");
        assertEquals(1, TwinrootCtl.execute("daemon", "--config", config.toString()));
    }
}
