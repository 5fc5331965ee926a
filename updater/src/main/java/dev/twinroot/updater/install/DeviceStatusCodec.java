package dev.twinroot.updater.install;

import dev.twinroot.updater.contract.Slot;
import dev.twinroot.updater.json.JsonObject;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** {@code status.json} (docs/config-updater.md) to a {@link DeviceStatus} and back. */
public final class DeviceStatusCodec {

    static final int FORMAT = 1;
    static final int MAX_TEXT = 4096;

    private final Json json = new Json("device status");

    public byte[] encode(DeviceStatus status) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("format", FORMAT);
        status.lastInstall().ifPresent(i -> {
            Map<String, Object> n = new LinkedHashMap<>();
            o.put("lastInstall", n);
            n.put("source", i.source());
            n.put("version", i.version().toString());
            n.put("slot", i.slot().name());
            n.put("result", i.result());
            i.message().ifPresent(m -> n.put("message", m));
            n.put("at", i.at().toString());
        });
        status.lastRollback().ifPresent(r -> {
            Map<String, Object> n = new LinkedHashMap<>();
            o.put("lastRollback", n);
            n.put("from", r.from().name());
            n.put("to", r.to().name());
            n.put("reason", r.reason());
            n.put("at", r.at().toString());
        });
        Map<String, Object> slots = new LinkedHashMap<>();
        o.put("slots", slots);
        status.slots().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            Map<String, Object> n = new LinkedHashMap<>();
            slots.put(e.getKey().name(), n);
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
        JsonObject o = json.root(bytes, FORMAT);
        Optional<InstallRecord> install = Optional.empty();
        Optional<JsonObject> installed = json.object(o, "lastInstall");
        if (installed.isPresent()) {
            JsonObject n = installed.get();
            install = Optional.of(new InstallRecord(capped(json.text(n, "source")), json.version(n, "version"),
                    json.slot(n, "slot"), capped(json.text(n, "result")),
                    json.optionalText(n, "message").map(DeviceStatusCodec::cap), json.instant(n, "at")));
        }
        Optional<RollbackRecord> rollback = Optional.empty();
        Optional<JsonObject> rolledBack = json.object(o, "lastRollback");
        if (rolledBack.isPresent()) {
            JsonObject n = rolledBack.get();
            rollback = Optional.of(new RollbackRecord(json.slot(n, "from"), json.slot(n, "to"),
                    capped(json.text(n, "reason")), json.instant(n, "at")));
        }
        Map<Slot, SlotImage> slots = new EnumMap<>(Slot.class);
        Optional<JsonObject> slotImages = json.object(o, "slots");
        if (slotImages.isPresent()) {
            for (Slot slot : Slot.values()) {
                Optional<JsonObject> image = json.object(slotImages.get(), slot.name());
                if (image.isPresent()) {
                    JsonObject n = image.get();
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
