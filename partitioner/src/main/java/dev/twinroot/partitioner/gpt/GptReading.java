package dev.twinroot.partitioner.gpt;

import dev.twinroot.partitioner.mbr.MbrTable;
import java.util.List;
import java.util.Optional;

/**
 * Everything read from a GPT disk: the MBR in LBA 0, both copies, the table taken from the first intact
 * copy (primary, else backup), and every problem found, one line each.
 */
public record GptReading(int sectorSize, long diskSectors, MbrTable mbr, List<String> mbrProblems,
                         GptCopy primary, GptCopy backup, List<String> problems, Optional<GptTable> table) {

    public GptReading {
        mbrProblems = List.copyOf(mbrProblems);
        problems = List.copyOf(problems);
    }

    public boolean valid() {
        return problems.isEmpty() && table.isPresent();
    }
}
