package dev.twinroot.updater.bundle;

/**
 * A correctly signed bundle that this device must not install (wrong device type, downgrade, slot too
 * small...). The subtypes in {@code dev.twinroot.updater.policy} name each rule.
 */
public class PolicyException extends BundleException {

    private static final long serialVersionUID = 1L;

    protected PolicyException(String message) {
        super(message);
    }
}
