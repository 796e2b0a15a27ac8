package dev.agentfleet.canary.rollout;

/** Where a rollout is. Only {@link #PROGRESSING} rollouts are ticked. */
public enum Phase {
    /** Shifting traffic step by step while the candidate passes its checks. */
    PROGRESSING,
    /** The candidate serves 100 % and is the new stable revision. */
    PROMOTED,
    /** The candidate failed (checks, deadline); the stable revision serves 100 %. */
    ROLLED_BACK,
    /** Stopped by a user; the stable revision serves 100 %. */
    ABORTED;

    public boolean finished() {
        return this != PROGRESSING;
    }
}
