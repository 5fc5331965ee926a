package dev.twinroot.updater.install;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.twinroot.updater.contract.Slot;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/** {@code status.json} (docs/config-updater.md) to a {@link DeviceStatus} and back. */
public final class DeviceStatusCodec {

    static final int FORMAT = 1;
    static final int MAX_TEXT = 4096;

    private final Json json = new Json("device status");

    public byte[] encode(DeviceStatus status) {
        ObjectNode o = json.object();
        o.put("format", FORMAT);
        status.lastInstall().ifPresent(i -> {
            ObjectNode n = o.putObject("lastInstall");
            n.put("source", i.source());
            n.put("version", i.version().toString());
            n.put("slot", i.slot().name());
            n.put("result", i.result());
            i.message().ifPresent(m -> n.put("message", m));
            n.put("at", i.at().toString());
        });
        status.lastRollback().ifPresent(r -> {
            ObjectNode n = o.putObject("lastRollback");
            n.put("from", r.from().name());
            n.put("to", r.to().name());
            n.put("reason", r.reason());
            n.put("at", r.at().toString());
        });
        ObjectNode slots = o.putObject("slots");
        status.slots().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            ObjectNode n = slots.putObject(e.getKey().name());
            n.put("version", e.getValue().version().toString());
            n.put("imageSize", e.getValue().size());
            n.put("imageSha256", e.getValue().sha256().hex());
        });
        return json.bytes(o);
    }

    public DeviceStatus decode(byte[] bytes) throws RecordFormatException {
        try {
            return decodeChecked(bytes);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new RecordFormatException("device status: " + e.getMessage());
        }
    }

    private DeviceStatus decodeChecked(byte[] bytes) throws RecordFormatException {
        JsonNode o = json.root(bytes, FORMAT);
        Optional<InstallRecord> install = Optional.empty();
        if (o.has("lastInstall")) {
            JsonNode n = json.object(o.get("lastInstall"), "lastInstall");
            install = Optional.of(new InstallRecord(capped(json.text(n, "source")), json.version(n, "version"),
                    json.slot(n, "slot"), capped(json.text(n, "result")),
                    json.optionalText(n, "message").map(DeviceStatusCodec::cap), json.instant(n, "at")));
        }
        Optional<RollbackRecord> rollback = Optional.empty();
        if (o.has("lastRollback")) {
            JsonNode n = json.object(o.get("lastRollback"), "lastRollback");
            rollback = Optional.of(new RollbackRecord(json.slot(n, "from"), json.slot(n, "to"),
                    capped(json.text(n, "reason")), json.instant(n, "at")));
        }
        Map<Slot, SlotImage> slots = new EnumMap<>(Slot.class);
        if (o.has("slots")) {
            JsonNode s = json.object(o.get("slots"), "slots");
            for (Slot slot : Slot.values()) {
                if (s.has(slot.name())) {
                    JsonNode n = json.object(s.get(slot.name()), "slots." + slot.name());
                    long size = json.number(n, "imageSize");
                    if (size < 0) {
                        throw new RecordFormatException("device status: slots." + slot.name()
                                + ".imageSize must be >= 0");
                    }
                    slots.put(slot, new SlotImage(json.version(n, "version"), size, json.sha256(n, "imageSha256")));
                }
            }
        }
        return new DeviceStatus(install, rollback, slots);
    }

    private static String capped(String s) throws RecordFormatException {
        if (s.length() > MAX_TEXT) {
            throw new RecordFormatException("device status: a text field is longer than " + MAX_TEXT);
        }
        return s;
    }

    private static String cap(String s) {
        return s.length() > MAX_TEXT ? s.substring(0, MAX_TEXT) : s;
    }
}
