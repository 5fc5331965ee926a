package dev.twinroot.qemu;

import java.util.List;

/** What a command run at the guest's shell printed, and its exit status ({@code $?}). */
public record GuestResult(String command, List<String> output, int status) {

    public GuestResult {
        output = List.copyOf(output);
    }

    public boolean succeeded() {
        return status == 0;
    }

    /** The output joined with newlines. */
    public String text() {
        return String.join("\n", output);
    }

    /** This result, or an exception quoting the command, its status and its last output lines. */
    public GuestResult requireSuccess() throws QemuException {
        if (status != 0) {
            List<String> tail = output.subList(Math.max(0, output.size() - 10), output.size());
            throw new QemuException("guest command '" + command + "' exited with " + status
                    + (tail.isEmpty() ? "" : ":\n" + String.join("\n", tail)));
        }
        return this;
    }
}
