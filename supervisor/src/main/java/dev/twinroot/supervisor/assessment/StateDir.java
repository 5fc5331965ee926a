package dev.twinroot.supervisor.assessment;

import dev.twinroot.supervisor.AtomicFiles;
import dev.twinroot.supervisor.RecordException;
import dev.twinroot.updater.json.JsonObject;
import dev.twinroot.updater.json.JsonShapeException;
import dev.twinroot.updater.json.JsonTree;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The supervisor's directory on the data partition, {@code <dataDir>/twinroot}:
 *
 * <pre>
 * assessment.json            the current assessment state (written before acting on it)
 * pending-update.json        written by the installer, removed on commit or rollback
 * last-update.json           how the last update ended
 * trial-logs/                the supervisor's log of each boot of a slot on trial
 * rollbacks/ID/rollback.json a fallback and its reason; rollbacks/ID/logs/ the failed boots' logs
 * log/                       the supervisor's rotating JSON log
 * </pre>
 *
 * Layout and fields: {@code docs/formats/state-records.md}.
 */
public final class StateDir implements AssessmentRecords {

    /** Rollback records kept; older ones are removed so the data partition cannot fill up with them. */
    static final int MAX_ROLLBACKS = 10;
    static final long MAX_RECORD_BYTES = 1024 * 1024;

    private final Path dataDir;
    private final Path root;

    public StateDir(Path dataDir) {
        this.dataDir = dataDir;
        this.root = dataDir.resolve("twinroot");
    }

    /** The data directory this one sits in, where the updater keeps its own records. */
    public Path dataDir() {
        return dataDir;
    }

    public Path root() {
        return root;
    }

    public Path logDir() {
        return root.resolve("log");
    }

    Path assessmentFile() {
        return root.resolve("assessment.json");
    }

    public Path pendingFile() {
        return root.resolve("pending-update.json");
    }

    Path lastUpdateFile() {
        return root.resolve("last-update.json");
    }

    Path trialLogDir() {
        return root.resolve("trial-logs");
    }

    Path rollbackDir() {
        return root.resolve("rollbacks");
    }

    @Override
    public Optional<AssessmentState> loadAssessment() throws IOException {
        return read(assessmentFile(), StateRecordCodec::assessment);
    }

    @Override
    public void saveAssessment(AssessmentState state) throws IOException {
        AtomicFiles.write(assessmentFile(), JsonTree.write(StateRecordCodec.assessment(state)));
    }

    /** Keeps the unreadable record as {@code assessment.json.unreadable} for a human. */
    @Override
    public void setAsideAssessment() throws IOException {
        Path file = assessmentFile();
        if (Files.exists(file)) {
            Files.move(file, root.resolve("assessment.json.unreadable"), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * Records the update about to be made primary: from now on its slot boots on trial. The installer's side
     * writes it before it flips the boot order, so no power cut can let the new slot boot as committed.
     */
    public void savePending(PendingUpdate update) throws IOException {
        Files.createDirectories(root);
        AtomicFiles.write(pendingFile(), JsonTree.write(StateRecordCodec.pending(update)));
    }

    @Override
    public Optional<PendingUpdate> loadPending() throws IOException {
        return read(pendingFile(), StateRecordCodec::pending);
    }

    public Optional<UpdateOutcome> lastUpdate() throws IOException {
        return read(lastUpdateFile(), StateRecordCodec::outcome);
    }

    @Override
    public Path trialLog(String name) {
        return trialLogDir().resolve(name + ".log");
    }

    @Override
    public void recordSuccess(AssessmentState.Trial trial, String slot, Instant at) throws IOException {
        Optional<PendingUpdate> u = trial.update();
        UpdateOutcome outcome = new UpdateOutcome(UpdateOutcome.Result.SUCCESS, u.map(PendingUpdate::version),
                u.flatMap(PendingUpdate::fromVersion), slot, at, Optional.empty(), trial.attempts().size());
        AtomicFiles.write(lastUpdateFile(), JsonTree.write(StateRecordCodec.outcome(outcome)));
        deletePendingFor(slot);
    }

    @Override
    public void recordRollback(Rollback rollback) throws IOException {
        Path dir = rollbackDir().resolve(rollback.id());
        AtomicFiles.write(dir.resolve("rollback.json"), JsonTree.write(StateRecordCodec.rollback(rollback)));
        Path logs = dir.resolve("logs");
        if (Files.isDirectory(trialLogDir()) && !Files.exists(logs)) {
            // One rename on the same file system: the logs are either still in trial-logs or in the record.
            Files.move(trialLogDir(), logs, StandardCopyOption.ATOMIC_MOVE);
            AtomicFiles.syncDirectory(root);
            AtomicFiles.syncDirectory(dir);
        }
        Optional<PendingUpdate> u = rollback.update();
        UpdateOutcome outcome = new UpdateOutcome(UpdateOutcome.Result.ROLLED_BACK, u.map(PendingUpdate::version),
                u.flatMap(PendingUpdate::fromVersion), rollback.failedSlot(), rollback.at(),
                Optional.of(rollback.reason()), rollback.attempts().size());
        AtomicFiles.write(lastUpdateFile(), JsonTree.write(StateRecordCodec.outcome(outcome)));
        deletePendingFor(rollback.failedSlot());
        pruneRollbacks();
    }

    @Override
    public void discardTrialLogs() throws IOException {
        deleteTree(trialLogDir());
    }

    /** Rollback records, newest first; unreadable ones are skipped. */
    public List<Rollback> rollbacks() throws IOException {
        List<Rollback> out = new ArrayList<>();
        for (Path dir : rollbackDirs()) {
            try {
                read(dir.resolve("rollback.json"), StateRecordCodec::rollback).ifPresent(out::add);
            } catch (RecordException e) {
                // A damaged old record must not hide the others.
            }
        }
        out.sort(Comparator.comparing(Rollback::at).reversed());
        return out;
    }

    /** Rollback directories, oldest first (their names start with a UTC timestamp). */
    private List<Path> rollbackDirs() throws IOException {
        if (!Files.isDirectory(rollbackDir())) {
            return List.of();
        }
        List<Path> dirs = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(rollbackDir(), Files::isDirectory)) {
            ds.forEach(dirs::add);
        }
        dirs.sort(Comparator.comparing(p -> p.getFileName().toString()));
        return dirs;
    }

    private void pruneRollbacks() throws IOException {
        List<Path> dirs = rollbackDirs();
        for (int i = 0; i < dirs.size() - MAX_ROLLBACKS; i++) {
            deleteTree(dirs.get(i));
        }
    }

    private void deletePendingFor(String slot) throws IOException {
        Optional<PendingUpdate> pending;
        try {
            pending = loadPending();
        } catch (RecordException e) {
            pending = Optional.empty();
            Files.deleteIfExists(pendingFile());
        }
        if (pending.isPresent() && pending.get().targetSlot().equals(slot)) {
            Files.deleteIfExists(pendingFile());
            AtomicFiles.syncDirectory(root);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** How one record is built from its JSON object. */
    private interface Decoder<T> {
        T decode(JsonObject o) throws JsonShapeException;
    }

    private static <T> Optional<T> read(Path file, Decoder<T> decoder) throws IOException {
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_RECORD_BYTES) {
                throw new RecordException(file + ": larger than " + MAX_RECORD_BYTES + " bytes", null);
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        try {
            return Optional.of(decoder.decode(JsonTree.readObject(bytes)));
        } catch (JsonShapeException e) {
            throw new RecordException(file + ": unreadable record: " + e.getMessage(), e);
        }
    }
}
