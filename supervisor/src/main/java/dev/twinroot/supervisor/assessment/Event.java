package dev.twinroot.supervisor.assessment;

/** What happened while a state's actions ran. */
public sealed interface Event {

    /** The actions are done (states without health checks). */
    record Proceed() implements Event {
    }

    record ChecksPassed() implements Event {
    }

    record ChecksFailed(String reason) implements Event {
    }

    record DeadlinePassed(String reason) implements Event {
    }

    /** An operator committed an unhealthy slot by hand ({@code POST /v1/mark-good}). */
    record MarkedGoodByHand() implements Event {
    }
}
