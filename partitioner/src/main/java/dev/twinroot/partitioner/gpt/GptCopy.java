package dev.twinroot.partitioner.gpt;

import java.util.List;
import java.util.Optional;

/**
 * What was found at one copy's location: the header if it passed its checks, the entries if their CRC
 * matched too, and the problems otherwise.
 */
public record GptCopy(String name, long lba, Optional<GptHeader> header, Optional<List<GptEntry>> entries, List<String> damage) {

    public GptCopy {
        entries = entries.map(List::copyOf);
        damage = List.copyOf(damage);
    }

    public boolean intact() {
        return header.isPresent() && entries.isPresent() && damage.isEmpty();
    }
}
