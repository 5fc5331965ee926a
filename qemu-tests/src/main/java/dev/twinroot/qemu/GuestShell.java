package dev.twinroot.qemu;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs commands at a shell prompt on the serial console and collects their output and exit status. Works with
 * any shell that has {@code echo}, {@code ;} and {@code $?}: U-Boot's hush and a Linux {@code sh}. The command is
 * framed by two markers unique to this call,
 * <pre>{@code echo tr-7-begin; COMMAND; echo tr-7-end $? .}</pre>
 * and the output is what lies between the lines that are exactly the markers: the echo of the typed line (which
 * contains them, but with other text around) never matches. The dot after the status keeps a half-printed
 * {@code tr-7-end 1} (of {@code 127}) from matching early.
 *
 * <p>The typed line must fit the shell's line buffer (U-Boot: 1024 characters with this build's defaults).
 */
final class GuestShell {

    private final SerialConsole console;
    private long calls;

    GuestShell(SerialConsole console) {
        this.console = console;
    }

    GuestResult run(String command, Duration timeout) throws QemuException {
        if (command.indexOf('\n') >= 0 || command.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("a guest command is one line, found a line break in: " + command);
        }
        long id = ++calls;
        String begin = "tr-" + id + "-begin";
        String end = "tr-" + id + "-end";
        console.send("echo " + begin + "; " + command + "; echo " + end + " $? .");
        long deadline = System.nanoTime() + timeout.toNanos();
        console.waitFor(Pattern.compile("^" + begin + "$"), timeout);
        Pattern endLine = Pattern.compile("^" + end + " (\\d{1,3}) \\.$");
        List<ConsoleLine> read = console.readUntil(endLine,
                Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        List<String> output = new ArrayList<>();
        for (ConsoleLine line : read.subList(0, read.size() - 1)) {
            output.add(line.text());
        }
        Matcher m = endLine.matcher(read.get(read.size() - 1).text());
        if (!m.find()) {
            throw new IllegalStateException("readUntil returned a last line that does not match its pattern");
        }
        return new GuestResult(command, output, Integer.parseInt(m.group(1)));
    }
}
