package org.chillflow.core.trip.quality;

/** What a data-quality rule does to a row it matches. */
public enum DqAction {
    /** The row is kept unchanged and not counted (documented decisions that need no mark). */
    KEEP,
    /** The row is kept and the rule is counted, so the report shows how many such rows passed. */
    FLAG,
    /** The row goes to the rejects file with the rule's name and reason, and is counted. */
    REJECT
}
