package dev.twinroot.updater.install;

import dev.twinroot.delta.Checkpoint;
import dev.twinroot.delta.DeltaApplier;
import dev.twinroot.delta.DeltaException;
import dev.twinroot.updater.bootcontrol.SlotStatus;
import dev.twinroot.updater.bundle.BundleException;
import dev.twinroot.updater.bundle.BundleReader;
import dev.twinroot.updater.bundle.DeltaSource;
import dev.twinroot.updater.bundle.Manifest;
import dev.twinroot.updater.bundle.Payload;
import dev.twinroot.updater.bundle.PayloadKind;
import dev.twinroot.updater.bundle.PayloadStream;
import dev.twinroot.updater.bundle.Sha256;
import dev.twinroot.updater.bundle.Version;
import dev.twinroot.updater.config.SystemConfig;
import dev.twinroot.updater.contract.BootContract;
import dev.twinroot.updater.contract.Slot;
import dev.twinroot.updater.policy.ActiveImage;
import dev.twinroot.updater.policy.DeviceState;
import dev.twinroot.updater.policy.UpdatePolicy;
import dev.twinroot.updater.slot.SlotStorage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * Installs a bundle into the slot that is not running, following the boot contract: verify the manifest and the
 * policy before touching anything; mark the target bad; write it (a full image, or a delta applied against the
 * running slot); read the whole target back and check its SHA-256; only then make it primary. Each state is
 * journaled before it acts, so {@link #recover()} after a power cut either finishes an install whose target had
 * verified or abandons it with the target still marked bad. The running slot is never written, so the boot
 * state names a good slot at every instant.
 *
 * <p>Resuming: installing the same source again after an interruption re-streams the bundle and re-verifies the
 * manifest; a delta continues from the applier's last checkpoint, a full image is written again from its first
 * byte (a full image has no per-block hashes to trust a half-written slot by, and re-streaming costs only time).
 */
public final class Installer {

    private static final int BUFFER = 256 * 1024;
    private static final Version UNKNOWN_VERSION = Version.parse("0");

    private final InstallEnvironment env;
    private final InstallProgress progress;

    public Installer(InstallEnvironment env, InstallProgress progress) {
        this.env = env;
        this.progress = progress;
    }

    /**
     * Installs the bundle at {@code source} (a path or an http(s) URL). Returns the final state,
     * {@link InstallState.RebootPending}; throws if the bundle is refused (nothing written), the content proves
     * wrong (target left bad, journal {@code failed}) or the install is interrupted (journal left unfinished:
     * install the same source again to resume, or {@link #recover()} to abandon). Holds the install lock
     * throughout; throws {@link InstallBusyException} at once, before reading anything, if another install holds
     * it.
     */
    public InstallState install(String source) throws IOException {
        try (InstallLock.Held held = env.lock().acquire()) {
            return installLocked(source);
        }
    }

    private InstallState installLocked(String source) throws IOException {
        Optional<InstallState> previous = env.journal().read();
        boolean resuming = false;
        if (previous.isPresent() && !previous.get().finished()) {
            InstallState p = previous.get();
            if (p.target().source().equals(source) && !(p instanceof InstallState.Activating)) {
                resuming = true;
            } else {
                InstallState recovered = recoverLocked().orElseThrow();
                if (p instanceof InstallState.Activating && p.target().source().equals(source)) {
                    return recovered;
                }
            }
        }
        Slot booted = env.boot().bootedSlot();
        checkCommitted(booted);
        Slot target = booted.other();
        SlotStorage targetSlot = env.slots().get(target);
        SlotStorage activeSlot = env.slots().get(booted);
        try (InputStream in = env.opener().open(source);
             BundleReader reader = BundleReader.open(in, env.verifier())) {
            Manifest m = reader.manifest().manifest();
            Optional<ActiveImage> active = activeImage(m, activeSlot);
            new UpdatePolicy(env.allowDowngrade()).check(reader.manifest(), deviceState(booted, targetSlot, active));
            Payload p = m.payloads().get(0);
            InstallTarget t = new InstallTarget(source, target, m.version(), p.kind(), p.imageSize(),
                    p.imageSha256());
            if (resuming && !previous.get().target().equals(t)) {
                abandon(previous.get(), "the bundle at " + source + " changed since the interrupted install");
                resuming = false;
            }
            if (!resuming || p.kind() == PayloadKind.FULL) {
                Files.deleteIfExists(env.checkpoint());
            }
            PayloadStream payload = reader.nextPayload().orElseThrow();
            // For a delta the policy has just compared the running slot's hash (only a delta's is taken) with its
            // source: the applier's COPY operations need not hash those bytes again.
            return run(new InstallState.MarkingBad(t), Optional.of(new Stream(reader, payload,
                    active.map(ActiveImage::sha256))));
        }
    }

    /**
     * Finishes or abandons an install a power cut interrupted; call it once at startup. Returns the journal's
     * state afterwards, empty if there never was an install. Takes the install lock too: an install running
     * in another process is not interrupted, and must not be abandoned under it.
     */
    public Optional<InstallState> recover() throws IOException {
        try (InstallLock.Held held = env.lock().acquire()) {
            return recoverLocked();
        }
    }

    private Optional<InstallState> recoverLocked() throws IOException {
        Optional<InstallState> journaled = env.journal().read();
        if (journaled.isEmpty() || journaled.get().finished()) {
            return journaled;
        }
        InstallState s = journaled.get();
        if (s instanceof InstallState.Activating) {
            return Optional.of(run(s, Optional.empty()));
        }
        return Optional.of(abandon(s, "interrupted in state " + s.wireName()
                + "; install the bundle again to retry"));
    }

    /**
     * {@link #recover()} for the supervisor at boot, before it assesses the boot. An install left in
     * {@code activate} is finished only when this boot proves the flip happened: its target is the booted slot
     * (the target was marked bad before a byte was written, so only the flip can have made it bootable).
     * Otherwise it is abandoned, target marked bad: either the flip never happened, and doing it now would make
     * this boot look like a fallback to the assessment, or it happened and the bootloader has already fallen
     * back from the target, which must not be tried again. The update agent installs the release again.
     */
    public Optional<InstallState> recoverAtBoot() throws IOException {
        Optional<InstallState> journaled = env.journal().read();
        if (journaled.isEmpty() || journaled.get().finished()) {
            return journaled;
        }
        InstallState s = journaled.get();
        InstallTarget t = s.target();
        if (s instanceof InstallState.Activating && t.slot() == env.boot().bootedSlot()) {
            env.status().recordSlot(t.slot(), Optional.of(new SlotImage(t.version(), t.imageSize(),
                    t.imageSha256())));
            InstallState done = new InstallState.RebootPending(t);
            finish(done);
            return Optional.of(done);
        }
        return Optional.of(abandon(s, "interrupted in state " + s.wireName() + " before slot " + t.slot().name()
                + " booted; the update is installed again from the start"));
    }

    /** The running slot must be committed: otherwise the slot we would overwrite is the only proven fallback. */
    private void checkCommitted(Slot booted) throws IOException {
        SlotStatus status = env.boot().status(booted);
        if (!status.primary() || status.triesLeft() != BootContract.DEFAULT_TRIES) {
            throw new InstallRefusedException("slot " + booted.name() + " is running but not committed (primary: "
                    + status.primary() + ", tries left: " + status.triesLeft() + " of " + BootContract.DEFAULT_TRIES
                    + "); mark it good (twinrootctl mark-good) or roll back before installing, so that slot "
                    + booted.other().name() + " stays a fallback until then");
        }
    }

    /** The running slot's image as far as a delta in {@code m} needs it, hashed; empty for a full bundle. */
    private Optional<ActiveImage> activeImage(Manifest m, SlotStorage active) throws IOException {
        Optional<ActiveImage> image = Optional.empty();
        for (Payload p : m.payloads()) {
            if (p.slotClass().equals(SystemConfig.ROOTFS_CLASS) && p.deltaSource().isPresent()) {
                image = hashActive(p.deltaSource().get(), active);
            }
        }
        return image;
    }

    private DeviceState deviceState(Slot booted, SlotStorage target, Optional<ActiveImage> active)
            throws IOException {
        DeviceStatus status = env.status().read();
        Version running = status.slot(booted).map(SlotImage::version).orElse(UNKNOWN_VERSION);
        return new DeviceState(env.compatible(), running, RollbackFloor.read(env.dataDir()),
                Map.of(SystemConfig.ROOTFS_CLASS, target.size()),
                active.map(a -> Map.of(SystemConfig.ROOTFS_CLASS, a)).orElse(Map.of()));
    }

    /** The running slot's first {@code source.size()} bytes, hashed: what a delta really applies to. */
    private Optional<ActiveImage> hashActive(DeltaSource source, SlotStorage active) throws IOException {
        if (active.size() < source.size()) {
            return Optional.empty();
        }
        try (SeekableByteChannel ch = active.openRead()) {
            return Optional.of(new ActiveImage(source.size(), SlotHash.of(ch, source.size(),
                    (done, total) -> progress.bytes("hash-source", done, total))));
        }
    }

    /**
     * The bundle being installed: the reader, its only payload and, for a delta, the SHA-256 the running slot was
     * found to have just before (the policy checked it against the delta's source).
     */
    private record Stream(BundleReader reader, PayloadStream payload, Optional<Sha256> verifiedSource) {}

    /** Journals each state, then acts on it, until a final state. */
    private InstallState run(InstallState start, Optional<Stream> stream) throws IOException {
        InstallState state = start;
        while (!state.finished()) {
            env.journal().write(state);
            progress.state(state);
            try {
                state = step(state, stream);
            } catch (BundleException | DeltaException | TargetVerificationException e) {
                finish(new InstallState.Failed(state.target(), e.getMessage()));
                throw e;
            }
        }
        finish(state);
        return state;
    }

    /** The transitions, all in one place. */
    private InstallState step(InstallState state, Optional<Stream> stream) throws IOException {
        InstallTarget t = state.target();
        if (state instanceof InstallState.MarkingBad) {
            env.status().recordSlot(t.slot(), Optional.empty());
            env.boot().markBad(t.slot());
            return new InstallState.Writing(t);
        }
        if (state instanceof InstallState.Writing) {
            Stream s = stream.orElseThrow(() -> new IllegalStateException("writing needs the bundle stream"));
            if (t.kind() == PayloadKind.FULL) {
                writeFull(t, s.payload());
            } else {
                applyDelta(t, s.payload(), s.verifiedSource());
            }
            s.payload().finish();
            s.reader().verifyRemaining();
            Files.deleteIfExists(env.checkpoint());
            return new InstallState.VerifyingTarget(t);
        }
        if (state instanceof InstallState.VerifyingTarget) {
            verifyTarget(t);
            return new InstallState.Activating(t);
        }
        if (state instanceof InstallState.Activating) {
            env.status().recordSlot(t.slot(), Optional.of(new SlotImage(t.version(), t.imageSize(),
                    t.imageSha256())));
            prepare(t);
            // Still marked bad here: GRUB must learn where this image keeps its kernel before it may boot it.
            env.slotBootFiles().slotWritten(t.slot(), env.slots().get(t.slot()));
            env.boot().markActive(t.slot());
            return new InstallState.RebootPending(t);
        }
        throw new IllegalStateException("no transition from final state " + state.wireName());
    }

    private void writeFull(InstallTarget t, PayloadStream payload) throws IOException {
        try (SlotStorage.Writer w = env.slots().get(t.slot()).openWrite()) {
            SeekableByteChannel ch = w.channel();
            ch.position(0);
            byte[] buf = new byte[BUFFER];
            long done = 0;
            for (int n; (n = payload.read(buf, 0, buf.length)) >= 0; ) {
                ByteBuffer b = ByteBuffer.wrap(buf, 0, n);
                while (b.hasRemaining()) {
                    ch.write(b);
                }
                done += n;
                progress.bytes("write", done, t.imageSize());
            }
            w.flush();
        }
    }

    private void applyDelta(InstallTarget t, PayloadStream payload, Optional<Sha256> verifiedSource)
            throws IOException {
        DeltaApplier.Options options = env.delta().withProgress(progress::bytes);
        if (verifiedSource.isPresent()) {
            options = options.withVerifiedSource(HexFormat.of().parseHex(verifiedSource.get().hex()));
        }
        DeltaApplier applier = new DeltaApplier(options);
        try (SeekableByteChannel source = env.slots().get(t.slot().other()).openRead();
             SlotStorage.Writer w = env.slots().get(t.slot()).openWrite()) {
            applier.apply(source, payload, w.channel(), Optional.of(Checkpoint.at(env.checkpoint())));
            w.flush();
        }
    }

    private void verifyTarget(InstallTarget t) throws IOException {
        SlotStorage slot = env.slots().get(t.slot());
        if (slot.size() < t.imageSize()) {
            throw new TargetVerificationException("slot " + t.slot().name() + " (" + slot.path() + ") holds "
                    + slot.size() + " bytes, the image needs " + t.imageSize());
        }
        try (SeekableByteChannel ch = slot.openRead()) {
            var found = SlotHash.of(ch, t.imageSize(), (done, total) -> progress.bytes("verify", done, total));
            if (!found.equals(t.imageSha256())) {
                throw new TargetVerificationException("slot " + t.slot().name() + " (" + slot.path()
                        + ") read back: SHA-256 of the first " + t.imageSize() + " bytes is " + found
                        + ", the manifest says " + t.imageSha256());
            }
        }
    }

    /**
     * The slot's preparation, which its boots do not need: a failure is told, not thrown. Even a bug in it (an
     * unchecked exception) is told rather than thrown: it must not keep a verified slot from being activated.
     */
    private void prepare(InstallTarget t) {
        String said;
        try {
            said = env.preparation().prepare(t.slot(), env.slots().get(t.slot()));
        } catch (IOException e) {
            said = "preparing slot " + t.slot().name() + " failed (its boots do not need it): " + e.getMessage();
        } catch (RuntimeException e) {
            said = "preparing slot " + t.slot().name() + " failed (its boots do not need it): " + e;
        }
        progress.note(said);
    }

    private InstallState abandon(InstallState s, String reason) throws IOException {
        InstallTarget t = s.target();
        InstallState.Abandoned a = new InstallState.Abandoned(t, reason);
        // Marking bad again is harmless and covers a cut between journaling mark-bad and doing it. The running
        // slot is never the target of an unfinished install, but a journal must never make it unbootable.
        if (t.slot() != env.boot().bootedSlot()) {
            env.boot().markBad(t.slot());
        }
        Files.deleteIfExists(env.checkpoint());
        finish(a);
        return a;
    }

    private void finish(InstallState state) throws IOException {
        env.journal().write(state);
        progress.state(state);
        env.status().recordInstall(state);
    }
}
