package org.chillflow.web.security;

/**
 * Application roles. server.xml maps groups onto them so that each role includes the ones below it:
 * admin ⊃ operator ⊃ viewer.
 */
public final class Roles {

    /** Read everything. */
    public static final String VIEWER = "viewer";
    /** Start, stop and restart jobs and replays. */
    public static final String OPERATOR = "operator";
    /** Everything, including users' schedules. */
    public static final String ADMIN = "admin";

    private Roles() {
    }
}
