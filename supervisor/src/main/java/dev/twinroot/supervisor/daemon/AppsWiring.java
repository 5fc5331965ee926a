package dev.twinroot.supervisor.daemon;

import dev.twinroot.platform.Platform;
import dev.twinroot.supervisor.agent.LockFiles;
import dev.twinroot.supervisor.api.AppsService;
import dev.twinroot.supervisor.apps.image.ImagePlatform;
import dev.twinroot.supervisor.apps.run.AppManager;
import dev.twinroot.supervisor.apps.run.AppsHealthCheck;
import dev.twinroot.supervisor.apps.run.AppsSettings;
import dev.twinroot.supervisor.apps.run.CgroupSupport;
import dev.twinroot.supervisor.apps.run.Runc;
import dev.twinroot.supervisor.config.SystemConfig;
import dev.twinroot.supervisor.health.HealthCheck;
import java.io.IOException;
import dev.twinroot.supervisor.apps.image.RegistrySettings;
import java.nio.file.Path;
import java.util.Set;
import java.time.InstantSource;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The application containers as the daemon sees them: the {@link AppManager} over runc, with its state under
 * the data partition's {@code apps/}, runc's under {@code /run/twinroot/runc}, and the update locks of the
 * reboot policy ({@code updates.policy.locksDir}); its health check for the boot assessment and its API. Kept
 * apart from {@link Wiring} so the daemon takes it with three lines: start it, add {@link #healthCheck} to the
 * checks, pass {@link #api} to the routes.
 */
public final class AppsWiring implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(AppsWiring.class.getName());
    private final AppManager manager;
    private final AppsApiAdapter api;

    private AppsWiring(AppManager manager) {
        this.manager = manager;
        this.api = new AppsApiAdapter(manager, unavailable(manager));
    }

    /**
     * Why this device cannot run containers, if it cannot: an image built without them (image config
     * {@code containers: false}) has no runc. The API then refuses every {@code /v2/apps} request with this.
     */
    static Optional<String> unavailable(AppManager manager) {
        if (manager.runtimeInstalled()) {
            return Optional.empty();
        }
        return Optional.of("application containers are not available on this device: it has no "
                + manager.runtime() + "; build its image with containers: true");
    }

    /** Over a manager built elsewhere (tests give theirs a temporary runtime state directory). */
    public static AppsWiring over(AppManager manager) {
        return new AppsWiring(manager);
    }

    public static AppsWiring forDevice(SystemConfig config) {
        AppsSettings settings = AppsSettings.defaults(config.dataPath()).withRegistries(new RegistrySettings(
                Set.copyOf(config.apps().registries().insecure()),
                config.apps().registries().credentialsFile().map(Path::of)));
        return over(new AppManager(settings, new Runc(settings.runtimeState()),
                new LockFiles(Path.of(config.updates().policy().locksDir()), LockFiles.PROC_LOCKS),
                CgroupSupport.detect(), ImagePlatform.current(), Platform.linux().fileSync(), InstantSource.system()));
    }

    /**
     * Starts the recorded release. A failure is logged, not thrown: the daemon must run (and the boot assessment
     * decide) even when an application cannot start; {@link #healthCheck} reports it. A device without runc and
     * without a recorded release runs no applications and its health check passes; one with a recorded release
     * fails the check, since the applications it should run do not.
     */
    public Optional<String> start() {
        try {
            Optional<String> release = manager.start();
            if (release.isEmpty()) {
                LOG.info(() -> "applications: no release recorded" + unavailable(manager).map(u -> "; " + u).orElse(""));
            } else {
                LOG.info(() -> "applications: started release " + release.get());
            }
            return release;
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.SEVERE, "applications did not start: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Optional.empty();
    }

    public HealthCheck healthCheck() {
        return new AppsHealthCheck(manager);
    }

    public AppsService api() {
        return api;
    }

    public AppManager manager() {
        return manager;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        api.close();
        manager.close();
    }
}
