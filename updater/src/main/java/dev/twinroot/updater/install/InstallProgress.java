package dev.twinroot.updater.install;

/** Told what an install is doing; the CLI prints it as text or JSON lines. */
public interface InstallProgress {

    InstallProgress NONE = new InstallProgress() {
        @Override
        public void state(InstallState state) {
        }

        @Override
        public void bytes(String phase, long done, long total) {
        }
    };

    /** The journal now says {@code state}; the action it names is about to start. */
    void state(InstallState state);

    /** One line about the install that is neither a state nor bytes, e.g. what {@link SlotPreparation} did. */
    default void note(String line) {
    }

    /** {@code done} of {@code total} bytes of {@code phase} ("write", "apply", "resume", "verify", "hash-source"). */
    void bytes(String phase, long done, long total);
}
