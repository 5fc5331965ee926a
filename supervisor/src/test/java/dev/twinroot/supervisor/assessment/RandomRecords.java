package dev.twinroot.supervisor.assessment;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/** Random state records for property tests: texts with quotes and non-ASCII, instants with and without millis. */
public final class RandomRecords {

    private final Random random;

    public RandomRecords(Random random) {
        this.random = random;
    }

    public List<AssessmentState.Attempt> attempts() {
        List<AssessmentState.Attempt> out = new ArrayList<>();
        for (int i = random.nextInt(4); i > 0; i--) {
            out.add(new AssessmentState.Attempt(text(), instant(), maybe(text())));
        }
        return out;
    }

    public PendingUpdate pending() {
        return new PendingUpdate(text(), maybe(text()), slot(), instant());
    }

    public Rollback rollback() {
        return new Rollback(text(), slot(), slot(), maybe(pending()), text(), attempts(), instant());
    }

    public UpdateOutcome outcome() {
        return new UpdateOutcome(random.nextBoolean() ? UpdateOutcome.Result.SUCCESS : UpdateOutcome.Result.ROLLED_BACK,
                maybe(text()), maybe(text()), slot(), instant(), maybe(text()), random.nextInt(5));
    }

    public <T> Optional<T> maybe(T value) {
        return random.nextBoolean() ? Optional.of(value) : Optional.empty();
    }

    public String text() {
        return "t" + random.nextInt(1000) + (random.nextBoolean() ? " \"quoted\" \u00e9\n\t" : "");
    }

    public String slot() {
        return random.nextBoolean() ? "A" : "B";
    }

    public Instant instant() {
        return Instant.ofEpochSecond(1_700_000_000L + random.nextInt(100_000_000), random.nextInt(3) * 1_000_000L);
    }
}
