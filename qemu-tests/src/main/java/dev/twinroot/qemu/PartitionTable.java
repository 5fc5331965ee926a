package dev.twinroot.qemu;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the partitions of a disk image are, as {@code sfdisk --json} reports them (GPT or MBR). Deliberately this
 * one small class: when the project's own partitioner lands it replaces this, and nothing else changes.
 */
final class PartitionTable {

    private static final Pattern TRAILING_NUMBER = Pattern.compile("(\\d+)$");

    /** One partition: its number (1-based), byte range and GPT name (MBR has none). */
    record Partition(int number, long offset, long size, Optional<String> name) {
    }

    private final List<Partition> partitions;

    private PartitionTable(List<Partition> partitions) {
        this.partitions = List.copyOf(partitions);
    }

    static PartitionTable read(Path image) throws IOException {
        String json = QemuTools.SFDISK.run(List.of("--json", image.toString()), Duration.ofSeconds(30))
                .requireSuccess().stdout();
        return parse(json, image.toString());
    }

    static PartitionTable parse(String json, String what) throws QemuException {
        JsonNode table;
        try {
            JsonNode root = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readTree(json);
            table = root == null ? null : root.get("partitiontable");
        } catch (JsonProcessingException e) {
            throw new QemuException(what + ": sfdisk --json printed no JSON: " + e.getOriginalMessage(), e);
        }
        if (table == null || !table.isObject()) {
            throw new QemuException(what + ": sfdisk --json printed no 'partitiontable' object");
        }
        long sector = table.path("sectorsize").asLong(512);
        if (sector < 512 || sector > 65536 || Long.bitCount(sector) != 1) {
            throw new QemuException(what + ": sector size " + sector + " is not a power of two in 512..65536");
        }
        List<Partition> parts = new ArrayList<>();
        for (JsonNode p : table.path("partitions")) {
            Matcher m = TRAILING_NUMBER.matcher(p.path("node").asText(""));
            if (!m.find() || !p.path("start").canConvertToLong() || !p.path("size").canConvertToLong()) {
                throw new QemuException(what + ": a partition entry lacks node number, start or size");
            }
            long start = p.path("start").asLong();
            long size = p.path("size").asLong();
            if (start < 0 || size <= 0 || m.group(1).length() > 3) {
                throw new QemuException(what + ": partition " + m.group(1) + " has start " + start + ", size " + size);
            }
            String name = p.path("name").asText("");
            try {
                long offset = Math.multiplyExact(start, sector);
                long bytes = Math.multiplyExact(size, sector);
                Math.addExact(offset, bytes);
                parts.add(new Partition(Integer.parseInt(m.group(1)), offset, bytes,
                        name.isEmpty() ? Optional.empty() : Optional.of(name)));
            } catch (ArithmeticException e) {
                throw new QemuException(what + ": partition " + m.group(1) + " ends beyond 2^63 bytes");
            }
        }
        return new PartitionTable(parts);
    }

    List<Partition> partitions() {
        return partitions;
    }

    Partition byNumber(int number) throws QemuException {
        return partitions.stream().filter(p -> p.number() == number).findFirst()
                .orElseThrow(() -> new QemuException("no partition " + number + "; the table has " + summary()));
    }

    Partition byName(String name) throws QemuException {
        return partitions.stream().filter(p -> p.name().equals(Optional.of(name))).findFirst()
                .orElseThrow(() -> new QemuException("no partition named '" + name + "'; the table has " + summary()));
    }

    private String summary() {
        return partitions.isEmpty() ? "no partitions" : partitions.stream()
                .map(p -> p.number() + p.name().map(n -> " (" + n + ")").orElse(""))
                .reduce((a, b) -> a + ", " + b).orElseThrow();
    }
}
