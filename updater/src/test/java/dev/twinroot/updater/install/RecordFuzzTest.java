package dev.twinroot.updater.install;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Jazzer targets for the records on the data partition (journal, device status). {@code mvn test} replays
 * RecordFuzzTestInputs/; {@code JAZZER_FUZZ=1 mvn test -Dtest=RecordFuzzTest} fuzzes. Any bytes give a value
 * that encodes and decodes to itself, or a RecordFormatException.
 */
class RecordFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void journal(byte[] data) throws RecordFormatException {
        JournalCodec codec = new JournalCodec();
        InstallState s;
        try {
            s = codec.decode(data);
        } catch (RecordFormatException expected) {
            return;
        }
        if (!codec.decode(codec.encode(s)).equals(s)) {
            throw new IllegalStateException("journal does not round-trip: " + s);
        }
    }

    @FuzzTest(maxDuration = "60s")
    void status(byte[] data) throws RecordFormatException {
        DeviceStatusCodec codec = new DeviceStatusCodec();
        DeviceStatus s;
        try {
            s = codec.decode(data);
        } catch (RecordFormatException expected) {
            return;
        }
        if (!codec.decode(codec.encode(s)).equals(s)) {
            throw new IllegalStateException("status does not round-trip");
        }
    }
}
