package dev.twinroot.supervisor.grow;

/** Makes the data partition fill its disk; never throws: a failure is the result it reports. */
@FunctionalInterface
public interface DataGrower {

    DataGrowth grow();
}
