package dev.twinroot.updater.install;

import dev.twinroot.updater.bundle.PayloadKind;
import dev.twinroot.updater.bundle.Version;
import dev.twinroot.updater.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The install journal's bytes (JSON, docs/config-updater.md) to an {@link InstallState} and back. */
public final class JournalCodec {

    static final int FORMAT = 1;
    static final int MAX_REASON = 2048;

    private final Json json = new Json("install journal");

    public byte[] encode(InstallState state) {
        InstallTarget t = state.target();
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("format", FORMAT);
        o.put("state", state.wireName());
        o.put("source", t.source());
        o.put("slot", t.slot().name());
        o.put("version", t.version().toString());
        o.put("kind", t.kind().wireName());
        o.put("imageSize", t.imageSize());
        o.put("imageSha256", t.imageSha256().hex());
        reason(state).ifPresent(r -> o.put("reason", r));
        return json.bytes(o);
    }

    /** Any bytes give a state or a {@link RecordFormatException}. */
    public InstallState decode(byte[] bytes) throws RecordFormatException {
        try {
            return decodeChecked(bytes);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new RecordFormatException("install journal: " + e.getMessage());
        }
    }

    private InstallState decodeChecked(byte[] bytes) throws RecordFormatException {
        JsonObject o = json.root(bytes, FORMAT);
        String kindName = json.text(o, "kind");
        PayloadKind kind = PayloadKind.fromWireName(kindName).orElseThrow(() -> new RecordFormatException(
                "install journal: kind must be full or delta"));
        Version version = json.version(o, "version");
        InstallTarget t = new InstallTarget(json.text(o, "source"), json.slot(o, "slot"), version, kind,
                json.number(o, "imageSize"), json.sha256(o, "imageSha256"));
        Optional<String> reason = json.optionalText(o, "reason");
        if (reason.isPresent() && reason.get().length() > MAX_REASON) {
            throw new RecordFormatException("install journal: reason longer than " + MAX_REASON);
        }
        String state = json.text(o, "state");
        return switch (state) {
            case "mark-bad" -> new InstallState.MarkingBad(t);
            case "write" -> new InstallState.Writing(t);
            case "verify-target" -> new InstallState.VerifyingTarget(t);
            case "activate" -> new InstallState.Activating(t);
            case "reboot-pending" -> new InstallState.RebootPending(t);
            case "failed" -> new InstallState.Failed(t, reason.orElse(""));
            case "abandoned" -> new InstallState.Abandoned(t, reason.orElse(""));
            default -> throw new RecordFormatException("install journal: unknown state \""
                    + (state.length() > 32 ? state.substring(0, 32) + "..." : state) + "\"");
        };
    }

    static Optional<String> reason(InstallState state) {
        if (state instanceof InstallState.Failed f) {
            return Optional.of(f.reason());
        }
        if (state instanceof InstallState.Abandoned a) {
            return Optional.of(a.reason());
        }
        return Optional.empty();
    }
}
