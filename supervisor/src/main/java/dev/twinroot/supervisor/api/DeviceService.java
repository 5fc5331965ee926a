package dev.twinroot.supervisor.api;

import java.io.IOException;
import java.time.Duration;

/**
 * What the local API can ask of the daemon. Refusals are {@link ApiException}s with the kind that fits;
 * any other IOException is a failure of the device and answers 500.
 */
public interface DeviceService {

    Wire.StatusResponse status() throws IOException;

    /** The last {@code lines} lines of the supervisor's JSON log, oldest first. */
    Wire.LogsResponse logs(int lines) throws IOException;

    /** Asks the update agent to check its channel now; returns at once. */
    Wire.MessageResponse checkForUpdate() throws IOException;

    Wire.MessageResponse reboot(String reason) throws IOException;

    /** Commits the booted slot by hand, as an operator overriding failed health checks. */
    Wire.MessageResponse markGood() throws IOException;

    Wire.HealthyResponse healthy();

    /**
     * Starts installing {@code source} (an absolute path on the device, or an http:// or https:// URL) in the
     * daemon and returns at once; refused while another install runs.
     */
    Wire.InstallStarted install(String source) throws IOException;

    /**
     * Install {@code id} (the last one started) and its events numbered after {@code after}; when there are none
     * yet and it still runs, waits up to {@code wait} for one.
     */
    Wire.InstallRun install(long id, long after, Duration wait) throws IOException;
}
