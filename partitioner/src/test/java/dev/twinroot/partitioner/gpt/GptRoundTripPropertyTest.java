package dev.twinroot.partitioner.gpt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.twinroot.partitioner.MemoryDisk;
import java.io.IOException;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class GptRoundTripPropertyTest {

    @Test
    void parseOfWriteIsTheTableAndWriteOfParseIsTheBytes() throws IOException {
        Random r = new Random(20261128);
        for (int i = 0; i < 400; i++) {
            GptTable t = RandomTables.gpt(r);
            MemoryDisk disk = RandomTables.disk(t);

            GptReading reading = GptReader.read(disk);
            assertEquals(List.of(), reading.problems(), "iteration " + i);
            assertEquals(t, reading.table().orElseThrow(), "iteration " + i);

            MemoryDisk again = RandomTables.disk(reading.table().orElseThrow());
            assertArrayEquals(disk.bytes(), again.bytes(), "iteration " + i);
        }
    }

    @Test
    void theBackupAloneGivesTheSameTable() throws IOException {
        Random r = new Random(7);
        for (int i = 0; i < 200; i++) {
            GptTable t = RandomTables.gpt(r);
            MemoryDisk disk = RandomTables.disk(t);
            disk.write(1, new byte[t.sectorSize()]);
            GptReading reading = GptReader.read(disk);
            assertEquals(t, reading.table().orElseThrow(), "iteration " + i);
            assertEquals(false, reading.primary().intact());
        }
    }
}
