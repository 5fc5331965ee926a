package dev.twinroot.supervisor.cli;

import dev.twinroot.supervisor.api.ApiException;
import dev.twinroot.supervisor.api.DeviceService;
import dev.twinroot.supervisor.api.ErrorKind;
import dev.twinroot.supervisor.api.Wire;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * A {@link DeviceService} for command tests that talk to a real API server about one thing: every device call
 * answers 501 unless a test overrides it; {@code /v1/healthy} says healthy.
 */
class UnansweredDevice implements DeviceService {

    private static ApiException notHere() {
        return new ApiException(ErrorKind.NOT_IMPLEMENTED, "not in this test");
    }

    @Override
    public Wire.StatusResponse status() throws IOException {
        throw notHere();
    }

    @Override
    public Wire.LogsResponse logs(int lines) throws IOException {
        throw notHere();
    }

    @Override
    public Wire.MessageResponse checkForUpdate() throws IOException {
        throw notHere();
    }

    @Override
    public Wire.MessageResponse reboot(String reason) throws IOException {
        throw notHere();
    }

    @Override
    public Wire.MessageResponse markGood() throws IOException {
        throw notHere();
    }

    @Override
    public Wire.InstallStarted install(String source) throws IOException {
        throw notHere();
    }

    @Override
    public Wire.InstallRun install(long id, long after, Duration wait) throws IOException {
        throw notHere();
    }

    @Override
    public Wire.HealthyResponse healthy() {
        return new Wire.HealthyResponse(true, List.of());
    }
}
