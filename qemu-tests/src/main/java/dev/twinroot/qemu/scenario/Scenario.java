package dev.twinroot.qemu.scenario;

/**
 * One end-to-end story told against emulated devices, e.g. {@code [full-update]}: build or take an image,
 * power on, act, cut power, check. A scenario throws to fail; anything it returns from is a pass. Scenarios are
 * registered in {@link Scenarios}, which both {@code twinroot qemu test} and the JUnit suite (tag {@code qemu})
 * run.
 */
public interface Scenario {

    /** The id people type and read in summaries, without brackets: {@code uboot-console}. */
    String id();

    /** One line saying what the scenario proves. */
    String summary();

    void run(ScenarioContext context) throws Exception;
}
