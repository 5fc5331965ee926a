package dev.twinroot.supervisor.api;

import java.io.IOException;

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
}
