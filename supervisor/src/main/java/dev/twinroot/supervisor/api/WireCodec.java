package dev.twinroot.supervisor.api;

import dev.twinroot.supervisor.Json;
import dev.twinroot.supervisor.assessment.StateRecordCodec;
import dev.twinroot.supervisor.grow.DataGrowthRecord;
import dev.twinroot.updater.json.JsonTree;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The bytes of a response body. The {@code /v1} answers (status, logs, health, messages, errors) are written as
 * jackson-jr trees, field by field with the names and shapes {@link Wire}'s annotations give them; anything else
 * (the {@code /v2/apps} answers) through Jackson's databind. Why: the daemon answers {@code twinrootctl status}
 * on every test boot and on devices, and building databind's mapper for it cost seconds under emulation and
 * about 10 MiB of the daemon's memory (docs/benchmarks.md). {@code WireCodecTest} holds the two writers equal.
 */
public final class WireCodec {

    private WireCodec() {
    }

    static byte[] bytes(Object body) {
        if (body instanceof Wire.StatusResponse s) {
            return JsonTree.writeCompact(status(s));
        }
        if (body instanceof Wire.ErrorResponse e) {
            return JsonTree.writeCompact(Map.of("error", e.error()));
        }
        if (body instanceof Wire.MessageResponse m) {
            return JsonTree.writeCompact(Map.of("message", m.message()));
        }
        if (body instanceof Wire.LogsResponse l) {
            return JsonTree.writeCompact(Map.of("lines", l.lines()));
        }
        if (body instanceof Wire.HealthyResponse h) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("healthy", h.healthy());
            o.put("problems", h.problems());
            return JsonTree.writeCompact(o);
        }
        if (body instanceof Wire.InstallStarted i) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("id", i.id());
            o.put("message", i.message());
            return JsonTree.writeCompact(o);
        }
        if (body instanceof Wire.InstallRun r) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("id", r.id());
            o.put("source", r.source());
            o.put("result", r.result());
            r.version().ifPresent(v -> o.put("version", v));
            r.slot().ifPresent(v -> o.put("slot", v));
            r.error().ifPresent(v -> o.put("error", v));
            o.put("events", r.events());
            o.put("next", r.next());
            return JsonTree.writeCompact(o);
        }
        return Json.bytes(body);
    }

    /** {@code GET /v1/status}'s tree; {@code twinrootctl status --json} prints the same from the records. */
    public static Map<String, Object> status(Wire.StatusResponse s) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("source", s.source());
        s.bootedSlot().ifPresent(v -> o.put("bootedSlot", v));
        s.primarySlot().ifPresent(v -> o.put("primarySlot", v));
        s.version().ifPresent(v -> o.put("version", v));
        s.assessment().ifPresent(a -> {
            Map<String, Object> n = new LinkedHashMap<>();
            n.put("state", a.state());
            a.kind().ifPresent(v -> n.put("kind", v));
            n.put("slot", a.slot());
            n.put("bootId", a.bootId());
            n.put("since", a.since().toString());
            a.reason().ifPresent(v -> n.put("reason", v));
            o.put("assessment", n);
        });
        s.pendingUpdate().ifPresent(p -> o.put("pendingUpdate", StateRecordCodec.pending(p)));
        s.lastInstall().ifPresent(i -> {
            Map<String, Object> n = new LinkedHashMap<>();
            n.put("source", i.source());
            n.put("version", i.version());
            n.put("slot", i.slot());
            n.put("result", i.result());
            i.message().ifPresent(v -> n.put("message", v));
            n.put("at", i.at().toString());
            o.put("lastInstall", n);
        });
        s.lastUpdate().ifPresent(u -> o.put("lastUpdate", StateRecordCodec.outcome(u)));
        List<Object> rollbacks = new ArrayList<>();
        s.rollbacks().forEach(r -> rollbacks.add(StateRecordCodec.rollback(r)));
        o.put("rollbacks", rollbacks);
        s.updates().ifPresent(a -> {
            Map<String, Object> n = new LinkedHashMap<>();
            n.put("channel", a.channel());
            a.lastCheck().ifPresent(v -> n.put("lastCheck", v.toString()));
            a.lastResult().ifPresent(v -> n.put("lastResult", v));
            a.nextCheck().ifPresent(v -> n.put("nextCheck", v.toString()));
            a.waitingToReboot().ifPresent(v -> n.put("waitingToReboot", v));
            o.put("updates", n);
        });
        s.dataGrowth().ifPresent(g -> o.put("dataGrowth", DataGrowthRecord.tree(g)));
        List<Object> slots = new ArrayList<>();
        for (Wire.SlotView v : s.slots()) {
            Map<String, Object> n = new LinkedHashMap<>();
            n.put("slot", v.slot());
            n.put("primary", v.primary());
            v.triesLeft().ifPresent(t -> n.put("triesLeft", t));
            n.put("onTrial", v.onTrial());
            slots.add(n);
        }
        o.put("slots", slots);
        o.put("warnings", s.warnings());
        return o;
    }
}
