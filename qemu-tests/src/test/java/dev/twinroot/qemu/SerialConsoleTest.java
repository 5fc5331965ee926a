package dev.twinroot.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The console against a pipe standing in for QEMU: no emulator, exact control over what arrives when. */
class SerialConsoleTest {

    private static final Duration SHORT = Duration.ofSeconds(5);

    private PipedOutputStream guest;
    private ByteArrayOutputStream keyboard;
    private List<ConsoleLine> logged;
    private SerialConsole console;

    @BeforeEach
    void start() throws IOException {
        guest = new PipedOutputStream();
        PipedInputStream qemuStdout = new PipedInputStream(guest, 1 << 16);
        keyboard = new ByteArrayOutputStream();
        logged = Collections.synchronizedList(new ArrayList<>());
        console = SerialConsole.start("test", qemuStdout, keyboard, () -> 42, new BootCounter(Firmware.UBOOT),
                logged::add, () -> "QEMU exited with status 0");
    }

    @AfterEach
    void stop() throws IOException {
        guest.close();
    }

    private void print(String s) throws IOException {
        guest.write(s.getBytes(StandardCharsets.UTF_8));
        guest.flush();
    }

    @Test
    void waitForReadsForwardAndConsumes() throws Exception {
        print("first\r\nsecond\r\nfirst again\r\n");
        assertEquals("first", console.waitFor("first", SHORT).text());
        assertEquals("first again", console.waitFor("first", SHORT).text());
        assertThrows(ConsoleTimeoutException.class, () -> console.waitFor("first", Duration.ofMillis(100)));
    }

    @Test
    void aPromptWithoutNewlineMatchesAndAgainOnlyOnceTheTypedEchoJoinsIt() throws Exception {
        print("Hit any key\r\n=> ");
        assertEquals("=> ", console.waitFor(UBoot.PROMPT, SHORT).text());
        assertThrows(ConsoleTimeoutException.class, () -> console.waitFor(UBoot.PROMPT, Duration.ofMillis(100)));
        print("reset");
        assertEquals("=> reset", console.waitFor(Pattern.compile("^=> reset$"), SHORT).text());
        print("\r\nresetting\r\n=> ");
        assertEquals(List.of("resetting", "=> "), texts(console.readUntil(UBoot.PROMPT, SHORT)));
        print("echo x\r\nx\r\n=> ");
        assertEquals(List.of("=> echo x", "x", "=> "), texts(console.readUntil(UBoot.PROMPT, SHORT)));
    }

    @Test
    void guestShellCollectsOutputWhenTheBeginMarkerArrivesAlone() throws Exception {
        print("=> ");
        console.waitFor(UBoot.PROMPT, SHORT);
        GuestShell shell = new GuestShell(console);
        Thread guestSide = new Thread(() -> {
            try {
                // What U-Boot does: echo the typed line, then print the markers and output in pieces.
                Thread.sleep(100);
                print("echo tr-1-begin; echo one; echo two; echo tr-1-end $? .\r\n");
                Thread.sleep(50);
                print("tr-1-begin");
                Thread.sleep(50);
                print("\r\none\r\n");
                Thread.sleep(50);
                print("two\r\ntr-1-end 0");
                Thread.sleep(50);
                print(" .\r\n=> ");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        guestSide.start();
        GuestResult r = shell.run("echo one; echo two", SHORT);
        guestSide.join();
        assertEquals(List.of("one", "two"), r.output());
        assertEquals(0, r.status());
        assertEquals("echo tr-1-begin; echo one; echo two; echo tr-1-end $? .\r",
                keyboard.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aTimeoutQuotesTheLastThirtyLines() throws Exception {
        for (int i = 0; i < 40; i++) {
            print("line " + i + "\r\n");
        }
        console.waitFor("line 39", SHORT);
        ConsoleTimeoutException e = assertThrows(ConsoleTimeoutException.class,
                () -> console.waitFor(Pattern.compile("never"), Duration.ofMillis(50)));
        assertTrue(e.getMessage().contains("line 39"), e.getMessage());
        assertTrue(e.getMessage().contains("line 10"), e.getMessage());
        assertTrue(!e.getMessage().contains("line 9\n"), e.getMessage());
    }

    @Test
    void theEndOfOutputFailsAWaitAtOnceWithTheReason() throws Exception {
        print("last words");
        guest.close();
        long start = System.nanoTime();
        MachineStoppedException e = assertThrows(MachineStoppedException.class,
                () -> console.waitFor("never", Duration.ofSeconds(30)));
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(5).toNanos());
        assertTrue(e.getMessage().contains("QEMU exited with status 0"), e.getMessage());
        assertTrue(e.getMessage().contains("last words"), e.getMessage());
        assertEquals("last words", logged.get(logged.size() - 1).text());
    }

    @Test
    void bootsAreBannersFollowedByDram() throws Exception {
        print("\r\nU-Boot 2023.01 (x)\r\n\r\nDRAM:  1 GiB\r\n=> version\r\nU-Boot 2023.01 (x)\r\n\r\ngcc\r\n");
        print("\r\nU-Boot 2023.01 (x)\r\nDRAM:  1 GiB\r\nend\r\n");
        console.waitFor("end", SHORT);
        assertEquals(2, console.boots());
    }

    private static List<String> texts(List<ConsoleLine> lines) {
        return lines.stream().map(ConsoleLine::text).toList();
    }
}
