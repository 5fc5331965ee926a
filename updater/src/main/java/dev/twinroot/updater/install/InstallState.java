package dev.twinroot.updater.install;

/**
 * Where an install is, as the journal stores it. Each state names the action about to be taken; the journal is
 * written before the action, so after a power cut the state says what may have been half done. Transitions live
 * in one place: {@link Installer}'s {@code step}.
 */
public sealed interface InstallState {

    InstallTarget target();

    /** The name in the journal. */
    String wireName();

    /** Nothing more will happen to this install. */
    default boolean finished() {
        return false;
    }

    /** About to mark the target slot bad, so no boot can pick it while it is written. */
    record MarkingBad(InstallTarget target) implements InstallState {
        public String wireName() {
            return "mark-bad";
        }
    }

    /** The target is bad; its bytes are being written. */
    record Writing(InstallTarget target) implements InstallState {
        public String wireName() {
            return "write";
        }
    }

    /** Every byte was written and flushed; reading the whole image back to check its SHA-256. */
    record VerifyingTarget(InstallTarget target) implements InstallState {
        public String wireName() {
            return "verify-target";
        }
    }

    /** The target verified; making it primary for the next boot. Safe to redo after a power cut. */
    record Activating(InstallTarget target) implements InstallState {
        public String wireName() {
            return "activate";
        }
    }

    /** Done: the target boots next; the new system must still prove healthy and be marked good. */
    record RebootPending(InstallTarget target) implements InstallState {
        public String wireName() {
            return InstallRecord.REBOOT_PENDING;
        }

        @Override
        public boolean finished() {
            return true;
        }
    }

    /** The bundle's content or the written slot was wrong; the target stays marked bad. */
    record Failed(InstallTarget target, String reason) implements InstallState {
        public String wireName() {
            return "failed";
        }

        @Override
        public boolean finished() {
            return true;
        }
    }

    /** An interrupted install was given up; the target stays marked bad. */
    record Abandoned(InstallTarget target, String reason) implements InstallState {
        public String wireName() {
            return "abandoned";
        }

        @Override
        public boolean finished() {
            return true;
        }
    }
}
