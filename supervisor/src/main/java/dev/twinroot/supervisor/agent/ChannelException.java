package dev.twinroot.supervisor.agent;

import dev.twinroot.supervisor.SupervisorException;

/** The channel could not be read: unreachable, an HTTP error, a stalled transfer, or an invalid index. */
public class ChannelException extends SupervisorException {
    private static final long serialVersionUID = 1L;

    public ChannelException(String message) {
        super(message);
    }

    public ChannelException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The index or its signature is not what the channel's key signed: never retried into an install. */
    public static final class Untrusted extends ChannelException {
        private static final long serialVersionUID = 1L;

        public Untrusted(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
