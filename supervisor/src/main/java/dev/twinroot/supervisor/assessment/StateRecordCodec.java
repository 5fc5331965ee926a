package dev.twinroot.supervisor.assessment;

import dev.twinroot.updater.json.JsonObject;
import dev.twinroot.updater.json.JsonShapeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The assessment records of {@link StateDir} to JSON trees and back, field by field as
 * {@code docs/formats/state-records.md} shows them: {@code assessment.json} (tagged by {@code state}),
 * {@code pending-update.json}, {@code last-update.json} and {@code rollback.json}. Absent optional fields are
 * left out; readers ignore fields they do not know (a newer supervisor may add some).
 *
 * <p>Written out here rather than bound by Jackson's databind: this runs at every boot, on the way to the commit,
 * where databind's start-up cost was measured (docs/benchmarks.md, "Daemon start-up under emulation"). The local
 * API writes the same trees for these records in its status ({@code api.WireCodec}).
 */
public final class StateRecordCodec {

    private StateRecordCodec() {
    }

    // --- assessment.json

    static Map<String, Object> assessment(AssessmentState s) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("state", s.name());
        o.put("bootId", s.bootId());
        o.put("slot", s.slot());
        o.put("at", s.at().toString());
        if (s instanceof AssessmentState.Assessing a) {
            a.previous().ifPresent(p -> o.put("previous", assessment(p)));
        } else if (s instanceof AssessmentState.FallbackDetected f) {
            o.put("failedSlot", f.failedSlot());
            f.pending().ifPresent(p -> o.put("pending", pending(p)));
            f.previous().ifPresent(p -> o.put("previous", assessment(p)));
        } else if (s instanceof AssessmentState.RecordingRollback r) {
            o.put("rollback", rollback(r.rollback()));
        } else if (s instanceof AssessmentState.RunningChecks r) {
            o.put("kind", kind(r.kind()));
            r.trial().ifPresent(t -> o.put("trial", trial(t)));
            o.put("deadline", r.deadline().toString());
        } else if (s instanceof AssessmentState.Committing c) {
            o.put("kind", kind(c.kind()));
            c.trial().ifPresent(t -> o.put("trial", trial(t)));
        } else if (s instanceof AssessmentState.Committed c) {
            o.put("kind", kind(c.kind()));
            c.trial().ifPresent(t -> o.put("trial", trial(t)));
        } else if (s instanceof AssessmentState.RebootingForFallback r) {
            o.put("trial", trial(r.trial()));
            o.put("reason", r.reason());
        } else if (s instanceof AssessmentState.Unhealthy u) {
            o.put("kind", kind(u.kind()));
            o.put("reason", u.reason());
        }
        return o;
    }

    static AssessmentState assessment(JsonObject o) throws JsonShapeException {
        String state = o.requiredText("state");
        String bootId = o.requiredText("bootId");
        String slot = o.requiredText("slot");
        Instant at = o.requiredInstant("at");
        return switch (state) {
            case "assessing" -> new AssessmentState.Assessing(bootId, slot, at, previous(o));
            case "fallback-detected" -> new AssessmentState.FallbackDetected(bootId, slot, at,
                    o.requiredText("failedSlot"), optionalPending(o, "pending"), previous(o));
            case "recording-rollback" -> new AssessmentState.RecordingRollback(bootId, slot, at,
                    rollback(o.requiredObject("rollback")));
            case "running-checks" -> new AssessmentState.RunningChecks(bootId, slot, at, kind(o), optionalTrial(o),
                    o.requiredInstant("deadline"));
            case "committing" -> new AssessmentState.Committing(bootId, slot, at, kind(o), optionalTrial(o));
            case "committed" -> new AssessmentState.Committed(bootId, slot, at, kind(o), optionalTrial(o));
            case "rebooting-for-fallback" -> new AssessmentState.RebootingForFallback(bootId, slot, at,
                    trial(o.requiredObject("trial")), o.requiredText("reason"));
            case "unhealthy" -> new AssessmentState.Unhealthy(bootId, slot, at, kind(o), o.requiredText("reason"));
            default -> throw new JsonShapeException(o.pathOf("state") + ": expected one of assessing, "
                    + "fallback-detected, recording-rollback, running-checks, committing, committed, "
                    + "rebooting-for-fallback, unhealthy, found \"" + shorten(state) + "\"");
        };
    }

    private static Optional<AssessmentState> previous(JsonObject o) throws JsonShapeException {
        Optional<JsonObject> p = o.object("previous");
        return p.isPresent() ? Optional.of(assessment(p.get())) : Optional.empty();
    }

    private static String kind(AssessmentState.Kind kind) {
        return switch (kind) {
            case UPDATE -> "update";
            case FALLBACK -> "fallback";
            case REGULAR -> "regular";
        };
    }

    private static AssessmentState.Kind kind(JsonObject o) throws JsonShapeException {
        String kind = o.requiredText("kind");
        return switch (kind) {
            case "update" -> AssessmentState.Kind.UPDATE;
            case "fallback" -> AssessmentState.Kind.FALLBACK;
            case "regular" -> AssessmentState.Kind.REGULAR;
            default -> throw new JsonShapeException(o.pathOf("kind") + ": expected update, fallback or regular, found \""
                    + shorten(kind) + "\"");
        };
    }

    // --- trials and their attempts

    private static Map<String, Object> trial(AssessmentState.Trial t) {
        Map<String, Object> o = new LinkedHashMap<>();
        t.update().ifPresent(u -> o.put("update", pending(u)));
        o.put("attempts", attempts(t.attempts()));
        return o;
    }

    private static AssessmentState.Trial trial(JsonObject o) throws JsonShapeException {
        return new AssessmentState.Trial(optionalPending(o, "update"), attempts(o));
    }

    private static Optional<AssessmentState.Trial> optionalTrial(JsonObject o) throws JsonShapeException {
        Optional<JsonObject> t = o.object("trial");
        return t.isPresent() ? Optional.of(trial(t.get())) : Optional.empty();
    }

    private static List<Map<String, Object>> attempts(List<AssessmentState.Attempt> attempts) {
        List<Map<String, Object>> out = new ArrayList<>(attempts.size());
        for (AssessmentState.Attempt a : attempts) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("bootId", a.bootId());
            o.put("startedAt", a.startedAt().toString());
            a.failure().ifPresent(f -> o.put("failure", f));
            out.add(o);
        }
        return out;
    }

    private static List<AssessmentState.Attempt> attempts(JsonObject o) throws JsonShapeException {
        List<AssessmentState.Attempt> out = new ArrayList<>();
        for (JsonObject a : o.objects("attempts").orElse(List.of())) {
            out.add(new AssessmentState.Attempt(a.requiredText("bootId"), a.requiredInstant("startedAt"),
                    a.text("failure")));
        }
        return out;
    }

    // --- pending-update.json

    public static Map<String, Object> pending(PendingUpdate p) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("version", p.version());
        p.fromVersion().ifPresent(v -> o.put("fromVersion", v));
        o.put("targetSlot", p.targetSlot());
        o.put("installedAt", p.installedAt().toString());
        return o;
    }

    static PendingUpdate pending(JsonObject o) throws JsonShapeException {
        return new PendingUpdate(o.requiredText("version"), o.text("fromVersion"), o.requiredText("targetSlot"),
                o.requiredInstant("installedAt"));
    }

    private static Optional<PendingUpdate> optionalPending(JsonObject o, String field) throws JsonShapeException {
        Optional<JsonObject> p = o.object(field);
        return p.isPresent() ? Optional.of(pending(p.get())) : Optional.empty();
    }

    // --- last-update.json

    public static Map<String, Object> outcome(UpdateOutcome u) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("result", u.result() == UpdateOutcome.Result.SUCCESS ? "success" : "rolled-back");
        u.version().ifPresent(v -> o.put("version", v));
        u.fromVersion().ifPresent(v -> o.put("fromVersion", v));
        o.put("slot", u.slot());
        o.put("at", u.at().toString());
        u.reason().ifPresent(r -> o.put("reason", r));
        o.put("attempts", u.attempts());
        return o;
    }

    static UpdateOutcome outcome(JsonObject o) throws JsonShapeException {
        String result = o.requiredText("result");
        UpdateOutcome.Result r = switch (result) {
            case "success" -> UpdateOutcome.Result.SUCCESS;
            case "rolled-back" -> UpdateOutcome.Result.ROLLED_BACK;
            default -> throw new JsonShapeException(o.pathOf("result") + ": expected success or rolled-back, found \""
                    + shorten(result) + "\"");
        };
        return new UpdateOutcome(r, o.text("version"), o.text("fromVersion"), o.requiredText("slot"),
                o.requiredInstant("at"), o.text("reason"), o.integer("attempts").orElse(0));
    }

    // --- rollbacks/ID/rollback.json

    public static Map<String, Object> rollback(Rollback r) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("id", r.id());
        o.put("failedSlot", r.failedSlot());
        o.put("bootedSlot", r.bootedSlot());
        r.update().ifPresent(u -> o.put("update", pending(u)));
        o.put("reason", r.reason());
        o.put("attempts", attempts(r.attempts()));
        o.put("at", r.at().toString());
        return o;
    }

    static Rollback rollback(JsonObject o) throws JsonShapeException {
        return new Rollback(o.requiredText("id"), o.requiredText("failedSlot"), o.requiredText("bootedSlot"),
                optionalPending(o, "update"), o.requiredText("reason"), attempts(o), o.requiredInstant("at"));
    }

    private static String shorten(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }
}
